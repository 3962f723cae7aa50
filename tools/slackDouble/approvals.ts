/**
 * The approval workflow as people meet it in Slack, for the demo and the e2e tests: the
 * approval message the bot posted (found by the request id on its buttons or by the number in
 * its text), its re-renderings (chat.update of the same ts), its thread (chat.postMessage with
 * that thread_ts), and clicks on its buttons as signed Slack requests.
 */
import type { SandboxLine } from '../../src/sandbox/types.js';
import { ACTIONS, FIELDS, VIEWS } from '../../src/slack/kit/ids.js';
import type { SlackRig } from './rig.js';
import { visibleText } from './blockText.js';
import { DOUBLE_BOT, type SlackCall, type SlackDouble } from './double.js';
import { AGENT, SUPPORT_CHANNEL, blockActions, state, viewSubmission, type SendOptions } from './requests.js';

export const APPROVAL_CHANNEL = 'C0APPROVAL';
export const APPROVER = 'U0APPROVER1';
export const SECOND_APPROVER = 'U0APPROVER2';
export const OUTSIDER = 'U0OUTSIDER1';

/** Approvers configured, approval messages in their own channel. */
export const APPROVAL_ENV = { APPROVER_USER_IDS: `${APPROVER},${SECOND_APPROVER}`, APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL };

export interface ApprovalMessage {
  requestId: string;
  channel: string;
  ts: string;
  /** The chat.postMessage that posted it. */
  call: SlackCall;
}

function requestIdIn(blocks: unknown): string | undefined {
  return /"value":"(FR-[0-9A-Z]{5})"/.exec(JSON.stringify(blocks ?? []))?.[1] ?? /FR-[0-9A-Z]{5}/.exec(visibleText(blocks))?.[0];
}

const isApprovalPost = (call: SlackCall) =>
  call.body.thread_ts === undefined && JSON.stringify(call.body.blocks ?? []).includes(`"${ACTIONS.approveRequest}"`);

/** The approval message posted for a number ("090-1234-5678" as shown), a request id, or with some text (the reason); waits for it. */
export async function approvalMessageFor(
  double: SlackDouble,
  match: { phone?: string; requestId?: string; text?: string },
  options: { timeoutMs?: number } = {},
): Promise<ApprovalMessage> {
  const call = await double.waitForCall(
    'chat.postMessage',
    (each) =>
      isApprovalPost(each) &&
      (!match.phone || visibleText(each.body.blocks).includes(match.phone)) &&
      (!match.text || visibleText(each.body.blocks).includes(match.text)) &&
      (!match.requestId || requestIdIn(each.body.blocks) === match.requestId),
    options,
  );
  const ts = String(call.answer?.ts ?? '');
  return { requestId: requestIdIn(call.body.blocks)!, channel: String(call.body.channel), ts, call };
}

/** Every approval message posted so far. */
export function approvalMessages(double: SlackDouble): ApprovalMessage[] {
  return double
    .callsTo('chat.postMessage')
    .filter(isApprovalPost)
    .map((call) => ({
      requestId: requestIdIn(call.body.blocks)!,
      channel: String(call.body.channel),
      ts: String(call.answer?.ts ?? ''),
      call,
    }));
}

/** The message as it reads now: its last chat.update, or the post itself. */
export function currentBlocks(double: SlackDouble, message: ApprovalMessage): unknown {
  const updates = double.callsTo('chat.update').filter((call) => call.body.ts === message.ts);
  return (updates.at(-1) ?? message.call).body.blocks;
}

/** Waits for a re-rendering of the message whose text contains `text`. */
export function waitForUpdate(
  double: SlackDouble,
  message: ApprovalMessage,
  text: string,
  options: { timeoutMs?: number } = {},
): Promise<SlackCall> {
  return double.waitForCall('chat.update', (call) => call.body.ts === message.ts && visibleText(call.body.blocks).includes(text), options);
}

/** The replies in the message's thread so far, as a person reads them. */
export function threadTexts(double: SlackDouble, message: ApprovalMessage): string[] {
  return double
    .callsTo('chat.postMessage')
    .filter((call) => call.body.thread_ts === message.ts)
    .map((call) => visibleText(call.body.blocks));
}

/** Waits for a thread reply containing `text`; returns its text. */
export async function waitForThreadReply(
  double: SlackDouble,
  message: ApprovalMessage,
  text: string,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const call = await double.waitForCall(
    'chat.postMessage',
    (each) => each.body.thread_ts === message.ts && visibleText(each.body.blocks).includes(text),
    options,
  );
  return visibleText(call.body.blocks);
}

/**
 * A thread reply's key (the bot puts it in each reply's metadata: `replyKeyOf` in
 * src/workflow/messenger.ts): 'approval_counted:<approver>', 'approved', 'rejected', 'withdrawn',
 * 'expired', 'executed', 'progress' (a request of one line), 'completed' or 'stuck' (the request's
 * close), 'line_list' (a request of several lines).
 */
export type ReplyKey = string;

interface ReplyMetadata {
  event_payload?: { request_id?: string; reply?: string };
}

/** The key of a thread reply of `message` (undefined for any other call). */
function replyKeyIn(call: SlackCall, message: ApprovalMessage): ReplyKey | undefined {
  if (call.body.thread_ts !== message.ts) return undefined;
  const payload = (call.body.metadata as ReplyMetadata | undefined)?.event_payload;
  return payload?.request_id === message.requestId ? payload.reply : undefined;
}

/** The replies with this key posted (or tried: see each call's `answer`) in the request's thread so far, in order. */
export function repliesOf(double: SlackDouble, message: ApprovalMessage, key: ReplyKey): SlackCall[] {
  return double.callsTo('chat.postMessage').filter((call) => replyKeyIn(call, message) === key);
}

/** The keys of the replies posted in the request's thread so far, in order. */
export function replyKeys(double: SlackDouble, message: ApprovalMessage): ReplyKey[] {
  return double.callsTo('chat.postMessage').flatMap((call) => replyKeyIn(call, message) ?? []);
}

/** Waits for the thread reply with this key (the post itself: its blocks, its metadata). */
export function waitForReply(
  double: SlackDouble,
  message: ApprovalMessage,
  key: ReplyKey,
  options: { timeoutMs?: number } = {},
): Promise<SlackCall> {
  return double.waitForCall('chat.postMessage', (call) => replyKeyIn(call, message) === key, options);
}

/** The chat.update calls that redrew the approval message (same channel, same ts), in order. */
export function updatesOf(double: SlackDouble, message: ApprovalMessage): SlackCall[] {
  return double.callsTo('chat.update').filter((call) => call.body.ts === message.ts && call.body.channel === message.channel);
}

/** Who posted the approval message, as Slack names it in a click's payload (the bot, unless another app did). */
const posterOf = (message: ApprovalMessage): string => {
  // A message found in the channel rather than posted in sight has no call (`call` is left out).
  const posted = (message.call as SlackCall | undefined)?.answer?.message as { bot_id?: unknown } | undefined;
  return typeof posted?.bot_id === 'string' ? posted.bot_id : DOUBLE_BOT.botId;
};

/** A click on one of the approval message's buttons, as Slack sends it (the message is in the approval channel). */
export function approvalClick(
  message: ApprovalMessage,
  button: 'approve' | 'reject' | 'withdraw',
  userId: string,
  options: { responseUrl?: string; triggerId?: string } = {},
) {
  const actionId = { approve: ACTIONS.approveRequest, reject: ACTIONS.rejectRequest, withdraw: ACTIONS.withdrawRequest }[button];
  return blockActions({
    actionId,
    value: message.requestId,
    blockId: `approval_actions_${message.requestId}`,
    userId,
    container: { type: 'message', ephemeral: false, channelId: message.channel, messageTs: message.ts, botId: posterOf(message) },
    ...(options.responseUrl ? { responseUrl: options.responseUrl } : {}),
    ...(options.triggerId ? { triggerId: options.triggerId } : {}),
  });
}

/** Clicks a button of the approval message; resolves with the ack and the click's response_url (where ephemeral answers go). */
export async function click(
  rig: SlackRig,
  message: ApprovalMessage,
  button: 'approve' | 'reject' | 'withdraw',
  userId: string,
  sendOptions?: SendOptions,
) {
  const responseUrl = rig.double.responseUrl();
  const ack = await rig.send(approvalClick(message, button, userId, { responseUrl }), sendOptions);
  return { ack, responseUrl };
}

/** The reject modal's submission with a reason (from the view the Reject click opened). */
export function rejectSubmission(view: { private_metadata?: string }, reason: string | null, userId: string) {
  return viewSubmission({
    callbackId: VIEWS.rejectRequest,
    privateMetadata: view.private_metadata,
    userId,
    values: { [FIELDS.rejectionReason.block]: { [FIELDS.rejectionReason.action]: state.text(reason) } },
  });
}

/** Asks for a change the way an agent does: `/freebit cancel …`, then the form submitted with a reason. */
export async function requestByCommand(
  rig: SlackRig,
  text: string,
  values: Record<string, Record<string, unknown>>,
  options: { userId?: string; channelId?: string } = {},
): Promise<{ answer: string; responseUrl: string }> {
  const userId = options.userId ?? AGENT.id;
  const { triggerId, responseUrl } = await rig.command(text, { user_id: userId, channel_id: options.channelId ?? SUPPORT_CHANNEL.id });
  const { view } = await rig.openedView({ triggerId });
  const entries = Object.fromEntries(
    Object.entries(values).map(([field, value]) => {
      const ids = FIELDS[field as keyof typeof FIELDS];
      return [ids.block, { [ids.action]: value }];
    }),
  );
  await rig.send(viewSubmission({ callbackId: view.callback_id, privateMetadata: view.private_metadata, userId, values: entries }));
  const answer = await rig.double.waitForResponse(responseUrl);
  return { answer: visibleText(answer.body.blocks), responseUrl };
}

/**
 * `/freebit cancel <phone>` and its form submitted, without waiting for the answer: for a test
 * that stops or kills the bot meanwhile. `beforeSubmit` runs once the command's response_url
 * is known (to hold the answer, say).
 */
export async function submitCancellation(
  rig: SlackRig,
  phone: string,
  options: { userId?: string; reason?: string; beforeSubmit?: (responseUrl: string) => void } = {},
): Promise<{ responseUrl: string }> {
  const userId = options.userId ?? AGENT.id;
  const { triggerId, responseUrl } = await rig.command(`cancel ${phone}`, { user_id: userId, channel_id: SUPPORT_CHANNEL.id });
  options.beforeSubmit?.(responseUrl);
  const { view } = await rig.openedView({ triggerId });
  await rig.send(
    viewSubmission({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      userId,
      values: {
        [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text(phone) },
        [FIELDS.runDate.block]: { [FIELDS.runDate.action]: state.date(null) },
        [FIELDS.reason.block]: { [FIELDS.reason.action]: state.text(options.reason ?? 'customer moved abroad') },
      },
    }),
  );
  return { responseUrl };
}

/** `/freebit cancel <phone>` with a reason, from the default agent. */
export function requestCancellation(
  rig: SlackRig,
  phone: string,
  options: { userId?: string; reason?: string; runDate?: string; channelId?: string } = {},
) {
  return requestByCommand(
    rig,
    `cancel ${phone}`,
    {
      phone: state.text(phone),
      runDate: state.date(options.runDate ?? null),
      reason: state.text(options.reason ?? 'customer moved abroad'),
    },
    options,
  );
}

/** `/freebit contract <phone> <line>` with a reason. */
export function requestContractChange(
  rig: SlackRig,
  phone: string,
  contractLine: '4G' | '5G',
  options: { userId?: string; reason?: string } = {},
) {
  return requestByCommand(
    rig,
    `contract ${phone} ${contractLine}`,
    { phone: state.text(phone), contractLine: state.radio(contractLine), reason: state.text(options.reason ?? 'new handset') },
    options,
  );
}

/** `/freebit register <phone>` with a plan and a reason. */
export function requestRegistration(rig: SlackRig, phone: string, options: { userId?: string; planCode?: string } = {}) {
  return requestByCommand(
    rig,
    `register ${phone}`,
    {
      phone: state.text(phone),
      planCode: state.select(options.planCode ?? 'LTE3G_P01'),
      startDate: state.date(null),
      reason: state.text('new customer'),
    },
    options,
  );
}

/** Puts an active 4G line with this number into the sandbox (each test its own line: one open request per line). */
export function freshLine(rig: Pick<SlackRig, 'sandbox'>, phone: string, overrides: Partial<SandboxLine> = {}): void {
  rig.sandbox.putLine({
    account: phone,
    state: 'active',
    planCode: 'LTE3G_P01',
    contractLine: '4G',
    iccid: `89811000${phone}`,
    imsi: `44010${phone.slice(1)}`,
    size: 'nano',
    sms: 10,
    talk: 20,
    ipv4: '',
    ipv6: '',
    quota: 1024,
    startDate: '20240401',
    masterAccount: '',
    ...overrides,
  });
}

/** 09055550012 → 090-5555-0012, as the bot shows numbers. */
export function shown(phone: string): string {
  return `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
}
