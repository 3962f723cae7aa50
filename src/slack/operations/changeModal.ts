import type { PhoneNumber } from '../../phone.js';
import { section, type Block, type ModalView } from '../kit/blocks.js';
import type { Mrkdwn } from '../i18n/index.js';
import { encodeOrigin, type FormOrigin } from '../kit/origin.js';
import { phoneField, reasonField } from '../requestForms/fields.js';
import type { Voice } from '../kit/voice.js';

/**
 * A change request's modal, the same for every operation: what it means (its intro), the
 * number, the operation's own fields, and the reason the approver reads; "Request" sends it.
 */
export function changeModal(
  voice: Voice,
  form: { callbackId: string; words: { title: string; intro: Mrkdwn }; phone: PhoneNumber | undefined; fields: readonly Block[]; origin: FormOrigin },
): ModalView {
  const { t } = voice;
  return voice.modal({
    callbackId: form.callbackId,
    title: form.words.title,
    submit: t.submit.request,
    privateMetadata: encodeOrigin(form.origin),
    blocks: [section(form.words.intro), phoneField(t, form.phone), ...form.fields, reasonField(t)],
  });
}
