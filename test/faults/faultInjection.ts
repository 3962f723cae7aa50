/**
 * The fault-injection test, the in-process sibling of the crash-point test: the bot
 * lives on after one call failed. The store and the Slack Web API are wrapped so that the Nth
 * call fails once, and a whole request's story (asked, approved, sent to Freebit, followed up,
 * completed) runs for each N in turn, on one running bot, never restarted. People act as people
 * do: told "try again", they try again. After each story, within a few sweeps and polls:
 * - every request of the line is final (completed) or visibly ended (failed, withdrawn), and
 *   stays so;
 * - its approval message says so (no buttons left), and its thread has each reply once;
 * - Freebit received at most one change for the line; no line hold, follow-up job or owed
 *   reply is left behind;
 * - the requester heard the request's id.
 * Each run prints the fault it injected and what the request ended as.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ACTIONS, FIELDS } from '../../src/slack/kit/ids.js';
import type { Store } from '../../src/store/index.js';
import type { ApprovalRequest } from '../../src/workflow/approvalRequest.js';
import { requestCollections } from '../../src/workflow/context.js';
import { followUpJobSchema, FOLLOW_UP_SCHEMA_VERSION } from '../../src/workflow/followUpJob.js';
import { APPROVAL_CHANNEL, APPROVAL_ENV, APPROVER, click, freshLine, type ApprovalMessage } from '../../tools/slackDouble/approvals.js';
import { changeCalls } from '../support/approvals.js';
import { visibleText } from '../../tools/slackDouble/blockText.js';
import { faultyStore, type FaultTiming } from '../support/faultyStore.js';
import { startSlackRig, type RestartableSlackRig } from '../../tools/slackDouble/rig.js';
import type { SlackCall, StoredMessage } from '../../tools/slackDouble/double.js';
import { AGENT, SUPPORT_CHANNEL, state, viewSubmission } from '../../tools/slackDouble/requests.js';
import { sleep } from '../support/waiting.js';
import { deleteRedisKeys, randomPrefix, REDIS_URL } from '../store/support.js';

const REQUEST_MARKER = 'freebit_ops_request';
const REPLY_MARKER = 'freebit_ops_reply';
/** FREEBIT_TIMEOUT_MS in this test: what is owed, approved or executing is resumed 6 × this (of the clock) later (executionGraceOf). */
const FREEBIT_TIMEOUT_MS = 2_000;
/**
 * Each tick of the story moves the clock on and gives the sweeps and polls a moment: the clock
 * runs 25 times faster than real time, slow enough that a call in flight is not overtaken by
 * the grace (6 × FREEBIT_TIMEOUT_MS) a live process is given before the sweep steps in.
 */
const TICK_CLOCK_MS = 1_000;
const TICK_REAL_MS = 40;
/** Ticks a story may take to settle after its fault; then a few more in which nothing may change. */
const SETTLE_TICKS = 100;
const QUIET_TICKS = 3;
/** Reads every sweep or poll makes whatever happens (and the access log's pruning claim). */
const PERIODIC =
  /^(requests\.(list|inIndex)|follow-ups\.(list|inIndex)|line-holds\.(list|inIndex)|(acquire|release)Lease\(sweep\)|pace\(|claim\(access-log|access\.)/;
const WRITES = /\.(create|update|delete\w*|append|set)\(|^(claim|acquireLease|releaseLease)\(/;
const FINAL = new Set(['completed', 'failed', 'stuck', 'rejected', 'withdrawn', 'expired']);

type Metadata = { event_type?: string; event_payload?: { request_id?: string; reply?: string } };
const metadataOf = (message: { metadata?: unknown } | undefined) => message?.metadata as Metadata | undefined;

export function faultInjectionSuite(backend: 'sqlite' | 'redis'): void {
  describe(`one fault at a time, the bot running on (${backend})`, () => {
    let rig: RestartableSlackRig;
    let store: Store;
    const faults = faultyStore();
    const prefix = randomPrefix();
    let phones = 0;

    beforeAll(async () => {
      rig = await startSlackRig({
        env: {
          ...APPROVAL_ENV,
          FREEBIT_TIMEOUT_MS: String(FREEBIT_TIMEOUT_MS),
          POLL_INTERVAL_MS: '100',
          // A cancellation takes 10 min at Freebit: 3 s of the clock here.
          SANDBOX_TIME_SCALE: '200',
          ...(backend === 'redis' ? { STORE_URL: REDIS_URL } : {}),
        },
        overrides: {
          sweepMs: 40,
          // Its clock runs 25× real time: the bot's own budget (real time) would stretch each story
          // over real minutes; the double's limits follow the clock and still hold the bot to Slack's pace.
          slackBudget: false,
          storePrefix: prefix,
          wrapStore: (opened) => {
            store = opened;
            return faults.wrap(opened);
          },
        },
      });
    }, 30_000);
    afterAll(async () => {
      await rig?.close();
      if (backend === 'redis') await deleteRedisKeys(prefix);
    });

    const nextPhone = () => `070${String(60_000_000 + (backend === 'redis' ? 5_000 : 0) + phones++).padStart(8, '0')}`;

    /**
     * Runs the story with each fault `arm(n)` makes, n = 1, 2, … until the fault fires only
     * after the story settled (or not at all): every call the story makes has failed once.
     */
    async function everyN(kind: string, arm: (n: number) => void, fired: () => string | undefined, calls: () => number): Promise<string[]> {
      const lines: string[] = [];
      // FAULT_FROM=12 starts at the 12th call (to look at one fault with DEBUG_BOT=1).
      for (let n = Number(process.env.FAULT_FROM ?? 1); ; n++) {
        const phone = nextPhone();
        freshLine(rig, phone);
        arm(n);
        const story = await storyOf(rig, () => store, phone, calls);
        const fault = fired();
        const inStory = fault !== undefined && n <= story.calls;
        const line = `fault [${backend}] ${kind} #${n}: ${inStory ? fault : `none within the story (${story.calls} calls)`} → ${story.outcome}`;
        console.log(line);
        lines.push(line);
        if (!inStory) return lines;
      }
    }

    test.each<FaultTiming>(['before', 'after'])(
      'each store call in turn fails once (%s it reached the store)',
      async (timing) => {
        // The sweep's and the poller's periodic reads are left out of the count (a failed one only
        // skips a round, and how many there are depends on timing); after the store did it, only
        // a write differs from a refused call.
        const counts = (label: string) => !PERIODIC.test(label) && (timing === 'before' || WRITES.test(label));
        const lines = await everyN(
          `store ${timing}`,
          (n) => faults.failNth(n, timing, counts),
          () => faults.fired?.call,
          () => faults.calls,
        );
        expect(lines.length).toBeGreaterThan(timing === 'before' ? 15 : 8);
      },
      240_000,
    );

    test.each<boolean>([false, true])(
      'each Slack Web API call in turn fails once (did it land: %s)',
      async (lands) => {
        // A call that landed differs from a refused one only when it changes something.
        const predicate = lands ? (call: SlackCall) => /^(chat|views)\./.test(call.method) : undefined;
        const lines = await everyN(
          `slack ${lands ? 'landed, answered an error' : 'refused'}`,
          (n) => rig.double.failNth(n, { error: 'internal_error', lands, ...(predicate ? { predicate } : {}) }),
          () => {
            const fault = rig.double.nth.fired;
            return fault ? `${fault.method}${fault.lands ? ' (landed)' : ''}` : undefined;
          },
          () => rig.double.nth.calls,
        );
        expect(lines.length).toBeGreaterThan(lands ? 4 : 6);
      },
      240_000,
    );
  });
}

/**
 * One cancellation asked, approved and completed, as people would carry it through a fault;
 * resolves with what the requests of the line ended as once every invariant holds (and kept
 * holding a few ticks more), or throws naming what did not.
 */
async function storyOf(
  rig: RestartableSlackRig,
  store: () => Store,
  phone: string,
  calls: () => number,
): Promise<{ outcome: string; calls: number }> {
  const requests = () => requestCollections(store()).requests;
  const ofLine = async () =>
    (await requests().list()).filter((request) => request.phones.includes(phone)).sort((a, b) => a.createdAt - b.createdAt);
  const responseUrls: string[] = [];

  // ---- Asking: told "try again" (or the form did not open), the agent asks again, up to three times.
  for (let attempt = 0; attempt < 3; attempt++) {
    const asked = await ask(rig, phone);
    if (asked.responseUrl) responseUrls.push(asked.responseUrl);
    if (asked.recorded) break;
    if ((await ofLine()).some((request) => request.state === 'pending')) break;
  }

  // ---- Approving: the approver clicks once the message is there; told "try again", clicks again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const open = await waitForTicks(rig, async () => {
      const pending = (await ofLine()).find((request) => request.state === 'pending');
      if (!pending) return 'none' as const;
      const message = approvalMessagesOf(rig, pending.id)[0];
      return message ? { request: pending, message } : undefined;
    });
    if (open === 'none' || !open) break;
    const message: ApprovalMessage = {
      requestId: open.request.id,
      channel: APPROVAL_CHANNEL,
      ts: open.message.ts,
      call: undefined as never,
    };
    const { responseUrl } = await click(rig, message, 'approve', APPROVER);
    const answered = await waitForTicks(rig, async () => {
      const now = await requests().get(open.request.id);
      if (now?.state !== 'pending') return 'decided';
      return rig.double.responsesTo(responseUrl).length > 0 ? 'told' : undefined;
    });
    if (answered !== 'told') break;
  }

  // ---- The story ends by itself: sweeps and polls, the clock moving past every grace.
  let problems: string[] = [];
  let quiet = 0;
  let settledAfter = 0;
  for (let tick = 0; tick < SETTLE_TICKS; tick++) {
    problems = await invariantsBroken(rig, store(), phone, await ofLine(), responseUrls);
    if (problems.length === 0 && quiet === 0) settledAfter = calls();
    quiet = problems.length === 0 ? quiet + 1 : 0;
    if (quiet > QUIET_TICKS) break;
    await tickOnce(rig);
  }
  if (problems.length > 0) throw new Error(`${phone}: ${problems.join('; ')}\nrequests: ${JSON.stringify(await ofLine())}`);
  const ended = await ofLine();
  const outcome = `${ended.map((request) => `${request.id} ${request.state}${request.execution ? ` (${request.execution.result})` : ''}`).join(', ')}; ${changeCallsFor(rig, phone)} Freebit change call(s)`;
  return { outcome, calls: settledAfter };
}

/**
 * The clock moves only while no Slack request is being handled: a click's work (the approval,
 * the call, the replies) takes real time, and on a loaded machine the fast clock could
 * otherwise carry it past its grace while it runs, which no real clock does.
 */
async function tickOnce(rig: RestartableSlackRig): Promise<void> {
  if (rig.bot.inFlight() === 0) rig.clock.advance(TICK_CLOCK_MS);
  await sleep(TICK_REAL_MS);
}

/** `probe` each tick until it gives something (the clock moving on meanwhile); undefined after SETTLE_TICKS. */
async function waitForTicks<T>(
  rig: RestartableSlackRig,
  probe: () => Promise<T | undefined>,
  ticks = SETTLE_TICKS,
): Promise<T | undefined> {
  for (let tick = 0; tick < ticks; tick++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(10);
    if (tick % 3 === 2) await tickOnce(rig);
  }
  return undefined;
}

/** `/freebit cancel <phone>`, the form filled and sent; what the agent was told. */
async function ask(rig: RestartableSlackRig, phone: string): Promise<{ responseUrl?: string; recorded: boolean }> {
  const { triggerId, responseUrl } = await rig.command(`cancel ${phone}`, { user_id: AGENT.id, channel_id: SUPPORT_CHANNEL.id });
  const opened = await rig.double
    .waitForCall('views.open', (call) => call.body.trigger_id === triggerId, { timeoutMs: 5_000 })
    .catch(() => undefined);
  if (opened?.answer?.ok !== true) return { responseUrl, recorded: false };
  const view = opened.body.view as { callback_id: string; private_metadata?: string };
  await rig.send(
    viewSubmission({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      userId: AGENT.id,
      values: {
        [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text(phone) },
        [FIELDS.runDate.block]: { [FIELDS.runDate.action]: state.date(null) },
        [FIELDS.reason.block]: { [FIELDS.reason.action]: state.text('fault injection') },
      },
    }),
  );
  const answer = await rig.double.waitForResponse(responseUrl, { timeoutMs: 5_000 }).catch(() => undefined);
  return { responseUrl, recorded: answer !== undefined && /FR-[0-9A-Z]{5}/.test(visibleText(answer.body.blocks)) };
}

/** What is still wrong with the line's requests; empty once the story has ended truthfully. */
async function invariantsBroken(
  rig: RestartableSlackRig,
  store: Store,
  phone: string,
  requests: ApprovalRequest[],
  responseUrls: string[],
): Promise<string[]> {
  const problems: string[] = [];
  if (requests.length === 0) problems.push('no request was recorded');
  const changes = changeCallsFor(rig, phone);
  if (changes > 1) problems.push(`${changes} change calls reached Freebit`);
  const hold = await store
    .records('line-holds', z.object({ requestId: z.string() }), 1)
    .get(phone)
    .catch(() => 'unreadable');
  if (hold !== undefined) problems.push(`the line is still held (${JSON.stringify(hold)})`);
  const jobs = store.records('follow-ups', followUpJobSchema, FOLLOW_UP_SCHEMA_VERSION);
  for (const request of requests) {
    const id = request.id;
    if (!FINAL.has(request.state)) problems.push(`${id} is ${request.state}`);
    if (request.owedReplies?.length) problems.push(`${id} still owes ${request.owedReplies.map((reply) => reply.kind).join(', ')}`);
    if (request.requesterNotice) problems.push(`${id}: the requester was not told its id yet`);
    if (await jobs.get(id).catch(() => undefined)) problems.push(`${id} still has a follow-up job`);
    const messages = approvalMessagesOf(rig, id);
    if (messages.length > 1) problems.push(`${id} has ${messages.length} approval messages`);
    const message = messages[0];
    const withdrawnUnposted = request.state === 'withdrawn' && request.decidedBy === 'freebit-ops';
    if (!message) {
      if (!withdrawnUnposted) problems.push(`${id} has no approval message`);
      continue;
    }
    const text = visibleText(message.blocks);
    if (JSON.stringify(message.blocks ?? []).includes(ACTIONS.approveRequest) && request.state !== 'pending')
      problems.push(`${id}'s message still has its buttons`);
    const says = STATUS_WORDS[request.state];
    if (says && !text.toLowerCase().includes(says.toLowerCase()))
      problems.push(`${id}'s message does not say "${says}": ${text.slice(-200)}`);
    const replies = repliesOf(rig, message.ts);
    for (const [key, count] of replies) if (count > 1) problems.push(`${id}'s thread has the "${key}" reply ${count} times`);
    for (const key of REPLIES_EXPECTED[request.state] ?? [])
      if (!replies.has(key)) problems.push(`${id}'s thread lacks the "${key}" reply`);
    const told = [
      ...responseUrls.flatMap((url) => rig.double.responsesTo(url)),
      ...rig.double.callsTo('chat.postMessage').filter((call) => call.body.channel === AGENT.id && call.answer?.ok === true),
    ];
    if (!withdrawnUnposted && !told.some((call: SlackCall) => visibleText(call.body.blocks).includes(id)))
      problems.push(`the requester never heard ${id}`);
  }
  return problems;
}

/** What the status line of a decided message says, per state (English: the requester's locale). */
const STATUS_WORDS: Partial<Record<string, string>> = {
  completed: 'completed at',
  failed: 'not done',
  withdrawn: 'Withdrawn by',
};

const REPLIES_EXPECTED: Partial<Record<string, string[]>> = {
  completed: ['approved', 'executed', 'completed'],
  failed: ['approved', 'executed'],
};

function approvalMessagesOf(rig: RestartableSlackRig, requestId: string): StoredMessage[] {
  return rig.double
    .messagesIn(APPROVAL_CHANNEL)
    .filter(
      (each) =>
        !each.thread_ts && metadataOf(each)?.event_type === REQUEST_MARKER && metadataOf(each)?.event_payload?.request_id === requestId,
    );
}

function repliesOf(rig: RestartableSlackRig, ts: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const each of rig.double.messagesIn(APPROVAL_CHANNEL)) {
    if (each.thread_ts !== ts || metadataOf(each)?.event_type !== REPLY_MARKER) continue;
    const key = metadataOf(each)?.event_payload?.reply ?? '?';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function changeCallsFor(rig: RestartableSlackRig, phone: string): number {
  return changeCalls(rig).filter((call) => JSON.stringify(call.json).includes(phone)).length;
}
