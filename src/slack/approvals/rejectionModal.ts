import type { ApprovalRequest } from '../../workflow/index.js';
import { input, section, textInput } from '../kit/blocks.js';
import { esc } from '../i18n/index.js';
import { mention } from '../i18n/speak.js';
import { FIELDS, VIEWS } from '../kit/ids.js';
import { encodeOrigin, type FormOrigin } from '../kit/origin.js';
import type { Voice } from '../kit/voice.js';
import { summaryOf } from './phrasing.js';
import { TEXT_CAPS } from '../kit/caps.js';

/** Reject…: the approver writes why; the requester reads it in the request's thread. */
export function rejectionModal(voice: Voice, request: ApprovalRequest, origin: FormOrigin) {
  const { t } = voice;
  const said = t.approval.rejectModal;
  return voice.modal({
    callbackId: VIEWS.rejectRequest,
    title: said.title,
    submit: said.submit,
    // The origin names the request and whether it was App Home (rejectionSubmission.ts reads them back).
    privateMetadata: encodeOrigin({ ...origin, requestId: request.id }),
    blocks: [
      section(said.intro(esc(request.id), summaryOf(request, t), mention(t, request.requesterId))),
      input({
        blockId: FIELDS.rejectionReason.block,
        label: said.reason,
        element: textInput({
          actionId: FIELDS.rejectionReason.action,
          multiline: true,
          placeholder: said.placeholder,
          maxLength: TEXT_CAPS.reason,
        }),
      }),
    ],
  });
}
