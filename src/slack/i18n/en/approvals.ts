import type { WorkflowErrorCode } from '../../../workflow/index.js';
import { ownSentences, type ApprovalCatalog, type CatalogSource } from '../catalog.js';
import { md } from '../mrkdwn.js';

const REFUSALS: Record<WorkflowErrorCode, string> = {
  no_approvers:
    'No approvers are configured (APPROVER_USER_IDS or APPROVER_USERGROUP_ID), so nothing destructive can be approved and the request was not recorded. Ask the bot’s operator to set approvers.',
  not_enough_approvers:
    'This operation needs more distinct approvers (APPROVALS_REQUIRED) than are configured besides you, so it could never be approved; the request was not recorded. Ask the bot’s operator to add approvers.',
  requester_not_allowed: 'You are not in the group allowed to request changes. Ask the bot’s operator to add you.',
  channel_not_allowed: 'Changes cannot be requested from here. Ask from one of the channels set up for it.',
  line_not_found: 'Freebit has no line with that number, so there is nothing to change. Check the number.',
  line_exists: 'That number is already a line at Freebit, so it cannot be registered. Look it up with `/freebit <number>`.',
  line_cancelled: 'That line is already cancelled; nothing was requested.',
  already_on_contract_line: 'The line is already on that contract line type; nothing was requested.',
  change_in_progress: 'The line already has a change in progress at Freebit. Wait until it completes, then ask again.',
  open_request_exists: 'The line already has an open request. Follow that one, or ask its requester to withdraw it first.',
  request_not_found: 'That request no longer exists.',
  not_approver: 'Only approvers can approve or reject requests. Nothing was changed.',
  self_approval: 'You cannot approve or reject your own request; another approver must decide. Nothing was changed.',
  already_approved_by_you: 'You have already approved this request; it needs another approver.',
  not_pending: 'This request has already been decided; see its message for the outcome.',
  expired: 'This request has expired. Ask again if the change is still needed.',
  not_requester: 'Only the person who asked can withdraw a request.',
  guest_not_allowed:
    'Guests of this workspace may not see or change customers’ lines; nothing was looked up. Ask a member of the support team.',
  lookup_not_allowed: 'You are not allowed to see customers’ lines; nothing was looked up. Ask the bot’s operator for access.',
  access_unknown:
    'The bot could not check with Slack whether you may see customers’ lines, so nothing was looked up. Try again in a minute.',
  lookup_ceiling:
    'You have looked at as many different lines in the last hour as one person may (LOOKUP_MAX_PER_HOUR), so nothing was looked up. The approvers are told of it; try again later, or ask the bot’s operator if your work needs more.',
  access_unrecorded:
    'This lookup cannot be recorded in the access log right now, so nothing was looked up or shown. Try again in a minute; if it persists, tell the bot’s operator.',
  check_outdated:
    'The check of these lines is more than an hour old (or gone), so nothing was requested. Open the form again (/freebit cancel, contract or register with the numbers) to check them afresh.',
  no_line_requestable: 'None of these lines can be requested, so nothing was recorded. See why under each of them.',
  channel_shared_externally:
    'The approval message would go to a channel shared with another organisation (Slack Connect), where people outside the company would see the line; nothing was requested. Ask from an internal channel, or ask the bot’s operator to set APPROVAL_CHANNEL_ID to one.',
  channel_unchecked:
    'The bot could not check with Slack whether the approval channel is shared with another organisation, so nothing was requested. Try again in a minute.',
  lines_taken:
    'Each of these lines was taken by another open request after the check, so nothing was requested. Look the lines up to see those requests.',
};

export const approval: CatalogSource<ApprovalCatalog> = {
  header: (operation, phone) => `Approval needed: ${operation} · ${phone}`,
  notification: (requester, summary) => md`${requester} asks to ${summary}`,
  labels: {
    request: 'Request',
    change: 'Change',
    requestedBy: 'Requested by',
    reason: 'Reason',
    expires: 'Expires',
    whenAsked: { one: 'The line when asked', other: 'The lines when asked' },
    approvals: 'Approvals',
    requestedAt: 'Requested',
  },
  newNumber: 'Not a line at Freebit yet (a new number).',
  approvalsSoFar: (count, required, approvers) => (approvers ? md`${count} of ${required}: ${approvers}` : md`${count} of ${required}`),
  buttons: { approve: 'Approve', reject: 'Reject…', withdraw: 'Withdraw' },
  confirm: {
    title: 'Approve this change?',
    text: (summary) => `You approve: ${summary}. Freebit is asked once enough approvers agree, and it cannot be undone.`,
    confirm: 'Approve',
    deny: 'Back',
  },
  withdrawHint: 'Only the requester can withdraw. The bot checks who may approve at every click.',
  status: {
    approved: (by, at) => md`:white_check_mark: Approved by ${by} at ${at}`,
    asking: ':hourglass_flowing_sand: asking Freebit…',
    accepted: {
      one: { alreadyDone: 'already done at Freebit', inProgress: 'accepted by Freebit, in progress' },
      other: 'every line sent; the accepted ones are in progress',
    },
    completed: (at) => md`:tada: completed at ${at}`,
    stuck: ':warning: not completed by the deadline; see the thread',
    failed: (why) => md`:x: not done: ${why} (see the thread)`,
    noneAccepted: 'no line was accepted',
    datePassed: (date, at) =>
      md`:calendar: Not done: the date of this request (${date}, Japan time) had passed when it was to be sent (${at}), so nothing was sent to Freebit. Ask again if still needed (see the thread).`,
    rejected: (by, at, reason) => md`:no_entry: Rejected by ${by} at ${at}: ${reason}`,
    expired: (at) => md`:hourglass: Expired at ${at} without enough approvals`,
    withdrawn: (by, at) => md`:leftwards_arrow_with_hook: Withdrawn by ${by} at ${at}`,
  },
  failures: {
    refused: 'Freebit refused it',
    line_changed: 'the line changed since the request, so nothing was sent',
    not_checked: 'the line could not be checked before the call, so nothing was sent',
    not_accepted: 'Freebit did not take the change',
    unsettled: 'whether Freebit took it is unknown',
  },
  thread: {
    counted: (approver, count, required, stillNeeded) => md`${approver} approved (${count} of ${required}). ${stillNeeded}`,
    stillNeeded: {
      one: () => md`One more approver is needed.`,
      other: (count) => md`${count} more approvers are needed.`,
    },
    approved: (requester, approvers) => md`${requester} your request was approved by ${approvers}. The bot is asking Freebit now.`,
    rejected: (requester, by, reason) => md`${requester} your request was rejected by ${by}: ${reason}\nNothing was sent to Freebit.`,
    withdrawn: (by) => md`Withdrawn by ${by}. Nothing was sent to Freebit.`,
    expired: (requester, at) =>
      md`${requester} your request expired at ${at} without enough approvals. Nothing was sent to Freebit; ask again if the change is still needed.`,
    reminder: (approvers, waited, expires) =>
      md`${approvers} :bell: This request has been waiting for approval for ${waited}. Please approve or reject it before it expires at ${expires}.`,
    datePassed: (requester, summary, date) =>
      md`${requester} Nothing was sent to Freebit: ${date} (Japan time) was over before the request to ${summary} could be sent, and Freebit refuses a date in the past. If the change is still needed, ask again: as soon as possible (leave the date empty) or with a new date.`,
    executed: {
      one: {
        accepted: (requester, summary, next) =>
          md`${requester} Freebit accepted the request to ${summary}. ${next} The bot follows it up and replies here when it is done.`,
        alreadySatisfied: (requester) =>
          md`${requester} Freebit says this is already done (detail code 101: the line was already cancelled). Nothing else to do.`,
        refused: (requester, summary, why) => md`${requester} Freebit refused the request to ${summary}: ${why}\nNothing was changed.`,
        lineChanged: (requester, changes) =>
          md`${requester} Nothing was sent to Freebit: the line changed since the request was made (${changes}). Look the line up and ask again if the change is still needed.`,
        notChecked: (requester, why) =>
          md`${requester} Nothing was sent to Freebit: the line could not be checked right before the call (${why}). Ask again once Freebit answers.`,
        causes: { unknown: 'Freebit did not answer the call in time', interrupted: 'The bot stopped while it was asking Freebit' },
        settledAccepted: (requester, cause, next) =>
          md`${requester} ${cause}, but a lookup afterwards shows the change was taken. ${next} The bot follows it up and replies here when it is done.`,
        settledNotAccepted: (requester, cause) =>
          md`${requester} ${cause}, and a lookup afterwards shows the change was not taken: nothing changed. Ask again if it is still needed.`,
        unsettled: (requester, cause) =>
          md`${requester} ${cause}, and the line could not be looked up afterwards, so whether Freebit took the change is unknown. Look the line up (\`/freebit <number>\`) before asking again.`,
      },
      other: {
        tally: (requester, summary, tally, then) =>
          then
            ? md`${requester} Every line of the request to ${summary} had its turn: ${tally}. ${then}`
            : md`${requester} Every line of the request to ${summary} had its turn: ${tally}.`,
        followingUp: (next) => md`${next} The bot follows each accepted line up and replies here once all are done.`,
        noneAccepted: 'Nothing was changed.',
      },
    },
    progress: (changes) => md`The line moved while the change is under way: ${changes}.`,
    completed: (requester, summary, changes, took) => md`${requester} :tada: Done: ${summary}. ${changes}. It took ${took}.`,
    stuck: (requester, summary, deadline, lastSeen) =>
      md`${requester} :warning: Freebit has not completed the request to ${summary} by ${deadline}; the bot has stopped watching. Last seen: ${lastSeen}. Look the line up (\`/freebit <number>\`); if it has not moved, contact Freebit support and quote this request.`,
  },
  change: (label, before, after) => md`${label}: ${before} → ${after}`,
  notAtFreebit: 'not at Freebit',
  nothingMoved: 'nothing visible changed',
  lookupProblems: {
    timeout: 'Freebit did not answer in time',
    unreachable: 'Freebit could not be reached',
    bad_answer: 'Freebit answered something the bot could not read',
    auth_rejected: 'Freebit refused the bot’s OEM credentials',
  },
  lookupRefused: (detailCode) => md`Freebit refused the look-up, detail code ${detailCode}`,
  unknownCode: 'unknown',
  ownProblem: 'the bot could not read its own store',
  duration: {
    underAMinute: 'less than a minute',
    minutes: (minutes) => md`${minutes} min`,
    hours: (hours, minutes) => (minutes === 0 ? md`${hours} h` : md`${hours} h ${minutes} min`),
    days: (days) => md`${days} days`,
  },
  refusal: ownSentences(REFUSALS),
  askGroup: (group) => md` Members of ${group} may look: ask one of them, or ask to join the group.`,
  openRequest: (request) => md` The open request: ${request}.`,
  approvalChannelUnreachable:
    'The bot could not post your request in the approval channel (it is not a member there, or the channel is gone), so nothing was requested. Ask someone to `/invite @freebit-ops` in the approval channel, then ask again.',
  rejectModal: {
    title: 'Reject request',
    submit: 'Reject',
    intro: (requestId, summary, requester) => md`Reject ${requestId}: ${requester} asks to ${summary}. Nothing is sent to Freebit.`,
    reason: 'Why is it rejected?',
    placeholder: 'The requester reads this.',
    reasonBlank: 'Write why it is rejected; the requester reads it.',
  },
  requestStates: {
    pending: 'Waiting for approval',
    approved: 'Approved',
    executing: 'Sending to Freebit',
    accepted: 'Accepted by Freebit',
    completed: 'Completed',
    stuck: 'Not completed by the deadline',
    failed: 'Not done',
    rejected: 'Rejected',
    expired: 'Expired',
    withdrawn: 'Withdrawn',
  },
  trailSteps: {
    requested: (who, at) => md`${at} requested by ${who}`,
    approval_counted: (who, at) => md`${at} approved by ${who} (more approvals needed)`,
    reminded: (_who, at) => md`${at} approvers reminded`,
    approved: (who, at) => md`${at} approved by ${who}`,
    executing: (_who, at) => md`${at} sent to Freebit`,
    accepted: (_who, at) => md`${at} accepted by Freebit`,
    completed: (_who, at) => md`${at} completed`,
    stuck: (_who, at) => md`${at} not completed by the deadline`,
    failed: (_who, at) => md`${at} not done`,
    rejected: (who, at) => md`${at} rejected by ${who}`,
    expired: (_who, at) => md`${at} expired`,
    withdrawn: (who, at) => md`${at} withdrawn by ${who}`,
    pending: (_who, at) => md`${at} waiting for approval`,
  },
  trailDetail: (step, detail) => md`${step}: ${detail}`,
  history: {
    header: (phone) => md`Requests for ${phone}`,
    none: (phone) => md`No change has been requested for ${phone} through the bot.`,
    more: (count) => md`…and ${count} older requests.`,
  },
  home: {
    mine: 'Your recent requests',
    noneMine: 'You have not requested any change yet.',
    awaiting: 'Waiting for your approval',
    noneAwaiting: 'Nothing is waiting for your approval.',
    moreAwaiting: (count) => md`…and ${count} more waiting (the oldest); they are in the approval channel.`,
    moreMine: (count) => md`…and ${count} more (older); \`/freebit history <number>\` shows a line's.`,
  },
};
