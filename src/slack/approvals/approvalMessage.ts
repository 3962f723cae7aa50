import { formatJapanTime } from '../../dates.js';
import type { ApprovalRequest } from '../../workflow/index.js';
import { actions, button, context, escapeMrkdwn, fieldSections, header, section, type Block, type MessageBody } from '../blocks.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import type { Voice } from '../voice.js';
import { lineSummary, operationName, phoneOf, statusOf, summaryOf } from './words.js';

/**
 * The approval message (issue 6): what is asked, for which line as it was when asked, why,
 * by whom, until when, who approved so far; and while it is pending, Approve (behind Slack's
 * confirmation dialog naming the number and the operation), Reject and Withdraw. Once
 * decided, the buttons give way to the outcome. Pure: a request in, a message out, so
 * every update re-renders the whole message from the record.
 */
export function approvalMessage(voice: Voice, request: ApprovalRequest): MessageBody {
  const { t } = voice;
  const a = t.approval;
  const summary = summaryOf(request, t);
  const pending = request.state === 'pending';
  const title = (pending ? a.header : a.decidedHeader)(operationName(request.change.operation, t), phoneOf(request));
  const blocks: Block[] = [
    header(title),
    section(`*${a.labels.change}*: ${summary}`),
    ...fieldSections([
      { label: a.labels.request, value: request.id },
      { label: a.labels.requestedBy, value: `<@${request.requesterId}>` },
      { label: a.labels.reason, value: escapeMrkdwn(request.reason) },
      // An expiry only matters while someone can still act on it.
      ...(pending ? [{ label: a.labels.expires, value: formatJapanTime(request.expiresAt) }] : []),
      { label: a.labels.lineWhenAsked, value: lineSummary(request.lineAtRequest, t) },
      { label: a.labels.approvals, value: a.approvalsSoFar(request.approvals.length, request.requiredApprovals, request.approvals.map((each) => each.userId)) },
    ]),
    context([`${a.labels.requestedAt}: ${formatJapanTime(request.createdAt)}`]),
  ];
  if (pending) {
    blocks.push(approvalButtons(voice, request, { withdraw: true }));
    blocks.push(context([a.withdrawHint]));
  } else {
    blocks.push(section(a.status(statusOf(request)), { blockId: BLOCKS.approvalStatus }));
  }
  return voice.message(a.notification(request.requesterId, summary), blocks);
}

/** Approve and Reject (and, on the message itself, Withdraw): the value is the id, never trusted for more. */
export function approvalButtons(voice: Voice, request: ApprovalRequest, options: { withdraw: boolean }) {
  const { t } = voice;
  const a = t.approval;
  const buttons = [
    button({
      text: a.buttons.approve,
      actionId: ACTIONS.approveRequest,
      value: request.id,
      style: 'primary',
      confirm: {
        title: a.confirm.title,
        // Names the number and the operation: the dialog is the last look before Freebit is asked.
        text: a.confirm.text(summaryOf(request, t)),
        confirm: a.confirm.confirm,
        deny: a.confirm.deny,
        style: 'danger',
      },
    }),
    button({ text: a.buttons.reject, actionId: ACTIONS.rejectRequest, value: request.id, style: 'danger' }),
  ];
  if (options.withdraw) buttons.push(button({ text: a.buttons.withdraw, actionId: ACTIONS.withdrawRequest, value: request.id }));
  return actions(`${BLOCKS.approvalActions}_${request.id}`, buttons);
}
