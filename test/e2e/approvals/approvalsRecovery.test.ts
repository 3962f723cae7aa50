import { afterEach, describe, expect, test } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import type { ApprovalRequest } from '../../../src/workflow/approvalRequest.js';
import { requestCollections } from '../../../src/workflow/context.js';
import { executionGraceOf } from '../../../src/workflow/index.js';
import {
  APPROVAL_ENV,
  APPROVER,
  approvalMessageFor,
  approvalMessages,
  click,
  currentBlocks,
  requestCancellation,
  waitForUpdate,
} from '../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../support/approvals.js';
import {
  actionIds,
  isDecidedDrawing,
  replyKeys,
  storedRequest,
  waitForAcceptance,
  waitForRedraw,
  waitForState,
} from '../../support/requestState.js';
import { startSlackRig, visibleText, type RestartableSlackRig } from '../../../tools/slackDouble/rig.js';
import { AGENT } from '../../../tools/slackDouble/requests.js';
import { sleep, until } from '../../support/waiting.js';

/** FREEBIT_TIMEOUT_MS is 2 s in the rig: what a stopped process owed is settled a grace later. */
const PAST_THE_GRACE_MS = executionGraceOf(2_000) + 1;

/**
 * What a process that stopped between two steps leaves, and how the bot settles it: the
 * approval message found again or adopted from a click, the requester told, a thread reply
 * Slack refused posted later, once. (test/crash/ kills a real process at each step.)
 */
describe('settling what a stopped process owed', () => {
  let rig: RestartableSlackRig;
  afterEach(async () => {
    await rig?.close();
  });

  const start = async () => (rig = await startSlackRig({ env: APPROVAL_ENV, overrides: { sweepMs: 50 } }));

  /** Restarts the bot with the request changed in the store as a process that died would leave it. */
  const restartLeaving = (requestId: string, change: (request: ApprovalRequest) => ApprovalRequest) =>
    rig.restart(async () => {
      const store = await openStore(`sqlite://${rig.storeFile}`, { clock: rig.clock });
      await requestCollections(store).requests.update(requestId, change);
      await store.close();
    });

  test('a failed update of the approval message does not cost its thread replies', async () => {
    await start();
    await requestCancellation(rig, '09012345678');
    const message = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    rig.double.failNext('chat.update', 'internal_error', 5);
    await click(rig, message, 'approve', APPROVER);
    await waitForAcceptance(rig, message);
    expect(replyKeys(rig.double, message)).toContain('approved');
  });

  test('a thread reply Slack refused is posted by the sweep once the grace has passed, and only once, before the replies behind it', async () => {
    await start();
    await requestCancellation(rig, '09012345678');
    const message = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    // The first reply of the thread (the approval's) is refused; the execution's waits behind it.
    rig.double.failNext('chat.postMessage', 'internal_error');
    await click(rig, message, 'approve', APPROVER);
    await waitForState(rig, message.requestId, 'accepted');
    await sleep(300);
    // What the thread holds (a refused post is not in it).
    const thread = () =>
      rig.double
        .messagesIn(message.channel)
        .filter((each) => each.thread_ts === message.ts)
        .map((each) => (each.metadata as { event_payload?: { reply?: string } } | undefined)?.event_payload?.reply);
    expect(thread()).toEqual([]);
    rig.clock.advance(PAST_THE_GRACE_MS);
    await waitForAcceptance(rig, message);
    expect(thread()).toEqual(['approved', 'executed']);
    rig.clock.advance(PAST_THE_GRACE_MS);
    await sleep(300);
    expect(thread()).toEqual(['approved', 'executed']);
  });

  test('a click on an approval message its request does not know adopts it: the update and the replies go to that message', async () => {
    await start();
    await requestCancellation(rig, '09012345678');
    const message = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    // The process died after Slack posted the message and before it recorded where it is.
    await restartLeaving(message.requestId, ({ approvalMessageTs: _, ...request }) => request);
    await click(rig, message, 'approve', APPROVER);
    await waitForAcceptance(rig, message);
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
    expect(actionIds(currentBlocks(rig.double, message))).toEqual([]);
    expect(rig.double.messagesIn(message.channel).filter((each) => !each.thread_ts)).toHaveLength(1);
    expect(changeCalls(rig)).toHaveLength(1);
  });

  test('at start, a pending request without its message finds it again by its metadata, and posts nothing new', async () => {
    await start();
    await requestCancellation(rig, '09012345678');
    const message = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    rig.clock.advance(PAST_THE_GRACE_MS);
    await restartLeaving(message.requestId, ({ approvalMessageTs: _, ...request }) => request);
    // Generous: the start-up sweep runs beside the bot's start on a busy CI machine.
    await waitForUpdate(rig.double, message, message.requestId, { timeoutMs: 15_000 });
    expect(approvalMessages(rig.double)).toHaveLength(1);
    // Found, it is the request's message again: an approval goes there.
    await click(rig, message, 'approve', APPROVER);
    await waitForAcceptance(rig, message);
  });

  test('a pending request whose message was never posted gets it, and the requester is told its id by DM', async () => {
    await start();
    // Slack never heard of the post: the process died before it went out, after the record.
    rig.double.hold('chat.postMessage', {
      lands: false,
      predicate: (call) => call.body.thread_ts === undefined && call.body.channel !== AGENT.id,
    });
    const asked = requestCancellation(rig, '09012345678');
    const lost = await rig.double.waitForCall('chat.postMessage', (call) => call.body.thread_ts === undefined);
    const requestId = (lost.body.metadata as { event_payload: { request_id: string } }).event_payload.request_id;
    asked.catch(() => {});
    rig.clock.advance(PAST_THE_GRACE_MS);
    await rig.restart();
    const posted = await approvalMessageFor(rig.double, { requestId, timeoutMs: 5_000 } as never);
    expect(rig.double.messagesIn(posted.channel).filter((each) => !each.thread_ts)).toHaveLength(1);
    const dm = await rig.double.waitForCall('chat.postMessage', (call) => call.body.channel === AGENT.id);
    expect(visibleText(dm.body.blocks)).toContain(requestId);
    // The record points at the message that landed, and owes the requester nothing more.
    const [landed] = rig.double.messagesIn(posted.channel).filter((each) => !each.thread_ts);
    await until('the notice recorded as given', async () =>
      (await storedRequest(rig, requestId)).requesterNotice === undefined ? true : undefined,
    );
    expect(await storedRequest(rig, requestId)).toMatchObject({ state: 'pending', approvalMessageTs: landed!.ts });
  });
});
