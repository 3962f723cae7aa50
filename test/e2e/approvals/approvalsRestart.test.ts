import { afterEach, describe, expect, test } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { requestCollections } from '../../../src/workflow/context.js';
import { lineKeyOf } from '../../../src/workflow/requestLines.js';
import { startSlackRig, type RestartableSlackRig } from '../../../tools/slackDouble/rig.js';
import {
  APPROVAL_ENV,
  APPROVER,
  approvalMessageFor,
  click,
  currentBlocks,
  requestCancellation,
  requestContractChange,
} from '../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../support/approvals.js';
import { actionIds, isDecidedDrawing, storedRequest, waitForAcceptance, waitForRedraw, waitForReply } from '../../support/requestState.js';

/** A deploy or a crash between the steps of a request: the store on disk carries it over. */
describe('a restart of the bot', () => {
  let rig: RestartableSlackRig;
  afterEach(async () => {
    await rig?.close();
  });

  test('a request made before the restart is still approvable after it, and makes one call', async () => {
    rig = await startSlackRig({ env: APPROVAL_ENV });
    await requestCancellation(rig, '09012345678');
    const message = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    await rig.restart();
    await click(rig, message, 'approve', APPROVER);
    await waitForAcceptance(rig, message);
    expect(changeCalls(rig)).toHaveLength(1);
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
    expect(actionIds(currentBlocks(rig.double, message))).toEqual([]);
  });

  test('a request left executing by a crash is settled by a lookup at start, never sent again', async () => {
    rig = await startSlackRig({ env: APPROVAL_ENV });
    await requestContractChange(rig, '09087654321', '4G');
    const message = await approvalMessageFor(rig.double, { phone: '090-8765-4321' });
    await rig.restart(async () => {
      // What a process that died around the Freebit call leaves: the claim taken, no outcome.
      const store = await openStore(`sqlite://${rig.storeFile}`, { clock: rig.clock });
      const { requests, requestLines } = requestCollections(store);
      const left = await requests.update(message.requestId, (current) => ({
        ...current,
        state: 'executing',
        approvals: [{ userId: APPROVER, at: rig.clock.now() }],
        decidedBy: APPROVER,
        decidedAt: rig.clock.now(),
        executingSince: rig.clock.now(),
      }));
      for (const line of left.updated ? left.value.lines : [])
        await requestLines.update(lineKeyOf(line), (current) => ({ ...current, state: 'executing' }));
      await store.close();
      // Long enough that no other replica can still be making the call.
      rig.clock.advance(5 * 60_000);
    });
    await waitForReply(rig.double, message, 'executed');
    expect(await storedRequest(rig, message.requestId)).toMatchObject({
      state: 'failed',
      execution: { result: 'interrupted', settlement: 'not_accepted' },
    });
    await waitForRedraw(rig.double, message, (call) => isDecidedDrawing(call));
    expect(changeCalls(rig)).toHaveLength(0);
    expect(actionIds(currentBlocks(rig.double, message))).toEqual([]);
  });
});
