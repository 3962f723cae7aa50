import type { ContractLine } from '../../freebit/index.js';
import type { PhoneNumber } from '../../phone.js';
import { input, radioButtons, section, textInput } from '../blocks.js';
import { FIELDS, VIEWS } from '../ids.js';
import { encodeOrigin, type FormOrigin } from '../origin.js';
import type { Voice } from '../voice.js';
import { phoneField, reasonField } from './fields.js';

/** PA05-38 as a request: number, 4G or 5G, optional product number, reason. */
export function contractChangeModal(voice: Voice, prefill: { phone?: PhoneNumber; contractLine?: ContractLine }, origin: FormOrigin) {
  const { t } = voice;
  return voice.modal({
    callbackId: VIEWS.contractChange,
    title: t.titles.contractChange,
    submit: t.submit.request,
    privateMetadata: encodeOrigin(origin),
    blocks: [
      section(t.intro.contractChange),
      phoneField(t, prefill.phone),
      input({
        blockId: FIELDS.contractLine.block,
        label: t.fields.contractLine,
        element: radioButtons({
          actionId: FIELDS.contractLine.action,
          choices: [
            { text: '4G', value: '4G' },
            { text: '5G', value: '5G' },
          ],
          initialValue: prefill.contractLine,
        }),
      }),
      input({
        blockId: FIELDS.productNumber.block,
        label: t.fields.productNumber,
        optional: true,
        hint: t.fields.productNumberHint,
        element: textInput({ actionId: FIELDS.productNumber.action, placeholder: 'AB1234567890123', maxLength: 30 }),
      }),
      reasonField(t),
    ],
  });
}
