/**
 * APPROVALS_REQUIRED the configured approvers cannot meet: the bot says so at start-up (the
 * requests themselves are refused with `not_enough_approvers`: test/workflow/approvals.test.ts).
 */
import { Writable } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { startSlackRig, type SlackRig } from '../../../tools/slackDouble/rig.js';

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function startupWarnings(env: Record<string, string>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  rig = await startSlackRig({ logStream, env: { LOG_LEVEL: 'warn', APPROVAL_CHANNEL_ID: 'C0APPROVALS', ...env } });
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('warns at start-up when APPROVALS_REQUIRED needs more approvers than are listed', async () => {
  const warnings = await startupWarnings({ APPROVER_USER_IDS: 'U0APPROVER,U0APPROVER2', APPROVALS_REQUIRED: 'cancel=3,register=2' });
  const warning = warnings.find((entry) => entry.event === 'approvals.too_few_approvers');
  // cancel=3 can never be met; register=2 cannot when one of the two approvers asks.
  expect(warning).toMatchObject({ forAnyone: ['cancel'], whenAnApproverAsks: ['cancel', 'register'], approvers: 2 });
});

test('warns at start-up when BULK_APPROVALS_REQUIRED needs more approvers than are listed, for requests of several lines', async () => {
  const warnings = await startupWarnings({ APPROVER_USER_IDS: 'U0APPROVER,U0APPROVER2', BULK_APPROVALS_REQUIRED: 'cancel=2' });
  // One line needs one approver (fine); several need two, which an approver asking cannot meet.
  expect(warnings.filter((entry) => entry.event === 'approvals.too_few_approvers')).toEqual([]);
  expect(warnings.find((entry) => entry.event === 'approvals.too_few_bulk_approvers')).toMatchObject({
    operations: ['cancel'],
    approvers: 2,
  });
});

test('says nothing when a user group approves (its size is Slack’s to say)', async () => {
  const warnings = await startupWarnings({ APPROVER_USERGROUP_ID: 'S0APPROVERS', APPROVALS_REQUIRED: 'cancel=3' });
  expect(warnings.filter((entry) => entry.event === 'approvals.too_few_approvers')).toEqual([]);
});

test('warns at start-up that anyone can see subscriber data when LOOKUP_* is unset, and not when it is set', async () => {
  const open = await startupWarnings({ APPROVER_USER_IDS: 'U0APPROVER' });
  expect(open.find((entry) => entry.event === 'access.lookup_unrestricted')?.msg).toMatch(
    /anyone in the workspace .* can see subscriber data/,
  );
  await rig?.close();
  const limited = await startupWarnings({ APPROVER_USER_IDS: 'U0APPROVER', LOOKUP_USERGROUP_ID: 'S0LOOKERS' });
  expect(limited.filter((entry) => entry.event === 'access.lookup_unrestricted')).toEqual([]);
});
