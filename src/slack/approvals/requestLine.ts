import type { ApprovalRequest } from '../../workflow/index.js';
import { esc, md, type Mrkdwn } from '../i18n/index.js';
import { mention } from '../i18n/speak.js';
import type { Voice } from '../kit/voice.js';
import { progressOf, summaryOf, timeOf } from './phrasing.js';

/** A request in one line (App Home, history): the same shape in every language; once approved, where its lines stand (`progressOf`). */
export function requestLine(voice: Voice, request: ApprovalRequest): Mrkdwn {
  const { t } = voice;
  const line = md`*${esc(request.id)}* · ${summaryOf(request, t)} · *${t.approval.requestStates[request.state]}*\n${mention(t, request.requesterId)} · ${timeOf(request.createdAt)}`;
  const progress = progressOf(request, t);
  return progress ? md`${line}\n${progress}` : line;
}
