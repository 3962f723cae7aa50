import { beforeAll, describe, expect, test } from 'vitest';
import { formatJapanTime } from '../../../src/dates.js';
import { visibleText } from '../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../support/slackBot.js';
import { AGENT } from '../../../tools/slackDouble/requests.js';
import {
  APPROVAL_CHANNEL,
  APPROVER,
  SECOND_APPROVER,
  approvalMessageFor,
  click,
  freshLine,
  requestCancellation,
  shown,
} from '../../../tools/slackDouble/approvals.js';
import { repliesOf, replyKeys, storedRequest, waitForAcceptance, waitForReply } from '../../support/requestState.js';
import { sleep } from '../../support/waiting.js';

const GROUP = 'S0APPROVERS';
const MINUTE = 60_000;

/**
 * The reminder of a waiting request (README.md, "Approvals"), end to end: the real bot over signed HTTP, its
 * sweep every 50 ms, the Slack double as Slack. A request nobody decided on for
 * APPROVAL_REMIND_AFTER_MS gets one reply in its thread that mentions the approvers.
 */
describe('a reminder while a request waits (APPROVAL_REMIND_AFTER_MS)', () => {
  const rig = useSlackRig({
    env: { APPROVER_USERGROUP_ID: GROUP, APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL, APPROVAL_REMIND_AFTER_MS: String(30 * MINUTE) },
    overrides: { sweepMs: 50 },
  });
  beforeAll(() => rig.double.setUsergroup(GROUP, [APPROVER, SECOND_APPROVER]));

  const waitingRequest = async (phone: string, userId?: string) => {
    freshLine(rig, phone);
    await requestCancellation(rig, phone, userId ? { userId } : {});
    return approvalMessageFor(rig.double, { phone: shown(phone) });
  };

  test('lands once in the request’s thread, mentioning the approvers’ group, with how long it waited and when it expires', async () => {
    const message = await waitingRequest('09066660001');
    rig.clock.advance(30 * MINUTE - 1);
    await sleep(200);
    expect(replyKeys(rig.double, message)).toEqual([]);

    rig.clock.advance(1);
    const reply = await waitForReply(rig.double, message, 'reminder');
    expect(reply.body).toMatchObject({ channel: APPROVAL_CHANNEL, thread_ts: message.ts });
    const text = visibleText(reply.body.blocks);
    // Under the sandbox's banner (the bot runs on its embedded sandbox here).
    expect(text).toContain(
      `\n<!subteam^${GROUP}> :bell: This request has been waiting for approval for 30 min. Please approve or reject it before it expires at 2026-11-23 12:00 JST.`,
    );
    expect(text).not.toContain(`<@${AGENT.id}>`);
    expect(await storedRequest(rig, message.requestId)).toMatchObject({ state: 'pending', remindedAt: rig.clock.now() });

    // Sweeps go on every 50 ms, the request waits on: one reminder all the same.
    rig.clock.advance(60 * MINUTE);
    await sleep(300);
    expect(repliesOf(rig.double, message, 'reminder')).toHaveLength(1);

    // The line's history says so, and the request is approved as any other (no reminder after).
    const { responseUrl } = await rig.command('history 09066660001');
    expect(visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks)).toContain('2026-11-22 12:30 JST approvers reminded');
    await click(rig, message, 'approve', APPROVER);
    await waitForAcceptance(rig, message);
    rig.clock.advance(60 * MINUTE);
    await sleep(200);
    expect(replyKeys(rig.double, message)).toEqual(['reminder', 'approved', 'executed']);
  });

  test('a Japanese-speaking requester’s request reminds its approvers in Japanese', async () => {
    rig.double.setUser({ id: 'U0JAPAN21', locale: 'ja-JP' });
    const message = await waitingRequest('09066660002', 'U0JAPAN21');
    const expires = formatJapanTime(rig.clock.now() + 24 * 60 * MINUTE);
    rig.clock.advance(45 * MINUTE);
    const text = visibleText((await waitForReply(rig.double, message, 'reminder')).body.blocks);
    expect(text).toContain(
      `\n<!subteam^${GROUP}> :bell: この申請は承認待ちのまま 45 分が経過しました。${expires} に期限が切れる前に、承認または却下をお願いします。`,
    );
  });
});
