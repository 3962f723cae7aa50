import type { ApprovalRequest } from '../../workflow/index.js';
import { actions, button, context, divider, header, section, type Block } from '../kit/blocks.js';
import { ACTIONS, BLOCKS } from '../kit/ids.js';
import { esc, md, type Mrkdwn } from '../i18n/index.js';
import type { Voice } from '../kit/voice.js';
import { approvalButtons } from '../approvals/approvalMessage.js';
import { helpText } from '../help.js';
import { requestLine } from '../approvals/requestLine.js';
import { timeOf, whenAskedOf } from '../approvals/phrasing.js';

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
  refusal?: Mrkdwn;
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
    actions(BLOCKS.homeActions, [button({ text: t.home.lookUpButton, actionId: ACTIONS.homeLookUp, style: 'primary' })]),
  ];
  if (overview.approver) {
    blocks.push(divider(), header(a.home.awaiting));
    if (overview.awaitingApproval.length === 0) blocks.push(section(a.home.noneAwaiting));
    for (const request of overview.awaitingApproval) {
      blocks.push(
        section(requestLine(voice, request)),
        context([
          md`${a.labels.reason}: ${esc(request.reason)}`,
          labelled(whenAskedOf(request, t)),
          md`${a.labels.expires}: ${timeOf(request.expiresAt)}`,
        ]),
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
    if (request.state === 'pending')
      blocks.push(
        actions(`${BLOCKS.approvalActions}_${request.id}`, [
          button({ text: a.buttons.withdraw, actionId: ACTIONS.withdrawRequest, value: request.id }),
        ]),
      );
  }
  if (overview.moreMine) blocks.push(context([a.home.moreMine(overview.moreMine)]));
  blocks.push(divider(), section(helpText(t)));
  return voice.home(blocks);
}

const labelled = ({ label, value }: { label: Mrkdwn; value: Mrkdwn }) => md`${label}: ${value}`;
