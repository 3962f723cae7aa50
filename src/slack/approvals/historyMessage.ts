import { REQUEST_STATES } from '../../workflow/index.js';
import type { ApprovalDesk } from '../deps.js';
import { context, header, section, type Block, type MessageBody } from '../kit/blocks.js';
import { esc, joinMd, md, type Mrkdwn, type TrailAction } from '../i18n/index.js';
import type { LineTrailAction } from '../i18n/catalog.js';
import { mention } from '../i18n/speak.js';
import { clip } from '../kit/limits.js';
import { clipMrkdwn } from '../kit/rows.js';
import type { Voice } from '../kit/voice.js';
import { failureDetailOf, lineFailureOf, lineShown, thisLineOf, timeOf } from './phrasing.js';
import { requestLine } from './requestLine.js';

export type LineHistory = Awaited<ReturnType<ApprovalDesk['historyOf']>>;

// Ten requests, two blocks each, stay far inside a message's 50 blocks; older ones are counted.
const SHOWN = 10;
// The transitions the trail shows: asking, a counted approval, a reminder, and every state a request can reach.
const TRAIL_ACTIONS = new Set<string>(['requested', 'approval_counted', 'reminded', ...REQUEST_STATES] satisfies TrailAction[]);
// A request for several lines adds each line's own steps, on that line's trail.
const LINE_TRAIL_ACTIONS = new Set<string>([
  'line_requested',
  'line_accepted',
  'line_failed',
  'line_completed',
  'line_stuck',
] satisfies LineTrailAction[]);

/**
 * `/freebit history <phone>`: every request for the line, newest first, each with what
 * became of it, step by step from the audit trail (who, what, when). Pure. A request for
 * several lines the line was part of shows as the request (its count, its progress) and this
 * line's own state, with this line's own steps.
 */
export function historyMessage(voice: Voice, phone: string, history: LineHistory): MessageBody {
  const { t } = voice;
  const said = t.approval.history;
  const shown = esc(phone);
  if (history.length === 0) return voice.message(said.none(shown));
  const blocks: Block[] = [header(said.header(shown))];
  for (const entry of history.slice(0, SHOWN)) {
    const line = entry.request ? lineShown(entry.request, phone) : undefined;
    const part = entry.request && line ? thisLineOf(entry.request, line, t) : undefined;
    if (entry.request && part) blocks.push(section(md`${requestLine(voice, entry.request)}\n${part}`));
    else if (entry.request) blocks.push(section(requestLine(voice, entry.request)));
    else blocks.push(section(md`*${esc(entry.requestId)}*`));
    const steps = entry.trail
      .filter((step) => TRAIL_ACTIONS.has(step.action) || LINE_TRAIL_ACTIONS.has(step.action))
      .map((step) => {
        const who = mention(t, step.actor);
        const stepSaid = LINE_TRAIL_ACTIONS.has(step.action)
          ? t.requestLines.trailSteps[step.action as LineTrailAction](who, timeOf(step.at))
          : t.approval.trailSteps[step.action as TrailAction](who, timeOf(step.at));
        // The reason given when asking or rejecting, and why a change was not done, belong to the story.
        // Why it was not done is worded from the request (in the reader's language) when it can be:
        // the trail keeps the domain's English sentence.
        const worded =
          step.action === 'failed' && entry.request
            ? failureDetailOf(entry.request, t)
            : step.action === 'line_failed' && entry.request && line
              ? lineFailureOf(line, entry.request.change, t)
              : undefined;
        const detail: Mrkdwn | undefined = worded
          ? clipMrkdwn(worded, 200)
          : step.detail && ['requested', 'line_requested', 'rejected', 'failed', 'line_failed'].includes(step.action)
            ? esc(clip(step.detail, 200))
            : undefined;
        return detail === undefined ? stepSaid : t.approval.trailDetail(stepSaid, detail);
      });
    if (steps.length > 0) blocks.push(context([joinMd(steps, '\n')]));
  }
  if (history.length > SHOWN) blocks.push(context([said.more(history.length - SHOWN)]));
  return voice.message(said.header(shown), blocks);
}
