import type { PhoneNumber } from '../../phone.js';
import type { Operation } from '../../workflow/index.js';
import { input, radioButtons } from '../kit/blocks.js';
import { Reader, type FormReading } from '../kit/formReader.js';
import type { ViewStateValues } from '../kit/payloads.js';
import { FIELDS, VIEWS } from '../kit/ids.js';
import type { Catalog } from '../i18n/index.js';
import { OPERATION_LIST, type Prefill } from '../changeForms/index.js';
import { encodeOrigin, type FormOrigin } from '../kit/origin.js';
import type { Voice } from '../kit/voice.js';
import { numbersField } from '../kit/fields.js';

/** What the picker offers: a lookup, and every change operation. */
type PickedOperation = 'lookup' | Operation;

interface PickerForm {
  operation: PickedOperation;
  /** The numbers written, each once (a lookup: exactly one); absent when none was. */
  phones?: PhoneNumber[];
}

const choicesOf = (t: Catalog, lookup: boolean) => [
  ...(lookup ? [{ text: t.lookupName, value: 'lookup' }] : []),
  ...OPERATION_LIST.map((operation) => ({ text: t.operations[operation.operation].name, value: operation.operation })),
];

/**
 * Bare `/freebit`: what to do, and (optionally here) the number or numbers. "Next" opens the
 * operation's own form. Opened with several numbers (the message shortcut's button), it offers
 * only the changes: a lookup takes one number.
 */
export function operationPickerModal(
  voice: Voice,
  origin: FormOrigin,
  context: { bulkMaxLines: number },
  phones: readonly PhoneNumber[] = [],
) {
  const { t } = voice;
  const several = phones.length > 1;
  return voice.modal({
    callbackId: VIEWS.operationPicker,
    title: t.titles.picker,
    submit: t.submit.next,
    privateMetadata: encodeOrigin(origin),
    blocks: [
      input({
        blockId: FIELDS.operation.block,
        label: t.intro.picker,
        element: radioButtons({
          actionId: FIELDS.operation.action,
          choices: choicesOf(t, !several),
          ...(several ? {} : { initialValue: 'lookup' }),
        }),
      }),
      numbersField(t, phones, context.bulkMaxLines, { optional: true }),
    ],
  });
}

export function readPickerForm(values: ViewStateValues, t: Catalog, maxLines: number): FormReading<PickerForm> {
  const read = new Reader(values, t);
  const chosen = read.option('operation');
  const operation =
    (['lookup', ...OPERATION_LIST.map((each) => each.operation)] as const).find((each) => each === chosen) ??
    read.failWith('operation', t.fieldErrors.operationRequired);
  // Only a lookup needs the number here, and takes one; the other forms ask for theirs themselves.
  const lookup = operation === 'lookup';
  const phones = read.phones('phone', lookup, maxLines);
  if (lookup && phones && phones.length > 1) read.failWith('phone', t.bulkForms.fieldErrors.lookUpOne);
  return read.result(() => ({ operation: operation!, ...(phones && phones.length > 0 ? { phones } : {}) }));
}

/** What the chosen operation's form is opened with: the numbers given in the picker. */
export function prefillOfPicker(phones: readonly PhoneNumber[] | undefined): Prefill {
  if (!phones || phones.length === 0) return {};
  return phones.length === 1 ? { phone: phones[0]! } : { phones };
}
