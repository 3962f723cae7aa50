import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { FreebitService } from '../../../src/freebit/index.js';
import { ACTIONS, FIELDS, VIEWS } from '../../../src/slack/kit/ids.js';
import { OPERATION_LIST } from '../../../src/slack/changeForms/index.js';
import type { ApprovalDesk, LineReader, SlackDeps } from '../../../src/slack/index.js';
import {
  APPROVAL_CHANNEL,
  APPROVAL_ENV,
  APPROVER,
  OUTSIDER,
  approvalMessageFor,
  click,
  freshLine,
  requestCancellation,
  shown,
} from '../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../support/approvals.js';
import { isDecidedDrawing, waitForAcceptance, waitForRedraw, waitForState } from '../../support/requestState.js';
import { useSlackRig } from '../../support/slackBot.js';
import { sleep } from '../../support/waiting.js';
import {
  AGENT,
  blockActions,
  state,
  viewSubmission,
  type ButtonClick,
  type SlackHttpRequest,
} from '../../../tools/slackDouble/requests.js';

/**
 * There is no path from Slack to a mutating Freebit call without an
 * approved request. Proved by behaviour first: every button and every form the bot knows,
 * sent with forged, unknown and unapproved request ids, by people who may not decide, reach
 * no PA02-01 (cancel), PA02-04 (contract change) or PA05-38 (registration) at the sandbox,
 * while one genuine approval in the same bot reaches exactly one. Then by types and sources:
 * the Slack surface holds only a reader of lines and a desk without `execute`; no file under
 * src/slack names a mutating operation; in the workflow only execute.ts sends one.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
/**
 * How a change reaches Freebit: `FreebitService.sendChange(operation, order)`, whatever the
 * operation (a new one included), and the client's shorthands for the first three.
 */
const MUTATING = ['sendChange', 'cancelLine', 'changeContractLine', 'registerLine'] as const;

describe('no path from Slack to a mutating Freebit call, by behaviour', () => {
  const rig = useSlackRig({ env: APPROVAL_ENV });
  const PENDING_LINE = '09055551001';
  const WITHDRAWN_LINE = '09055551002';
  const UNKNOWN_NUMBER = '08099990000';

  test('forged, unknown and undecided clicks and forms from every surface send nothing; one genuine approval sends once', async () => {
    freshLine(rig, PENDING_LINE);
    freshLine(rig, WITHDRAWN_LINE);
    // Someone's pending request (AGENT asked; nobody approved yet), and one its requester withdrew.
    await requestCancellation(rig, PENDING_LINE);
    const pending = await approvalMessageFor(rig.double, { phone: shown(PENDING_LINE) });
    await requestCancellation(rig, WITHDRAWN_LINE);
    const withdrawn = await approvalMessageFor(rig.double, { phone: shown(WITHDRAWN_LINE) });
    await click(rig, withdrawn, 'withdraw', AGENT.id);
    await waitForState(rig, withdrawn.requestId, 'withdrawn');
    await waitForRedraw(rig.double, withdrawn, isDecidedDrawing);
    const approvalCallsBefore = rig.sandbox.received.length;

    // What a button's value or a form's metadata could carry: ids that do not exist, are not
    // ids at all, name a request nobody approved, or one that is over; numbers; injected JSON.
    const forgedValues = [
      'FR-ZZZZZ',
      'FR-00000',
      pending.requestId,
      withdrawn.requestId,
      `${pending.requestId} `,
      pending.requestId.toLowerCase(),
      'approved',
      '',
      PENDING_LINE,
      shown(PENDING_LINE),
      UNKNOWN_NUMBER,
      JSON.stringify({ requestId: pending.requestId, state: 'approved', approvals: [{ userId: APPROVER }] }),
      JSON.stringify({ phone: PENDING_LINE, operation: 'cancel', approved: true }),
    ];
    // Who clicks: an outsider, the requester (self-approval), and an approver on a request that
    // is not approved.
    const clickers = [OUTSIDER, AGENT.id, APPROVER];
    const containers: Array<ButtonClick['container']> = [
      { type: 'message', ephemeral: false, channelId: APPROVAL_CHANNEL, messageTs: pending.ts },
      { type: 'message', ephemeral: true },
      {
        type: 'view',
        viewId: 'V0FORGED01',
        callbackId: '',
        privateMetadata: JSON.stringify({ q: pending.requestId, l: 'en', c: APPROVAL_CHANNEL }),
      },
    ];

    const requests: Array<{ what: string; request: SlackHttpRequest }> = [];
    // Every button the bot knows: the listed ones and each operation's card button (its own id).
    const actionIds = new Set<string>([
      ...Object.values(ACTIONS),
      ...OPERATION_LIST.flatMap((operation) => (operation.cardButton ? [operation.cardButton.actionId] : [])),
    ]);
    for (const actionId of actionIds) {
      for (const value of forgedValues) {
        for (const userId of clickers) {
          // Two clicks on the pending request are real decisions, left out: the approver's Approve
          // (the genuine path, exercised last) and the requester's Withdraw (it would end the request).
          if (value === pending.requestId && actionId === ACTIONS.approveRequest && userId === APPROVER) continue;
          if (value === pending.requestId && actionId === ACTIONS.withdrawRequest && userId === AGENT.id) continue;
          for (const container of containers) {
            requests.push({
              what: `${actionId} value=${value} by ${userId} in ${container?.type}`,
              request: blockActions({
                actionId,
                value,
                userId,
                blockId: `approval_actions_${value}`,
                container,
                responseUrl: rig.double.responseUrl(),
              }),
            });
          }
        }
      }
    }

    // Every form, as its submission: well-formed values for the line with a pending request,
    // metadata claiming approval, and the reject form pointing at someone else's request.
    const formValues = {
      [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text(PENDING_LINE) },
      [FIELDS.runDate.block]: { [FIELDS.runDate.action]: state.date(null) },
      [FIELDS.contractLine.block]: { [FIELDS.contractLine.action]: state.radio('5G') },
      [FIELDS.planCode.block]: { [FIELDS.planCode.action]: state.select('LTE3G_P01') },
      [FIELDS.startDate.block]: { [FIELDS.startDate.action]: state.date(null) },
      [FIELDS.reason.block]: { [FIELDS.reason.action]: state.text('forged') },
      [FIELDS.operation.block]: { [FIELDS.operation.action]: state.radio('cancel') },
      [FIELDS.rejectionReason.block]: { [FIELDS.rejectionReason.action]: state.text('forged') },
    };
    const unknownLineValues = { ...formValues, [FIELDS.phone.block]: { [FIELDS.phone.action]: state.text(UNKNOWN_NUMBER) } };
    const metadatas = [
      undefined,
      '',
      'not json',
      JSON.stringify({ l: 'en', c: APPROVAL_CHANNEL }),
      ...forgedValues
        .filter((value) => value.startsWith('FR-') || value.startsWith('fr-'))
        .map((id) => JSON.stringify({ l: 'en', c: APPROVAL_CHANNEL, q: id })),
      JSON.stringify({ l: 'en', q: pending.requestId, approved: true, state: 'approved', execute: true }),
    ];
    // Every form the bot knows: the listed views and each operation's modal (its own callback id).
    const callbackIds = new Set<string>([...Object.values(VIEWS), ...OPERATION_LIST.map((operation) => operation.callbackId)]);
    for (const callbackId of callbackIds) {
      for (const privateMetadata of metadatas) {
        for (const userId of clickers) {
          // The approver rejecting the pending request is a real decision (no call, but it would
          // end the request the genuine approval needs): the reject form is forged for the others only.
          const rejectsPending =
            callbackId === VIEWS.rejectRequest && userId === APPROVER && privateMetadata?.includes(`"q":"${pending.requestId}"`);
          if (rejectsPending) continue;
          for (const values of [formValues, unknownLineValues, {}]) {
            requests.push({
              what: `${callbackId} metadata=${privateMetadata} by ${userId}`,
              request: viewSubmission({ callbackId, userId, values, ...(privateMetadata !== undefined ? { privateMetadata } : {}) }),
            });
          }
        }
      }
    }

    // Slack delivers them many at a time, some again as retries. Nearly two thousand clicks and
    // forms in seconds is no workspace's pace: the bot's answers to them (a views.open each, …)
    // would go over Slack's limits for a reason this test is not about. Slack's limits are off
    // for the flood only, and on again for the genuine approval.
    rig.double.enforceLimits(false);
    const refused: string[] = [];
    for (let start = 0; start < requests.length; start += 50) {
      const batch = requests.slice(start, start + 50);
      const acks = await Promise.all(
        batch.map(({ request }, index) => rig.send(request, (start + index) % 7 === 0 ? { retryNum: 1 } : {})),
      );
      acks.forEach((ack, index) => {
        if (ack.status !== 200) refused.push(`${batch[index]!.what}: ${ack.status}`);
      });
    }
    expect(refused).toEqual([]);
    // Work continues after the ack (a lookup, a modal, a refusal): let it all finish.
    await sleep(1_500);
    expect(changeCalls(rig), `forged requests reached Freebit; ${requests.length} sent`).toEqual([]);
    expect(rig.sandbox.received.length).toBeGreaterThan(approvalCallsBefore); // they did reach the bot (lookups)

    // The same bot, the same request: a genuine approval makes exactly one call, for that line.
    rig.double.enforceLimits(true);
    await click(rig, pending, 'approve', APPROVER);
    await waitForAcceptance(rig, pending);
    await sleep(200);
    const calls = changeCalls(rig);
    expect(calls.map((call) => call.path)).toEqual(['/master/cnclAcnt/']);
    expect(JSON.stringify(calls[0]!.json)).toContain(PENDING_LINE);
  }, 60_000);
});

function sources(folder: string): Array<{ path: string; text: string }> {
  const found: Array<{ path: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) found.push({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, folder));
  return found;
}

/** A call or a reference to the operation as a member (`x.cancelLine(`, `{ cancelLine }`, `['cancelLine']` used as a key). */
const usesOperation = (text: string, name: string) =>
  new RegExp(`(\\.\\s*${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=|\\[\\s*'${name}'\\s*\\]\\s*\\()`).test(text);

describe('no path from Slack to a mutating Freebit call, by construction', () => {
  test('the Slack surface holds a line reader and an approval desk, nothing that sends a change', () => {
    expectTypeOf<keyof LineReader>().toEqualTypeOf<'lookupLine'>();
    expectTypeOf<SlackDeps['lines']>().toEqualTypeOf<Pick<FreebitService, 'lookupLine'>>();
    expectTypeOf<keyof ApprovalDesk>().toEqualTypeOf<
      | 'submit'
      | 'checkLines'
      | 'lineCheck'
      | 'requestChecked'
      | 'requesterTold'
      | 'adoptMessage'
      | 'approve'
      | 'reject'
      | 'withdraw'
      | 'isApprover'
      | 'refuseUnlessMayLook'
      | 'admitLook'
      | 'refusalToAsk'
      | 'refusalBeforeAsking'
      | 'refusalToDecide'
      | 'historyOf'
      | 'overviewFor'
    >();
  });

  test('main.ts hands the Slack surface a reader built from lookupLine alone, not the Freebit client', () => {
    const main = readFileSync(join(ROOT, 'src/main.ts'), 'utf8');
    expect(main).toMatch(/const lines: LineReader = \{ lookupLine: \(phone\) => \w+\.lookupLine\(phone\) \};/);
  });

  test('no file under src/slack calls or takes sendChange, cancelLine, changeContractLine or registerLine', () => {
    const offenders = sources('src/slack').flatMap(({ path, text }) =>
      MUTATING.filter((name) => usesOperation(text, name)).map((name) => `${path}: ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  test('no file under src/slack builds its own Freebit client or reaches into the Freebit layer’s internals', () => {
    const offenders = sources('src/slack').filter(({ text }) => /new\s+FreebitClient\b|from '[./]*freebit\/(?!index\.js')/.test(text));
    expect(offenders.map((each) => each.path)).toEqual([]);
  });

  test('in the workflow only execute.ts sends a change, and only after claiming an approved request', () => {
    const senders = sources('src/workflow').filter(({ text }) => MUTATING.some((name) => usesOperation(text, name)));
    expect(senders.map((each) => each.path)).toEqual([join('src', 'workflow', 'execute.ts')]);
    const execute = senders[0]!.text;
    // One call, in `send`, whose one caller comes after the claims.
    expect(execute.match(/\.\s*sendChange\b/g)).toHaveLength(1);
    expect(execute.match(/function send\([^]*?\n\}/)?.[0]).toMatch(/\.sendChange\(/);
    // The request's claim (approved → executing), and only then its lines.
    const claim = execute.indexOf("['approved'], (current) => ({");
    const lines = execute.indexOf('return executeLines(context, claimed.after)');
    expect(claim).toBeGreaterThan(-1);
    expect(lines).toBeGreaterThan(claim);
    // Each line is sent once, after its own claim (held → executing) within the request's.
    expect(execute.match(/\bsend\(context, target\)/g)).toHaveLength(1);
    const lineClaim = execute.indexOf("current.state === 'held'");
    const lineSend = execute.indexOf('await send(context, target)');
    expect(lineClaim).toBeGreaterThan(lines);
    expect(lineSend).toBeGreaterThan(lineClaim);
  });
});
