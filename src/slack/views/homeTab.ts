import { formatJapanTime } from '../../dates.js';
import type { ApprovalRequest } from '../../workflow/index.js';
import { actions, button, context, divider, escapeMrkdwn, header, section, type Block } from '../blocks.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import type { Voice } from '../voice.js';
import { approvalButtons } from '../approvals/approvalMessage.js';
import { lineSummary, summaryOf } from '../approvals/words.js';

/** What App Home lists: the person's recent requests, and for approvers what waits for them. */
export interface HomeOverview {
  mine: readonly ApprovalRequest[];
  awaitingApproval: readonly ApprovalRequest[];
  /** How many more wait for this person than `awaitingApproval` shows. */
  moreAwaiting?: number;
  /** How many more (older) requests this person made than `mine` shows. */
  moreMine?: number;
  /** The person is an approver: the "waiting for your approval" list is shown (even when empty). */
  approver: boolean;
  /** Why this person may see no line (a guest, not allowed): App Home then shows that and nothing of any line. */
  refusal?: string;
}

/** App Home: what the bot is, a way in, the person's requests and, for approvers, the pending ones with their buttons. */
export function homeTab(voice: Voice, overview: HomeOverview = { mine: [], awaitingApproval: [], approver: false }) {
  const { t } = voice;
  const a = t.approval;
  if (overview.refusal) return voice.home([header(t.home.title), section(t.home.intro), section(overview.refusal)]);
  const blocks: Block[] = [
    header(t.home.title),
    section(t.home.intro),
    section(t.home.howTo),
    actions('home_actions', [button({ text: t.home.lookUpButton, actionId: ACTIONS.homeLookUp, style: 'primary' })]),
  ];
  if (overview.approver) {
    blocks.push(divider(), header(a.home.awaiting));
    if (overview.awaitingApproval.length === 0) blocks.push(section(a.home.noneAwaiting));
    for (const request of overview.awaitingApproval) {
      blocks.push(
        section(requestLine(voice, request)),
        context([`${a.labels.reason}: ${escapeMrkdwn(request.reason)}`, `${a.labels.lineWhenAsked}: ${lineSummary(request.lineAtRequest, t)}`, `${a.labels.expires}: ${formatJapanTime(request.expiresAt)}`]),
        approvalButtons(voice, request, { withdraw: false }),
      );
    }
    if (overview.moreAwaiting) blocks.push(context([a.home.moreAwaiting(overview.moreAwaiting)]));
  }
  blocks.push(divider(), header(a.home.mine));
  if (overview.mine.length === 0) blocks.push(section(a.home.noneMine));
  for (const request of overview.mine) {
    blocks.push(section(requestLine(voice, request)));
    // The requester may take back what is still pending, from here as from the approval message.
    if (request.state === 'pending') blocks.push(actions(`${BLOCKS.approvalActions}_${request.id}`, [button({ text: a.buttons.withdraw, actionId: ACTIONS.withdrawRequest, value: request.id })]));
  }
  if (overview.moreMine) blocks.push(context([a.home.moreMine(overview.moreMine)]));
  blocks.push(divider(), section(t.usage));
  return voice.home(blocks);
}

export function requestLine(voice: Voice, request: ApprovalRequest): string {
  const { t } = voice;
  return t.approval.requestLine(request.id, summaryOf(request, t), t.approval.requestState(request.state), request.requesterId, formatJapanTime(request.createdAt));
}
