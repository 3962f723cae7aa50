/**
 * The crash-point test (README.md, "Stopping and restarting"): the bot, in a process of its own, is
 * killed with SIGKILL at each step of a request's life in turn, started again on the same
 * store, and the story is finished as people would finish it. After every restart:
 * - at most one mutating Freebit call per request (here exactly one: the story completes);
 * - the approval message is updated, and every thread reply is in its thread;
 * - the completion is announced once;
 * - no request is left pending without a message, and the requester heard the request id.
 * Each kill is made where the bot waits on the outside world (Slack's answer to a post, the
 * sandbox's answer to a call), so it lands exactly between the two steps named.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACTIONS } from '../../src/slack/kit/ids.js';
import {
  APPROVAL_CHANNEL,
  APPROVER,
  approvalMessageFor,
  click,
  freshLine,
  shown,
  submitCancellation,
  type ApprovalMessage,
} from '../../tools/slackDouble/approvals.js';
import { changeCalls } from '../support/approvals.js';
import { submitCancellation as submitBulkCancellation, submitSummary, summaryIn } from '../../tools/slackDouble/bulk.js';
import { openStore } from '../../src/store/index.js';
import { requestCollections } from '../../src/workflow/index.js';
import { startBotProcessWorld, type BotProcessWorld } from '../support/botProcesses.js';
import { PATHS } from '../support/freebit.js';
import { visibleText } from '../../tools/slackDouble/blockText.js';
import type { SlackCall, StoredMessage } from '../../tools/slackDouble/double.js';
import { AGENT } from '../../tools/slackDouble/requests.js';
import { sleep, until } from '../support/waiting.js';

export const CRASH_POINTS = [
  'after the record',
  'after the approval post',
  'after the ts is saved',
  'after the approval',
  'during the Freebit call',
  'after the acceptance',
  'during follow-up',
  'during the completion post (it reached Slack)',
  'during the completion post (it did not)',
] as const;
type CrashPoint = (typeof CRASH_POINTS)[number];

const REQUEST_MARKER = 'freebit_ops_request';
const REPLY_MARKER = 'freebit_ops_reply';
/** Generous: a restart (tsx start-up), the grace a stopped process's work is given (6 × FREEBIT_TIMEOUT_MS), a sweep. */
const SETTLED_WITHIN_MS = 20_000;

type Metadata = { event_type?: string; event_payload?: { request_id?: string; reply?: string } };
const metadataOf = (message: { metadata?: unknown } | undefined) => message?.metadata as Metadata | undefined;
const bodyMetadata = (call: SlackCall) => call.body.metadata as Metadata | undefined;

export function crashPointSuite(store: 'sqlite' | 'redis'): void {
  describe(`killed at each step of a request's life, restarted on ${store}`, () => {
    let world: BotProcessWorld;
    beforeAll(async () => {
      // A cancellation takes about 3 s at Freebit; a Freebit call gets 500 ms (so the grace of a stopped process's work is 3 s).
      world = await startBotProcessWorld({ store, timeScale: 200, env: { FREEBIT_TIMEOUT_MS: '500', POLL_INTERVAL_MS: '200' } });
      await world.start();
    }, 30_000);
    afterAll(async () => {
      await world?.close();
    });

    CRASH_POINTS.forEach((point, index) => {
      test(`killed ${point}: one Freebit call, the message and every reply in place, the completion told once`, async () => {
        const phone = `070${55_550_000 + index + (store === 'redis' ? 100 : 0)}`;
        try {
          await storyKilledAt(world, point, phone);
        } catch (error) {
          throw new Error(`${String(error)}\n--- bot output (last 4000 characters) ---\n${world.output().slice(-4_000)}`);
        }
        // Named in the output: which step was killed, and what was seen after.
        console.log(`crash point [${store}] killed ${point}: restarted, story finished, invariants hold`);
      }, 60_000);
    });

    test('killed between a request’s holds and its record: no line stays blocked, the sweep posts nothing, the lines can be asked for again', async () => {
      const base = 55_560_000 + (store === 'redis' ? 100 : 0);
      const phones = [`070${base + 1}`, `070${base + 2}`, `070${base + 3}`];
      for (const phone of phones) freshLine(world.rig, phone);
      try {
        await world.kill();
        await world.start({ pauseAt: 'requests.create' });
        const { viewId } = await submitBulkCancellation(world.rig, phones.join('\n'), { reason: 'write order' });
        const summary = await summaryIn(world.rig, viewId, { timeoutMs: 20_000 });
        // Its answer never comes: the process waits, its holds written, before the request's record.
        void submitSummary(world.rig, summary, viewId).catch(() => undefined);
        await until(
          'the bot to stop right before the request’s record',
          () => (world.output().includes('"event":"test.paused"') ? true : undefined),
          20_000,
        );
        expect((await holdsOf(world, phones)).filter(Boolean), 'holds written before the record').toHaveLength(phones.length);
        await killAndRestart(world, Promise.resolve());

        // The sweep (every 200 ms here) releases holds naming no request once past the grace (6 × 500 ms).
        await until(
          'the holds of the request never written to be released',
          async () => ((await holdsOf(world, phones)).every((hold) => !hold) ? true : undefined),
          SETTLED_WITHIN_MS,
        );
        const posted = world.double
          .messagesIn(APPROVAL_CHANNEL)
          .filter((each) => phones.some((phone) => visibleText(each.blocks).includes(shown(phone))));
        expect(
          posted.map((each) => visibleText(each.blocks)),
          'approval messages for the lines of the request never written',
        ).toEqual([]);

        // Asked again, each line gets its request: nothing blocks it.
        for (const phone of phones) {
          await submitCancellation(world.rig, phone, { reason: `asked again ${phone}` });
          await approvalMessageFor(world.double, { text: `asked again ${phone}` }, { timeoutMs: 10_000 });
        }
      } catch (error) {
        throw new Error(`${String(error)}\n--- bot output (last 4000 characters) ---\n${world.output().slice(-4_000)}`);
      }
      console.log(`crash point [${store}] killed between the holds and the record: holds released by the sweep, lines free`);
    }, 90_000);
  });
}

/** Each line's hold as the store has it now (undefined: not held), read through a connection of the test's own. */
/** Reads the world's store beside the bot process (opened for the read, closed after it). */
async function readStore<T>(world: BotProcessWorld, read: (collections: ReturnType<typeof requestCollections>) => Promise<T>): Promise<T> {
  const { storeFile, storeUrl, storePrefix } = world.storeAt as { storeFile?: string; storeUrl?: string; storePrefix?: string };
  const store = await openStore(storeFile !== undefined ? `sqlite://${storeFile}` : storeUrl!, {
    clock: world.storeAt.clock,
    ...(storePrefix ? { prefix: storePrefix } : {}),
  });
  try {
    return await read(requestCollections(store));
  } finally {
    await store.close();
  }
}

function requestOf(world: BotProcessWorld, requestId: string) {
  return readStore(world, ({ requests }) => requests.get(requestId));
}

function holdsOf(world: BotProcessWorld, phones: readonly string[]): Promise<Array<{ requestId: string } | undefined>> {
  return readStore(world, ({ lineHolds }) => Promise.all(phones.map((phone) => lineHolds.get(phone))));
}

/** What the kill waits for; a story that fails before it is reached reports that failure, not this one's. */
function armed<T>(trigger: Promise<T>): Promise<T> {
  trigger.catch(() => {});
  return trigger;
}

async function killAndRestart(world: BotProcessWorld, trigger: Promise<unknown>): Promise<void> {
  await trigger;
  await world.kill();
  await world.start();
}

/** One request's whole life, with the bot killed once, at `point`. */
async function storyKilledAt(world: BotProcessWorld, point: CrashPoint, phone: string): Promise<void> {
  const { double, sandbox, rig } = world;
  freshLine(rig, phone);
  const phoneShown = shown(phone);
  const isApprovalPost = (call: SlackCall) =>
    call.body.thread_ts === undefined &&
    bodyMetadata(call)?.event_type === REQUEST_MARKER &&
    visibleText(call.body.blocks).includes(phoneShown);

  // ---- Asking: the command, the form, the record, the approval message, the requester's answer.
  let trigger: Promise<unknown> | undefined;
  if (point === 'after the record' || point === 'after the approval post') {
    double.hold('chat.postMessage', { lands: point === 'after the approval post', predicate: isApprovalPost });
    trigger = armed(double.waitForCall('chat.postMessage', isApprovalPost, { timeoutMs: 10_000 }));
  }
  const { responseUrl } = await submitCancellation(rig, phone, {
    reason: `crash point: ${point}`,
    beforeSubmit: (responseUrl) => {
      if (point !== 'after the ts is saved') return;
      const isAnswer = (call: SlackCall) => call.responseUrl === responseUrl;
      double.hold('response_url', { lands: false, predicate: isAnswer });
      trigger = armed(double.waitForCall('response_url', isAnswer, { timeoutMs: 10_000 }));
    },
  });
  if (trigger) await killAndRestart(world, trigger);

  const requestId = bodyMetadata(await double.waitForCall('chat.postMessage', isApprovalPost, { timeoutMs: 10_000 }))?.event_payload
    ?.request_id;
  expect(requestId, 'the approval post names its request in its metadata').toMatch(/^FR-/);
  // The message as Slack keeps it: the one posted, or the one a restarted bot posted anew.
  const stored = await until(
    'the approval message to be in the channel',
    () => approvalMessagesOf(world, requestId!)[0],
    SETTLED_WITHIN_MS,
  );
  const message: ApprovalMessage = { requestId: requestId!, channel: APPROVAL_CHANNEL, ts: stored.ts, call: undefined as never };

  // ---- Approving: the click, the approval's announcement, the Freebit call, the acceptance.
  trigger = undefined;
  if (point === 'after the approval') {
    double.hold('chat.update', { lands: true, predicate: (call) => call.body.ts === message.ts });
    trigger = armed(double.waitForCall('chat.update', (call) => call.body.ts === message.ts, { timeoutMs: 10_000 }));
  }
  if (point === 'during the Freebit call') {
    sandbox.injectFault(PATHS.cancel, { kind: 'delay', ms: 30_000 });
    trigger = armed(until('the cancellation to reach Freebit', () => (changeCallsFor(world, phone) > 0 ? true : undefined), 10_000));
  }
  if (point === 'after the acceptance') {
    const accepted = (call: SlackCall) => call.body.ts === message.ts && visibleText(call.body.blocks).includes('accepted by Freebit');
    double.hold('chat.update', { lands: true, predicate: accepted });
    trigger = armed(double.waitForCall('chat.update', accepted, { timeoutMs: 10_000 }));
  }
  if (point === 'during follow-up') {
    trigger = armed(
      (async () => {
        await until('Freebit’s acceptance', () => (repliesOf(world, message, 'executed').length > 0 ? true : undefined), 10_000);
        const lookupsBefore = lookupsFor(world, phone);
        sandbox.injectFault(PATHS.lookup, { kind: 'delay', ms: 30_000 });
        await until('a follow-up lookup', () => (lookupsFor(world, phone) > lookupsBefore ? true : undefined), 10_000);
      })(),
    );
  }
  if (point.startsWith('during the completion post')) {
    const completion = (call: SlackCall) => call.body.thread_ts === message.ts && bodyMetadata(call)?.event_payload?.reply === 'completed';
    double.hold('chat.postMessage', { lands: point.endsWith('(it reached Slack)'), predicate: completion });
    trigger = armed(double.waitForCall('chat.postMessage', completion, { timeoutMs: 15_000 }));
  }
  await click(rig, message, 'approve', APPROVER);
  if (trigger) await killAndRestart(world, trigger);

  // The approval's redraw goes out beside the execution (the courier), not before it: a kill at
  // that redraw may land after the execution's claim and before its call. Such a change is never
  // sent again (the rule for a claim whose call may have gone out): it ends not done, says so in
  // the thread, and nothing reached Freebit.
  if (point === 'after the approval') {
    const ended = await until(
      'the request to end',
      async () => {
        const request = await requestOf(world, requestId!);
        return request && ['completed', 'failed'].includes(request.state) ? request : undefined;
      },
      SETTLED_WITHIN_MS,
    );
    if (ended.state === 'failed') {
      expect(ended.execution?.result, 'how it ended').toBe('interrupted');
      expect(changeCallsFor(world, phone), 'mutating Freebit calls').toBe(0);
      await until(
        'the thread to tell the approval and the outcome',
        () => (repliesOf(world, message, 'approved').length > 0 && repliesOf(world, message, 'executed').length > 0 ? true : undefined),
        SETTLED_WITHIN_MS,
      );
      await sleep(1_500);
      expect(repliesOf(world, message, 'approved'), 'approval replies').toHaveLength(1);
      expect(repliesOf(world, message, 'executed'), 'execution replies').toHaveLength(1);
      expect(JSON.stringify(approvalMessagesOf(world, requestId!)[0]!.blocks), 'the decided message keeps no buttons').not.toContain(
        ACTIONS.approveRequest,
      );
      return;
    }
  }

  // ---- The story ends: the change completed at Freebit and told in the thread.
  await until(
    'the thread to tell the approval, the execution and the completion, and the message to say completed',
    () =>
      repliesOf(world, message, 'approved').length > 0 &&
      repliesOf(world, message, 'executed').length > 0 &&
      repliesOf(world, message, 'completed').length > 0 &&
      visibleText(approvalMessagesOf(world, requestId!)[0]?.blocks).includes('completed at')
        ? true
        : undefined,
    SETTLED_WITHIN_MS,
  );
  // Long enough for a second announcement to show, if the bot were to make one (a few sweeps and polls).
  await sleep(1_500);

  expect(changeCallsFor(world, phone), 'mutating Freebit calls').toBe(1);
  const messages = approvalMessagesOf(world, requestId!);
  expect(messages, 'approval messages of the request').toHaveLength(1);
  expect(JSON.stringify(messages[0]!.blocks), 'the decided message keeps no buttons').not.toContain(ACTIONS.approveRequest);
  const strays = double.messagesIn(APPROVAL_CHANNEL).filter((each) => !each.thread_ts && metadataOf(each)?.event_type !== REQUEST_MARKER);
  expect(
    strays.map((each) => visibleText(each.blocks)),
    'replies posted outside a thread',
  ).toEqual([]);
  expect(repliesOf(world, message, 'completed'), 'completion replies').toHaveLength(1);
  expect(repliesOf(world, message, 'executed'), 'execution replies').toHaveLength(1);
  expect(repliesOf(world, message, 'approved'), 'approval replies').toHaveLength(1);
  // Told at once, or by the restarted bot's sweep by DM (once the dead process's sweep lease lapsed).
  const told = () => [
    ...double.responsesTo(responseUrl),
    ...double.callsTo('chat.postMessage').filter((call) => call.body.channel === AGENT.id),
  ];
  await until(
    'the requester to hear the request id',
    () => (told().some((call) => visibleText(call.body.blocks).includes(requestId!)) ? true : undefined),
    SETTLED_WITHIN_MS,
  );
}

function approvalMessagesOf(world: BotProcessWorld, requestId: string): StoredMessage[] {
  return world.double
    .messagesIn(APPROVAL_CHANNEL)
    .filter((each) => !each.thread_ts && metadataOf(each)?.event_payload?.request_id === requestId);
}

function repliesOf(world: BotProcessWorld, message: ApprovalMessage, reply: string): StoredMessage[] {
  return world.double
    .messagesIn(APPROVAL_CHANNEL)
    .filter(
      (each) =>
        each.thread_ts === message.ts && metadataOf(each)?.event_type === REPLY_MARKER && metadataOf(each)?.event_payload?.reply === reply,
    );
}

function changeCallsFor(world: BotProcessWorld, phone: string): number {
  return changeCalls(world.rig).filter((call) => JSON.stringify(call.json).includes(phone)).length;
}

function lookupsFor(world: BotProcessWorld, phone: string): number {
  return world.sandbox.received.filter((entry) => entry.path === PATHS.lookup && JSON.stringify(entry.json).includes(phone)).length;
}
