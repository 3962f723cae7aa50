import type { FreebitDate } from '../../dates.js';
import type { PhoneNumber } from '../../phone.js';
import { section } from '../blocks.js';
import { FIELDS, VIEWS } from '../ids.js';
import { encodeOrigin, type FormOrigin } from '../origin.js';
import type { Voice } from '../voice.js';
import { dateField, phoneField, reasonField } from './fields.js';

/** PA02-04 as a request: number, optional run date (empty: as soon as possible), reason. */
export function cancellationModal(voice: Voice, prefill: { phone?: PhoneNumber; runDate?: FreebitDate }, origin: FormOrigin) {
  const { t } = voice;
  return voice.modal({
    callbackId: VIEWS.cancellation,
    title: t.titles.cancellation,
    submit: t.submit.request,
    privateMetadata: encodeOrigin(origin),
    blocks: [
      section(t.intro.cancellation),
      phoneField(t, prefill.phone),
      dateField({ blockId: FIELDS.runDate.block, actionId: FIELDS.runDate.action, label: t.fields.runDate, hint: t.fields.runDateHint, initial: prefill.runDate }),
      reasonField(t),
    ],
  });
}
