import type { FreebitErrorCode } from '../freebit/index.js';
import { BOT_ACTOR, type RequestState, type WorkflowErrorCode } from '../workflow/index.js';

/**
 * The approval workflow's part of the message catalog (messages.ts includes it as
 * `Catalog.approval`): the approval message, its thread, the refusals a click can meet,
 * `/freebit history` and App Home's lists. Values arrive formatted (phone numbers, dates,
 * times in JST, mentions as user ids) and escaped for mrkdwn where a person typed them.
 */

/** Who decided and when, for the line that replaces the buttons. `at` is already "2026-11-22 14:02 JST". */
export type RequestStatus =
  | { kind: 'pending' }
  | { kind: 'approved' | 'executing'; by: readonly string[]; at: string }
  | { kind: 'accepted'; by: readonly string[]; at: string; alreadyDone: boolean }
  | { kind: 'completed'; by: readonly string[]; at: string; finishedAt: string }
  | { kind: 'stuck'; by: readonly string[]; at: string }
  | { kind: 'failed'; by: readonly string[]; at: string; why: FailureKind }
  /** Ended without reaching Freebit: its date (`date`, formatted) was over when it was to be sent; `at`: when that was found. */
  | { kind: 'date_passed'; date: string; at: string }
  | { kind: 'rejected'; by: string; at: string; reason: string }
  | { kind: 'expired'; at: string }
  | { kind: 'withdrawn'; by: string; at: string };

export type FailureKind = 'refused' | 'line_changed' | 'not_checked' | 'not_accepted' | 'unsettled';

/** What Freebit does next with an accepted change (../shared/freebit-api/README.md, "What completion looks like"). */
export type NextStep =
  | { operation: 'cancel'; runDate?: string }
  | { operation: 'contract'; contractLine: string }
  | { operation: 'register'; startDate?: string };

/** The Freebit call's outcome in words (`request.execution`). */
export type ExecutionReport =
  | { result: 'accepted'; next: NextStep }
  | { result: 'already_satisfied' }
  /** `why` is the catalog's sentence for Freebit's detail code. */
  | { result: 'refused'; why: string }
  /** `changes` is what moved on the line since the request, already in words. */
  | { result: 'line_changed'; changes: string }
  | { result: 'not_checked'; why: string }
  /** The run or start date (`date`, formatted) had passed when the request was to be sent: nothing was. */
  | { result: 'date_passed'; date: string }
  /** No answer came (`unknown`), or the bot restarted around the call (`interrupted`): a lookup settled it. */
  | { result: 'unknown' | 'interrupted'; settlement: 'accepted' | 'not_accepted' | 'unsettled'; next: NextStep };

/** One step of a request's audit trail, for `/freebit history`. */
export type TrailAction = RequestState | 'requested' | 'approval_counted';

export interface ApprovalSentences {
  /** The approval message. */
  header(operation: string, phone: string): string;
  /** Once the request is decided: no longer a call to act. */
  decidedHeader(operation: string, phone: string): string;
  notification(requesterId: string, summary: string): string;
  labels: { request: string; change: string; requestedBy: string; reason: string; expires: string; lineWhenAsked: string; approvals: string; requestedAt: string };
  newNumber: string;
  approvalsSoFar(count: number, required: number, approverIds: readonly string[]): string;
  buttons: { approve: string; reject: string; withdraw: string };
  confirm: { title: string; text(summary: string): string; confirm: string; deny: string };
  withdrawHint: string;
  status(status: RequestStatus): string;

  /** Replies in the request's thread. */
  thread: {
    counted(approverId: string, count: number, required: number): string;
    approved(requesterId: string, approverIds: readonly string[]): string;
    rejected(requesterId: string, by: string, reason: string): string;
    withdrawn(by: string): string;
    expired(requesterId: string, at: string): string;
    executed(requesterId: string, summary: string, report: ExecutionReport): string;
    progress(changes: string): string;
    completed(requesterId: string, summary: string, changes: string, took: string): string;
    stuck(requesterId: string, summary: string, deadline: string, lastSeen: string): string;
  };
  /** "state: Active → Cancelled" and friends, for the thread. */
  change(label: string, before: string, after: string): string;
  notAtFreebit: string;
  nothingMoved: string;
  /** Why the look-up right before the call failed (short: it sits in parentheses in the thread). */
  lookupProblem(code: FreebitErrorCode, detailCode?: number): string;
  /** Why the look-up right before the call failed when it was the bot's own part (its store), not Freebit. */
  ownProblem: string;
  duration(ms: number): string;

  /**
   * Why the workflow said no (WorkflowError), to the person who asked or clicked; `askGroup`:
   * the user group whose members may look, for someone refused a lookup.
   */
  refusal(code: WorkflowErrorCode, related?: { id: string; link?: string }, askGroup?: string): string;
  /** The approval message could not be posted (the bot is not in the approval channel): nothing was requested. */
  approvalChannelUnreachable: string;

  /** The reject modal. */
  rejectModal: { title: string; submit: string; intro(requestId: string, summary: string, requesterId: string): string; reason: string; placeholder: string; reasonBlank: string };

  /** A request in one line (history, App Home). */
  requestState(state: RequestState): string;
  requestLine(id: string, summary: string, state: string, requesterId: string, at: string): string;
  trailStep(action: TrailAction, actorId: string, at: string): string;
  /** A step of the trail with what was said (a reason, why it was not done). */
  trailDetail(step: string, detail: string): string;

  history: { header(phone: string): string; none(phone: string): string; more(count: number): string };
  home: { mine: string; noneMine: string; awaiting: string; noneAwaiting: string; moreAwaiting(count: number): string; moreMine(count: number): string };
}

const mention = (id: string) => (id === BOT_ACTOR ? 'the bot' : `<@${id}>`);
const mentionJa = (id: string) => (id === BOT_ACTOR ? 'ボット' : `<@${id}>`);
const andList = (ids: readonly string[]) => {
  const names = ids.map(mention);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
};
const jaList = (ids: readonly string[]) => ids.map(mentionJa).join('、');

const EN_STATES: Record<RequestState, string> = {
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
};

const EN_FAILURES: Record<FailureKind, string> = {
  refused: 'Freebit refused it',
  line_changed: 'the line changed since the request, so nothing was sent',
  not_checked: 'the line could not be checked before the call, so nothing was sent',
  not_accepted: 'Freebit did not take the change',
  unsettled: 'whether Freebit took it is unknown',
};

function enNext(next: NextStep): string {
  switch (next.operation) {
    case 'cancel':
      return next.runDate
        ? `Freebit completes cancellations within 10 minutes of the run date (${next.runDate}, Japan time); the line works until then.`
        : 'Freebit completes cancellations within 10 minutes.';
    case 'contract':
      return `The line changes to ${next.contractLine} in about 30 minutes; it is locked meanwhile, and the change cannot be cancelled.`;
    case 'register':
      return next.startDate ? `Freebit activates the line within 10 minutes of its start date (${next.startDate}).` : 'Freebit activates the line within 10 minutes.';
  }
}

const FOLLOWING = 'The bot follows it up and replies here when it is done.';

const EN_REFUSALS: Record<WorkflowErrorCode, string> = {
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
  guest_not_allowed: 'Guests of this workspace may not see or change customers’ lines; nothing was looked up. Ask a member of the support team.',
  lookup_not_allowed: 'You are not allowed to see customers’ lines; nothing was looked up. Ask the bot’s operator for access.',
  access_unknown: 'The bot could not check with Slack whether you may see customers’ lines, so nothing was looked up. Try again in a minute.',
};

/** How a language says a duration; the arithmetic (spellDuration) is the same in each. */
interface DurationWords {
  underAMinute: string;
  minutes(minutes: number): string;
  /** `minutes`: past the hour, 0 for a whole hour. */
  hours(hours: number, minutes: number): string;
  days(days: number): string;
}

/** Under a minute; minutes; hours (and minutes) up to two days; then days, rounded. */
function spellDuration(ms: number, words: DurationWords): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return words.underAMinute;
  if (minutes < 60) return words.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return words.hours(hours, minutes % 60);
  return words.days(Math.round(hours / 24));
}

const EN_DURATION: DurationWords = {
  underAMinute: 'less than a minute',
  minutes: (minutes) => `${minutes} min`,
  hours: (hours, minutes) => (minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`),
  days: (days) => `${days} days`,
};
const enDuration = (ms: number): string => spellDuration(ms, EN_DURATION);

export const enApproval: ApprovalSentences = {
  header: (operation, phone) => `Approval needed: ${operation} · ${phone}`,
  decidedHeader: (operation, phone) => `${operation} · ${phone}`,
  notification: (requesterId, summary) => `${mention(requesterId)} asks to ${summary}`,
  labels: {
    request: 'Request',
    change: 'Change',
    requestedBy: 'Requested by',
    reason: 'Reason',
    expires: 'Expires',
    lineWhenAsked: 'The line when asked',
    approvals: 'Approvals',
    requestedAt: 'Requested',
  },
  newNumber: 'Not a line at Freebit yet (a new number).',
  approvalsSoFar: (count, required, ids) => `${count} of ${required}${ids.length > 0 ? `: ${ids.map(mention).join(', ')}` : ''}`,
  buttons: { approve: 'Approve', reject: 'Reject…', withdraw: 'Withdraw' },
  confirm: {
    title: 'Approve this change?',
    text: (summary) => `You approve: ${summary}. Freebit is asked once enough approvers agree, and it cannot be undone.`,
    confirm: 'Approve',
    deny: 'Back',
  },
  withdrawHint: 'Only the requester can withdraw. The bot checks who may approve at every click.',
  status(status) {
    switch (status.kind) {
      case 'pending':
        return EN_STATES.pending;
      case 'approved':
        return `:white_check_mark: Approved by ${andList(status.by)} at ${status.at}`;
      case 'executing':
        return `:white_check_mark: Approved by ${andList(status.by)} at ${status.at} · :hourglass_flowing_sand: asking Freebit…`;
      case 'accepted':
        return `:white_check_mark: Approved by ${andList(status.by)} at ${status.at} · ${status.alreadyDone ? 'already done at Freebit' : 'accepted by Freebit, in progress'}`;
      case 'completed':
        return `:white_check_mark: Approved by ${andList(status.by)} at ${status.at} · :tada: completed at ${status.finishedAt}`;
      case 'stuck':
        return `:white_check_mark: Approved by ${andList(status.by)} at ${status.at} · :warning: not completed by the deadline; see the thread`;
      case 'failed':
        return `:white_check_mark: Approved by ${andList(status.by)} at ${status.at} · :x: not done: ${EN_FAILURES[status.why]} (see the thread)`;
      case 'date_passed':
        return `:calendar: Not done: the date of this request (${status.date}, Japan time) had passed when it was to be sent (${status.at}), so nothing was sent to Freebit. Ask again if still needed (see the thread).`;
      case 'rejected':
        return `:no_entry: Rejected by ${mention(status.by)} at ${status.at}: ${status.reason}`;
      case 'expired':
        return `:hourglass: Expired at ${status.at} without enough approvals`;
      case 'withdrawn':
        return `:leftwards_arrow_with_hook: Withdrawn by ${mention(status.by)} at ${status.at}`;
    }
  },
  thread: {
    counted: (approverId, count, required) =>
      `${mention(approverId)} approved (${count} of ${required}). ${required - count === 1 ? 'One more approver is needed.' : `${required - count} more approvers are needed.`}`,
    approved: (requesterId, ids) => `${mention(requesterId)} your request was approved by ${andList(ids)}. The bot is asking Freebit now.`,
    rejected: (requesterId, by, reason) => `${mention(requesterId)} your request was rejected by ${mention(by)}: ${reason}\nNothing was sent to Freebit.`,
    withdrawn: (by) => `Withdrawn by ${mention(by)}. Nothing was sent to Freebit.`,
    expired: (requesterId, at) => `${mention(requesterId)} your request expired at ${at} without enough approvals. Nothing was sent to Freebit; ask again if the change is still needed.`,
    executed(requesterId, summary, report) {
      const who = mention(requesterId);
      switch (report.result) {
        case 'accepted':
          return `${who} Freebit accepted the request to ${summary}. ${enNext(report.next)} ${FOLLOWING}`;
        case 'already_satisfied':
          return `${who} Freebit says this is already done (detail code 101: the line was already cancelled). Nothing else to do.`;
        case 'refused':
          return `${who} Freebit refused the request to ${summary}: ${report.why}\nNothing was changed.`;
        case 'line_changed':
          return `${who} Nothing was sent to Freebit: the line changed since the request was made (${report.changes}). Look the line up and ask again if the change is still needed.`;
        case 'not_checked':
          return `${who} Nothing was sent to Freebit: the line could not be checked right before the call (${report.why}). Ask again once Freebit answers.`;
        case 'date_passed':
          return `${who} Nothing was sent to Freebit: ${report.date} (Japan time) was over before the request to ${summary} could be sent, and Freebit refuses a date in the past. If the change is still needed, ask again: as soon as possible (leave the date empty) or with a new date.`;
        case 'unknown':
        case 'interrupted': {
          const cause = report.result === 'unknown' ? 'Freebit did not answer the call in time' : 'The bot stopped while it was asking Freebit';
          if (report.settlement === 'accepted') return `${who} ${cause}, but a lookup afterwards shows the change was taken. ${enNext(report.next)} ${FOLLOWING}`;
          if (report.settlement === 'not_accepted') return `${who} ${cause}, and a lookup afterwards shows the change was not taken: nothing changed. Ask again if it is still needed.`;
          return `${who} ${cause}, and the line could not be looked up afterwards, so whether Freebit took the change is unknown. Look the line up (\`/freebit <number>\`) before asking again.`;
        }
      }
    },
    progress: (changes) => `The line moved while the change is under way: ${changes}.`,
    completed: (requesterId, summary, changes, took) => `${mention(requesterId)} :tada: Done: ${summary}. ${changes}. It took ${took}.`,
    stuck: (requesterId, summary, deadline, lastSeen) =>
      `${mention(requesterId)} :warning: Freebit has not completed the request to ${summary} by ${deadline}; the bot has stopped watching. Last seen: ${lastSeen}. Look the line up (\`/freebit <number>\`); if it has not moved, contact Freebit support and quote this request.`,
  },
  change: (label, before, after) => `${label}: ${before} → ${after}`,
  notAtFreebit: 'not at Freebit',
  ownProblem: 'the bot could not read its own store',
  nothingMoved: 'nothing visible changed',
  lookupProblem(code, detailCode) {
    switch (code) {
      case 'timeout':
        return 'Freebit did not answer in time';
      case 'unreachable':
        return 'Freebit could not be reached';
      case 'bad_answer':
        return 'Freebit answered something the bot could not read';
      case 'auth_rejected':
        return 'Freebit refused the bot’s OEM credentials';
      case 'refused':
        return `Freebit refused the look-up, detail code ${detailCode ?? 'unknown'}`;
    }
  },
  duration: enDuration,
  refusal(code, related, askGroup) {
    const sentence = EN_REFUSALS[code];
    if (askGroup) return `${sentence} Members of <!subteam^${askGroup}> may look: ask one of them, or ask to join the group.`;
    if (code !== 'open_request_exists' || !related) return sentence;
    return `${sentence} The open request: ${related.link ? `<${related.link}|${related.id}>` : related.id}.`;
  },
  approvalChannelUnreachable:
    'The bot could not post your request in the approval channel (it is not a member there, or the channel is gone), so nothing was requested. Ask someone to `/invite @freebit-ops` in the approval channel, then ask again.',
  rejectModal: {
    title: 'Reject request',
    submit: 'Reject',
    intro: (id, summary, requesterId) => `Reject ${id}: ${mention(requesterId)} asks to ${summary}. Nothing is sent to Freebit.`,
    reason: 'Why is it rejected?',
    placeholder: 'The requester reads this.',
    reasonBlank: 'Write why it is rejected; the requester reads it.',
  },
  requestState: (state) => EN_STATES[state],
  requestLine: (id, summary, state, requesterId, at) => `*${id}* · ${summary} · *${state}*\n${mention(requesterId)} · ${at}`,
  trailDetail: (step, detail) => `${step}: ${detail}`,
  trailStep(action, actorId, at) {
    const who = mention(actorId);
    switch (action) {
      case 'requested':
        return `${at} requested by ${who}`;
      case 'approval_counted':
        return `${at} approved by ${who} (more approvals needed)`;
      case 'approved':
        return `${at} approved by ${who}`;
      case 'executing':
        return `${at} sent to Freebit`;
      case 'accepted':
        return `${at} accepted by Freebit`;
      case 'completed':
        return `${at} completed`;
      case 'stuck':
        return `${at} not completed by the deadline`;
      case 'failed':
        return `${at} not done`;
      case 'rejected':
        return `${at} rejected by ${who}`;
      case 'expired':
        return `${at} expired`;
      case 'withdrawn':
        return `${at} withdrawn by ${who}`;
      case 'pending':
        return `${at} waiting for approval`;
    }
  },
  history: {
    header: (phone) => `Requests for ${phone}`,
    none: (phone) => `No change has been requested for ${phone} through the bot.`,
    more: (count) => `…and ${count} older requests.`,
  },
  home: {
    mine: 'Your recent requests',
    noneMine: 'You have not requested any change yet.',
    awaiting: 'Waiting for your approval',
    noneAwaiting: 'Nothing is waiting for your approval.',
    moreAwaiting: (count) => `…and ${count} more waiting (the oldest); they are in the approval channel.`,
    moreMine: (count) => `…and ${count} more (older); \`/freebit history <number>\` shows a line's.`,
  },
};

const JA_STATES: Record<RequestState, string> = {
  pending: '承認待ち',
  approved: '承認済み',
  executing: 'Freebit に依頼中',
  accepted: 'Freebit が受付済み',
  completed: '完了',
  stuck: '期限までに完了せず',
  failed: '未実施',
  rejected: '却下',
  expired: '期限切れ',
  withdrawn: '取り下げ',
};

const JA_FAILURES: Record<FailureKind, string> = {
  refused: 'Freebit が拒否しました',
  line_changed: '申請後に回線が変わったため、何も送信していません',
  not_checked: '依頼直前に回線を確認できなかったため、何も送信していません',
  not_accepted: 'Freebit は変更を受け付けていません',
  unsettled: 'Freebit が受け付けたかどうか不明です',
};

function jaNext(next: NextStep): string {
  switch (next.operation) {
    case 'cancel':
      return next.runDate
        ? `Freebit は解約日（${next.runDate}、日本時間）から 10 分以内に解約を完了します。それまで回線は使えます。`
        : 'Freebit は 10 分以内に解約を完了します。';
    case 'contract':
      return `約 30 分で ${next.contractLine} に切り替わります。その間回線はロックされ、変更は取り消せません。`;
    case 'register':
      return next.startDate ? `Freebit は利用開始日（${next.startDate}）から 10 分以内に回線を開通します。` : 'Freebit は 10 分以内に回線を開通します。';
  }
}

const JA_FOLLOWING = 'ボットが経過を確認し、完了したらこのスレッドでお知らせします。';

const JA_REFUSALS: Record<WorkflowErrorCode, string> = {
  no_approvers:
    '承認者が設定されていない（APPROVER_USER_IDS または APPROVER_USERGROUP_ID）ため、変更を承認できず、申請は記録されませんでした。ボットの管理者に承認者の設定を依頼してください。',
  not_enough_approvers:
    'この操作に必要な承認者の人数（APPROVALS_REQUIRED）が、あなた以外に設定されている承認者の数より多いため、承認されることがなく、申請は記録されませんでした。ボットの管理者に承認者の追加を依頼してください。',
  requester_not_allowed: 'あなたは変更を申請できるグループに入っていません。ボットの管理者に追加を依頼してください。',
  channel_not_allowed: 'ここからは変更を申請できません。申請用に設定されたチャンネルから申請してください。',
  line_not_found: 'Freebit にその番号の回線はないため、変更するものがありません。番号を確認してください。',
  line_exists: 'その番号はすでに Freebit の回線のため登録できません。`/freebit <番号>` で照会してください。',
  line_cancelled: 'その回線はすでに解約済みです。申請は行っていません。',
  already_on_contract_line: 'その回線はすでにその契約回線です。申請は行っていません。',
  change_in_progress: 'この回線では Freebit で変更がすでに進行中です。完了してから再度申請してください。',
  open_request_exists: 'この回線にはすでに未完了の申請があります。その申請を確認するか、申請者に取り下げを依頼してください。',
  request_not_found: 'その申請はもう存在しません。',
  not_approver: '申請を承認・却下できるのは承認者だけです。何も変更していません。',
  self_approval: '自分の申請は承認・却下できません。別の承認者が判断します。何も変更していません。',
  already_approved_by_you: 'この申請はすでにあなたが承認済みです。別の承認者の承認が必要です。',
  not_pending: 'この申請はすでに判断済みです。結果はメッセージを確認してください。',
  expired: 'この申請は期限切れです。変更がまだ必要なら再度申請してください。',
  not_requester: '申請を取り下げられるのは申請者だけです。',
  guest_not_allowed: 'このワークスペースのゲストは回線の照会・変更ができません。照会は行っていません。サポートチームのメンバーに依頼してください。',
  lookup_not_allowed: 'あなたには回線を照会する権限がありません。照会は行っていません。ボットの管理者に権限を依頼してください。',
  access_unknown: '回線を照会できるかどうかを Slack に確認できなかったため、照会は行っていません。1 分ほどしてから再度お試しください。',
};

const JA_DURATION: DurationWords = {
  underAMinute: '1 分未満',
  minutes: (minutes) => `${minutes} 分`,
  hours: (hours, minutes) => (minutes === 0 ? `${hours} 時間` : `${hours} 時間 ${minutes} 分`),
  days: (days) => `${days} 日`,
};
const jaDuration = (ms: number): string => spellDuration(ms, JA_DURATION);

export const jaApproval: ApprovalSentences = {
  header: (operation, phone) => `承認依頼：${operation} · ${phone}`,
  decidedHeader: (operation, phone) => `${operation} · ${phone}`,
  notification: (requesterId, summary) => `${mentionJa(requesterId)} が${summary}を申請しました`,
  labels: {
    request: '申請',
    change: '変更内容',
    requestedBy: '申請者',
    reason: '理由',
    expires: '期限',
    lineWhenAsked: '申請時の回線',
    approvals: '承認',
    requestedAt: '申請日時',
  },
  newNumber: 'まだ Freebit の回線ではありません（新しい番号）。',
  approvalsSoFar: (count, required, ids) => `${required} 件中 ${count} 件${ids.length > 0 ? `：${jaList(ids)}` : ''}`,
  buttons: { approve: '承認', reject: '却下…', withdraw: '取り下げ' },
  confirm: {
    title: 'この変更を承認しますか？',
    text: (summary) => `承認する内容：${summary}。必要な数の承認がそろうと Freebit に依頼され、元に戻せません。`,
    confirm: '承認',
    deny: '戻る',
  },
  withdrawHint: '取り下げられるのは申請者だけです。承認できる人はクリックのたびにボットが確認します。',
  status(status) {
    switch (status.kind) {
      case 'pending':
        return JA_STATES.pending;
      case 'approved':
        return `:white_check_mark: ${jaList(status.by)} が ${status.at} に承認`;
      case 'executing':
        return `:white_check_mark: ${jaList(status.by)} が ${status.at} に承認 · :hourglass_flowing_sand: Freebit に依頼中…`;
      case 'accepted':
        return `:white_check_mark: ${jaList(status.by)} が ${status.at} に承認 · ${status.alreadyDone ? 'Freebit ですでに完了済み' : 'Freebit が受付、処理中'}`;
      case 'completed':
        return `:white_check_mark: ${jaList(status.by)} が ${status.at} に承認 · :tada: ${status.finishedAt} に完了`;
      case 'stuck':
        return `:white_check_mark: ${jaList(status.by)} が ${status.at} に承認 · :warning: 期限までに完了しませんでした。スレッドを確認してください`;
      case 'failed':
        return `:white_check_mark: ${jaList(status.by)} が ${status.at} に承認 · :x: 未実施：${JA_FAILURES[status.why]}（スレッドを参照）`;
      case 'date_passed':
        return `:calendar: 未実施：送信する時点（${status.at}）で申請の日付（${status.date}、日本時間）が過ぎていたため、Freebit には何も送信していません。必要なら再度申請してください（スレッドを参照）。`;
      case 'rejected':
        return `:no_entry: ${mentionJa(status.by)} が ${status.at} に却下：${status.reason}`;
      case 'expired':
        return `:hourglass: 承認がそろわないまま ${status.at} に期限切れ`;
      case 'withdrawn':
        return `:leftwards_arrow_with_hook: ${mentionJa(status.by)} が ${status.at} に取り下げ`;
    }
  },
  thread: {
    counted: (approverId, count, required) => `${mentionJa(approverId)} が承認しました（${required} 件中 ${count} 件）。あと ${required - count} 人の承認が必要です。`,
    approved: (requesterId, ids) => `${mentionJa(requesterId)} 申請が ${jaList(ids)} に承認されました。ボットが Freebit に依頼しています。`,
    rejected: (requesterId, by, reason) => `${mentionJa(requesterId)} 申請は ${mentionJa(by)} に却下されました：${reason}\nFreebit には何も送信していません。`,
    withdrawn: (by) => `${mentionJa(by)} が取り下げました。Freebit には何も送信していません。`,
    expired: (requesterId, at) => `${mentionJa(requesterId)} 承認がそろわないまま ${at} に申請の期限が切れました。Freebit には何も送信していません。変更がまだ必要なら再度申請してください。`,
    executed(requesterId, summary, report) {
      const who = mentionJa(requesterId);
      switch (report.result) {
        case 'accepted':
          return `${who} Freebit が${summary}の依頼を受け付けました。${jaNext(report.next)}${JA_FOLLOWING}`;
        case 'already_satisfied':
          return `${who} Freebit によるとすでに完了しています（詳細コード 101：回線は解約済み）。追加の作業はありません。`;
        case 'refused':
          return `${who} Freebit が${summary}の依頼を拒否しました：${report.why}\n何も変更されていません。`;
        case 'line_changed':
          return `${who} 申請後に回線が変わったため、Freebit には何も送信していません（${report.changes}）。回線を照会し、必要なら再度申請してください。`;
        case 'not_checked':
          return `${who} 依頼直前に回線を確認できなかったため、Freebit には何も送信していません（${report.why}）。Freebit が応答するようになってから再度申請してください。`;
        case 'date_passed':
          return `${who} Freebit には何も送信していません：${summary}の申請を送信する前に ${report.date}（日本時間）が過ぎました。Freebit は過去の日付を受け付けません。変更がまだ必要なら、日付を空欄にして（できるだけ早く）または新しい日付で再度申請してください。`;
        case 'unknown':
        case 'interrupted': {
          const cause = report.result === 'unknown' ? 'Freebit から時間内に応答がありませんでした' : 'Freebit への依頼中にボットが停止しました';
          if (report.settlement === 'accepted') return `${who} ${cause}が、その後の照会で変更は受け付けられていました。${jaNext(report.next)}${JA_FOLLOWING}`;
          if (report.settlement === 'not_accepted') return `${who} ${cause}。その後の照会で変更は受け付けられていないことを確認しました。何も変更されていません。必要なら再度申請してください。`;
          return `${who} ${cause}。その後の照会もできなかったため、Freebit が受け付けたかどうか不明です。再度申請する前に回線を照会してください（\`/freebit <番号>\`）。`;
        }
      }
    },
    progress: (changes) => `変更の処理中に回線が変わりました：${changes}。`,
    completed: (requesterId, summary, changes, took) => `${mentionJa(requesterId)} :tada: 完了しました：${summary}。${changes}。所要時間 ${took}。`,
    stuck: (requesterId, summary, deadline, lastSeen) =>
      `${mentionJa(requesterId)} :warning: ${deadline} までに Freebit で${summary}が完了しませんでした。ボットは確認を終了しました。最後の状態：${lastSeen}。回線を照会し（\`/freebit <番号>\`）、変わっていなければこの申請を添えて Freebit サポートに連絡してください。`,
  },
  change: (label, before, after) => `${label}：${before} → ${after}`,
  notAtFreebit: 'Freebit に未登録',
  ownProblem: 'ボット自身のストアを読み取れませんでした',
  nothingMoved: '見える変化はありません',
  lookupProblem(code, detailCode) {
    switch (code) {
      case 'timeout':
        return 'Freebit から時間内に応答がありませんでした';
      case 'unreachable':
        return 'Freebit に接続できませんでした';
      case 'bad_answer':
        return 'Freebit から読み取れない応答が返りました';
      case 'auth_rejected':
        return 'Freebit がボットの OEM 認証情報を拒否しました';
      case 'refused':
        return `Freebit が照会を拒否しました（詳細コード ${detailCode ?? '不明'}）`;
    }
  },
  duration: jaDuration,
  refusal(code, related, askGroup) {
    const sentence = JA_REFUSALS[code];
    if (askGroup) return `${sentence}<!subteam^${askGroup}> のメンバーは照会できます。メンバーに依頼するか、グループへの参加を依頼してください。`;
    if (code !== 'open_request_exists' || !related) return sentence;
    return `${sentence}未完了の申請：${related.link ? `<${related.link}|${related.id}>` : related.id}。`;
  },
  approvalChannelUnreachable:
    'ボットが承認用チャンネルに申請を投稿できなかった（メンバーでない、またはチャンネルがない）ため、申請は行われていません。承認用チャンネルで `/invite @freebit-ops` を実行してもらってから、再度申請してください。',
  rejectModal: {
    title: '申請の却下',
    submit: '却下',
    intro: (id, summary, requesterId) => `${id} を却下します：${mentionJa(requesterId)} による${summary}の申請。Freebit には何も送信しません。`,
    reason: '却下の理由',
    placeholder: '申請者が読みます。',
    reasonBlank: '却下の理由を書いてください。申請者が読みます。',
  },
  requestState: (state) => JA_STATES[state],
  requestLine: (id, summary, state, requesterId, at) => `*${id}* · ${summary} · *${state}*\n${mentionJa(requesterId)} · ${at}`,
  trailDetail: (step, detail) => `${step}：${detail}`,
  trailStep(action, actorId, at) {
    const who = mentionJa(actorId);
    switch (action) {
      case 'requested':
        return `${at} ${who} が申請`;
      case 'approval_counted':
        return `${at} ${who} が承認（さらに承認が必要）`;
      case 'approved':
        return `${at} ${who} が承認`;
      case 'executing':
        return `${at} Freebit に送信`;
      case 'accepted':
        return `${at} Freebit が受付`;
      case 'completed':
        return `${at} 完了`;
      case 'stuck':
        return `${at} 期限までに完了せず`;
      case 'failed':
        return `${at} 未実施`;
      case 'rejected':
        return `${at} ${who} が却下`;
      case 'expired':
        return `${at} 期限切れ`;
      case 'withdrawn':
        return `${at} ${who} が取り下げ`;
      case 'pending':
        return `${at} 承認待ち`;
    }
  },
  history: {
    header: (phone) => `${phone} の申請`,
    none: (phone) => `${phone} について、ボットを通じた変更の申請はありません。`,
    more: (count) => `…ほか古い申請 ${count} 件。`,
  },
  home: {
    mine: 'あなたの最近の申請',
    noneMine: 'まだ変更を申請していません。',
    awaiting: 'あなたの承認待ち',
    noneAwaiting: 'あなたの承認を待っている申請はありません。',
    moreAwaiting: (count) => `…ほか ${count} 件が承認待ちです（古いもの）。承認チャンネルで確認してください。`,
    moreMine: (count) => `…ほか ${count} 件（古いもの）。回線ごとの履歴は \`/freebit history <番号>\` で確認できます。`,
  },
};
