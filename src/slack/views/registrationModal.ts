import type { PhoneNumber } from '../../phone.js';
import { input, section, staticSelect } from '../blocks.js';
import { FIELDS, VIEWS } from '../ids.js';
import { encodeOrigin, type FormOrigin } from '../origin.js';
import type { Voice } from '../voice.js';
import { dateField, phoneField, reasonField } from './fields.js';

/** PA02-01 as a request: number, one of FREEBIT_PLAN_CODES, optional start date, reason. */
export function registrationModal(voice: Voice, prefill: { phone?: PhoneNumber }, planCodes: readonly string[], origin: FormOrigin) {
  const { t } = voice;
  return voice.modal({
    callbackId: VIEWS.registration,
    title: t.titles.registration,
    submit: t.submit.request,
    privateMetadata: encodeOrigin(origin),
    blocks: [
      section(t.intro.registration),
      phoneField(t, prefill.phone),
      input({
        blockId: FIELDS.planCode.block,
        label: t.fields.planCode,
        element: staticSelect({
          actionId: FIELDS.planCode.action,
          choices: planCodes.map((code) => ({ text: code, value: code })),
          // With one plan there is nothing to choose: it is chosen.
          ...(planCodes.length === 1 ? { initialValue: planCodes[0] } : {}),
        }),
      }),
      dateField({ blockId: FIELDS.startDate.block, actionId: FIELDS.startDate.action, label: t.fields.startDate, hint: t.fields.startDateHint }),
      reasonField(t),
    ],
  });
}
