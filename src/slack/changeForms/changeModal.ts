import { section, type Block, type ModalView } from '../kit/blocks.js';
import type { Mrkdwn } from '../i18n/index.js';
import { encodeOrigin, type FormOrigin } from '../kit/origin.js';
import { numbersField, reasonField } from '../kit/fields.js';
import type { Voice } from '../kit/voice.js';
import type { FormContext, Prefill } from './operation.js';

/**
 * A change request's modal, the same for every operation: what it means (its intro), the
 * number (or several: one request for many lines), the operation's own fields, and the reason
 * the approver reads; "Request" sends it.
 */
export function changeModal(
  voice: Voice,
  form: {
    callbackId: string;
    words: { title: string; intro: Mrkdwn };
    prefill: Prefill;
    fields: readonly Block[];
    origin: FormOrigin;
    context: Pick<FormContext, 'bulkMaxLines'>;
  },
): ModalView {
  const { t } = voice;
  const { phone, phones, reason } = form.prefill;
  return voice.modal({
    callbackId: form.callbackId,
    title: form.words.title,
    submit: t.submit.request,
    privateMetadata: encodeOrigin(form.origin),
    blocks: [
      section(form.words.intro),
      numbersField(t, phones ?? (phone ? [phone] : []), form.context.bulkMaxLines),
      ...form.fields,
      reasonField(t, reason),
    ],
  });
}
