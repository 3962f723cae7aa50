import { describe, expect, test } from 'vitest';
import { visibleText } from '../../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../../support/slackBot.js';
import { AGENT } from '../../../../tools/slackDouble/requests.js';
import {
  APPROVAL_ENV,
  APPROVER,
  approvalClick,
  approvalMessageFor,
  click,
  rejectSubmission,
  requestCancellation,
} from '../../../../tools/slackDouble/approvals.js';
import { isDecidedDrawing, waitForAcceptance, waitForRedraw, waitForState } from '../../../support/requestState.js';

/** `/freebit history <phone>`: the requests for a line and what became of them, from the audit trail. */
describe('/freebit history', () => {
  const rig = useSlackRig({ env: APPROVAL_ENV });

  async function history(text: string): Promise<string> {
    const { responseUrl } = await rig.command(text);
    const answer = await rig.double.waitForResponse(responseUrl);
    expect(answer.body.response_type).toBe('ephemeral');
    return visibleText(answer.body.blocks);
  }

  test('a line nobody asked to change has a clear answer', async () => {
    expect(await history('history 070-1111-2222')).toContain('No change has been requested for 070-1111-2222 through the bot.');
  });

  test('lists each request for the line, newest first, with who did what and when', async () => {
    await requestCancellation(rig, '09012345678', { reason: 'duplicate contract' });
    const first = await approvalMessageFor(rig.double, { phone: '090-1234-5678' });
    await rig.send(approvalClick(first, 'reject', APPROVER, { triggerId: 'history-reject' }));
    const { view } = await rig.openedView({ triggerId: 'history-reject' });
    await rig.send(rejectSubmission(view, 'wrong customer', APPROVER));
    await waitForState(rig, first.requestId, 'rejected');
    await waitForRedraw(rig.double, first, isDecidedDrawing);

    rig.clock.advance(60_000);
    await requestCancellation(rig, '09012345678', { reason: 'customer asked again' });
    const second = await approvalMessageFor(rig.double, { text: 'customer asked again' });
    await click(rig, second, 'approve', APPROVER);
    await waitForAcceptance(rig, second);

    const text = await history('history 090-1234-5678');
    expect(text).toContain('090-1234-5678');
    // Newest first; each request with who asked, who decided, when, and the reason.
    const [newer, older] = [
      text.slice(text.indexOf(second.requestId), text.indexOf(first.requestId)),
      text.slice(text.indexOf(first.requestId)),
    ];
    expect(text.indexOf(second.requestId)).toBeGreaterThan(-1);
    expect(text.indexOf(second.requestId)).toBeLessThan(text.indexOf(first.requestId));
    expect(newer).toContain(`<@${AGENT.id}>`);
    expect(newer).toContain('customer asked again');
    expect(newer).toContain(`<@${APPROVER}>`);
    expect(newer).toContain('2026-11-22 12:01 JST');
    expect(newer).not.toContain('2026-11-22 12:00 JST');
    expect(older).toContain('duplicate contract');
    expect(older).toContain(`<@${APPROVER}>`);
    expect(older).toContain('2026-11-22 12:00 JST');
    expect(older).not.toContain('2026-11-22 12:01 JST');
  });

  test('without a number it says what is missing, with the usage', async () => {
    const text = await history('history');
    expect(text).toContain('`history` needs a phone number, such as 090-1234-5678.');
    expect(text).toContain('history <phone>');
  });

  test('help mentions history', async () => {
    expect(await history('help')).toContain('`/freebit history 090-1234-5678`');
  });
});
