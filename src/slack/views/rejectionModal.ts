import { z } from 'zod';
import type { ApprovalRequest } from '../../workflow/index.js';
import { input, section, textInput } from '../blocks.js';
import { FIELDS, VIEWS } from '../ids.js';
import { decodeOrigin, encodeOrigin, type FormOrigin } from '../origin.js';
import type { Voice } from '../voice.js';
import { summaryOf } from '../approvals/words.js';

/** Where a rejection came from: the form's origin, the request, and whether it was App Home. */
export interface RejectionOrigin extends FormOrigin {
  requestId: string;
  onHome?: boolean;
}

/** Reject…: the approver writes why; the requester reads it in the request's thread. */
export function rejectionModal(voice: Voice, request: ApprovalRequest, origin: FormOrigin & { onHome?: boolean }) {
  const { t } = voice;
  const said = t.approval.rejectModal;
  return voice.modal({
    callbackId: VIEWS.rejectRequest,
    title: said.title,
    submit: said.submit,
    privateMetadata: encodeRejection({ ...origin, requestId: request.id }),
    blocks: [
      section(said.intro(request.id, summaryOf(request, t), request.requesterId)),
      input({
        blockId: FIELDS.rejectionReason.block,
        label: said.reason,
        element: textInput({ actionId: FIELDS.rejectionReason.action, multiline: true, placeholder: said.placeholder, maxLength: 500 }),
      }),
    ],
  });
}

const extra = z.object({ q: z.string().regex(/^FR-[0-9A-Z]{5}$/), h: z.literal(1).optional() });

export function encodeRejection(origin: RejectionOrigin): string {
  return JSON.stringify({ ...(JSON.parse(encodeOrigin(origin)) as object), q: origin.requestId, ...(origin.onHome ? { h: 1 } : {}) });
}

/** `undefined` when the metadata names no request (nothing to reject). */
export function decodeRejection(metadata: string | undefined): RejectionOrigin | undefined {
  let json: unknown;
  try {
    json = JSON.parse(metadata || '{}');
  } catch {
    return undefined;
  }
  const parsed = extra.safeParse(json);
  if (!parsed.success) return undefined;
  return { ...decodeOrigin(metadata), requestId: parsed.data.q, ...(parsed.data.h ? { onHome: true } : {}) };
}
