/**
 * What an end-to-end test asserts instead of the bot's English: the request as the store has
 * it (its state, its execution), which reply of its thread was posted (the key the bot puts in
 * each reply's metadata: `replyKeyOf` in src/workflow/messenger.ts), the approval message being
 * updated in place (chat.update of its ts), and the action ids on its blocks.
 */
import type { Clock } from '../../src/clock.js';
import { BLOCKS } from '../../src/slack/kit/ids.js';
import { openStore } from '../../src/store/index.js';
import { requestCollections, type ApprovalRequest, type RequestState } from '../../src/workflow/index.js';
import { replyKeys, repliesOf, updatesOf, waitForReply, type ApprovalMessage, type ReplyKey } from '../../tools/slackDouble/approvals.js';
import { actionIds, blockIds } from '../../tools/slackDouble/blockText.js';
import type { SlackCall, SlackDouble } from '../../tools/slackDouble/double.js';
import type { RestartableSlackRig } from '../../tools/slackDouble/rig.js';
import { until } from './waiting.js';

export { actionIds, blockIds };
// Moved to tools/slackDouble/approvals.ts (the demo waits on them too).
export { replyKeys, repliesOf, updatesOf, waitForReply, type ReplyKey };

/** Where a bot keeps its requests: a rig's SQLite file, or a follow-up world's store (SQLite or Redis, with its key prefix). */
export type StoreAt = { clock: Clock } & ({ storeFile: string } | { storeUrl: string; storePrefix?: string });

/** The request as the store has it now (read through a connection of its own, beside the bot's). */
export async function storedRequest(at: StoreAt, id: string): Promise<ApprovalRequest> {
  // Property reads, not `in`: useSlackRig's rig is a Proxy that only forwards reads.
  const { storeFile, storeUrl, storePrefix: prefix } = at as { storeFile?: string; storeUrl?: string; storePrefix?: string };
  const url = storeFile !== undefined ? `sqlite://${storeFile}` : storeUrl;
  if (url === undefined) throw new Error('storedRequest: neither a store file nor a store URL');
  const store = await openStore(url, { clock: at.clock, ...(prefix ? { prefix } : {}) });
  try {
    const request = await requestCollections(store).requests.get(id);
    if (!request) throw new Error(`request ${id} is not in the store`);
    return request;
  } finally {
    await store.close();
  }
}

/** Waits until the stored request is in one of `states`; returns it. */
export function waitForState(
  at: StoreAt,
  id: string,
  states: RequestState | readonly RequestState[],
  timeoutMs = 5_000,
): Promise<ApprovalRequest> {
  const wanted: readonly RequestState[] = typeof states === 'string' ? [states] : states;
  return until(
    `request ${id} ${wanted.join(' or ')}`,
    async () => {
      const request = await storedRequest(at, id);
      return wanted.includes(request.state) ? request : undefined;
    },
    timeoutMs,
  );
}

/**
 * Freebit accepted the change: the thread's execution reply was posted, and the stored request
 * says the call was accepted (it is `accepted`, or `completed` already when the follow-up was quick).
 */
export async function waitForAcceptance(
  rig: Pick<RestartableSlackRig, 'double'> & StoreAt,
  message: ApprovalMessage,
  options: { timeoutMs?: number } = {},
): Promise<{ reply: SlackCall; request: ApprovalRequest }> {
  const reply = await waitForReply(rig.double, message, 'executed', options);
  const request = await storedRequest(rig, message.requestId);
  if (request.execution?.result !== 'accepted' || !['accepted', 'completed'].includes(request.state)) {
    throw new Error(`request ${message.requestId} was not accepted by Freebit: ${request.state}, ${JSON.stringify(request.execution)}`);
  }
  return { reply, request };
}

/** Waits for a chat.update of the approval message (its ts, its channel) that `predicate` accepts (any, by default). */
export function waitForRedraw(
  double: SlackDouble,
  message: ApprovalMessage,
  predicate: (call: SlackCall) => boolean = () => true,
  options: { timeoutMs?: number } = {},
): Promise<SlackCall> {
  return double.waitForCall(
    'chat.update',
    (call) => call.body.ts === message.ts && call.body.channel === message.channel && predicate(call),
    options,
  );
}

/** A redraw of a decided request: its buttons gone (no action ids), its outcome in the status block. */
export function isDecidedDrawing(call: SlackCall): boolean {
  return actionIds(call.body.blocks).length === 0 && blockIds(call.body.blocks).includes(BLOCKS.approvalStatus);
}
