import type { PhoneNumber } from '../../phone.js';
import type { Operation } from '../../workflow/index.js';
import { input, radioButtons } from '../kit/blocks.js';
import { Reader, type FormReading, type ViewStateValues } from './forms.js';
import { FIELDS, VIEWS } from '../kit/ids.js';
import type { Catalog } from '../i18n/index.js';
import { OPERATION_LIST } from '../operations/index.js';
import { encodeOrigin, type FormOrigin } from '../kit/origin.js';
import type { Voice } from '../kit/voice.js';
import { phoneField } from './fields.js';

/** What the picker offers: a lookup, and every change operation. */
type PickedOperation = 'lookup' | Operation;

interface PickerForm {
  operation: PickedOperation;
  phone?: PhoneNumber;
}

const choicesOf = (t: Catalog) => [
  { text: t.lookupName, value: 'lookup' },
  ...OPERATION_LIST.map((operation) => ({ text: t.operations[operation.operation].name, value: operation.operation })),
];

/** Bare `/freebit`: what to do, and (optionally here) the number. "Next" opens the operation's own form. */
export function operationPickerModal(voice: Voice, origin: FormOrigin) {
  const { t } = voice;
  return voice.modal({
    callbackId: VIEWS.operationPicker,
    title: t.titles.picker,
    submit: t.submit.next,
    privateMetadata: encodeOrigin(origin),
    blocks: [
      input({
        blockId: FIELDS.operation.block,
        label: t.intro.picker,
        element: radioButtons({ actionId: FIELDS.operation.action, choices: choicesOf(t), initialValue: 'lookup' }),
      }),
      phoneField(t, undefined, { optional: true }),
    ],
  });
}

export function readPickerForm(values: ViewStateValues, t: Catalog): FormReading<PickerForm> {
  const read = new Reader(values, t);
  const chosen = read.option('operation');
  const operation = (['lookup', ...OPERATION_LIST.map((each) => each.operation)] as const).find((each) => each === chosen) ?? read.failWith('operation', t.fieldErrors.operationRequired);
  // Only a lookup needs the number here; the other forms ask for it themselves.
  const phone = read.phone('phone', operation === 'lookup');
  return read.result(() => ({ operation: operation!, ...(phone ? { phone } : {}) }));
}
