import type { ApprovalRequest } from '../../workflow/index.js';
import { actions, button, context, fieldSections, header, section, type Block, type MessageBody } from '../kit/blocks.js';
import { ACTIONS, BLOCKS } from '../kit/ids.js';
import { esc, md, userMention } from '../i18n/index.js';
import { mention, people } from '../i18n/speak.js';
import type { Voice } from '../kit/voice.js';
import { lineSummary, phoneOf, statusOf, summaryOf, timeOf } from './words.js';

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
  const operation = t.operations[request.change.operation].name;
  // Once decided it is no longer a call to act: the header names the change only.
  const title = pending ? a.header(operation, phoneOf(request)) : `${operation} · ${phoneOf(request)}`;
  const approvers = request.approvals.map((each) => each.userId);
  const blocks: Block[] = [
    header(title),
    section(md`*${a.labels.change}*: ${summary}`),
    ...fieldSections([
      { label: a.labels.request, value: esc(request.id) },
      { label: a.labels.requestedBy, value: userMention(request.requesterId) },
      { label: a.labels.reason, value: esc(request.reason) },
      // An expiry only matters while someone can still act on it.
      ...(pending ? [{ label: a.labels.expires, value: timeOf(request.expiresAt) }] : []),
      { label: a.labels.lineWhenAsked, value: lineSummary(request.lineAtRequest, t) },
      { label: a.labels.approvals, value: a.approvalsSoFar(approvers.length, request.requiredApprovals, approvers.length > 0 ? people(t, approvers, 'plain') : undefined) },
    ]),
    context([md`${a.labels.requestedAt}: ${timeOf(request.createdAt)}`]),
  ];
  if (pending) {
    blocks.push(approvalButtons(voice, request, { withdraw: true }));
    blocks.push(context([a.withdrawHint]));
  } else {
    blocks.push(section(statusOf(request, t), { blockId: BLOCKS.approvalStatus }));
  }
  return voice.message(a.notification(mention(t, request.requesterId), summary), blocks);
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
