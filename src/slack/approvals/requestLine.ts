import type { ApprovalRequest } from '../../workflow/index.js';
import { esc, md, type Mrkdwn } from '../i18n/index.js';
import { mention } from '../i18n/speak.js';
import type { Voice } from '../kit/voice.js';
import { hasProgress, progressOf } from './bulkWords.js';
import { summaryOf, timeOf } from './words.js';

/** A request in one line (App Home, history): the same shape in every language; a request for several lines once approved adds where its lines stand. */
export function requestLine(voice: Voice, request: ApprovalRequest): Mrkdwn {
  const { t } = voice;
  const line = md`*${esc(request.id)}* · ${summaryOf(request, t)} · *${t.approval.requestStates[request.state]}*\n${mention(t, request.requesterId)} · ${timeOf(request.createdAt)}`;
  return hasProgress(request) ? md`${line}\n${progressOf(request, t)}` : line;
}
