import { input, radioButtons } from '../blocks.js';
import { FIELDS, VIEWS } from '../ids.js';
import type { OperationName } from '../messages.js';
import { encodeOrigin, type FormOrigin } from '../origin.js';
import type { Voice } from '../voice.js';
import { phoneField } from './fields.js';

const OPERATIONS: readonly OperationName[] = ['lookup', 'cancel', 'contract', 'register'];

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
        element: radioButtons({
          actionId: FIELDS.operation.action,
          choices: OPERATIONS.map((operation) => ({ text: t.operationNames[operation], value: operation })),
          initialValue: 'lookup',
        }),
      }),
      phoneField(t, undefined, { optional: true }),
    ],
  });
}
