import { describe, expect, test } from 'vitest';
import { FIELDS, VIEWS } from '../../../../src/slack/kit/ids.js';
import { en, ja } from '../../../../src/slack/i18n/index.js';
import { approvalMessageFor, freshLine, shown } from '../../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../../support/approvals.js';
import { storedRequest } from '../../../support/requestState.js';
import { visibleText, type ViewJson } from '../../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../../support/slackBot.js';
import { AGENT, state, SUPPORT_CHANNEL, viewSubmission, type StateValues } from '../../../../tools/slackDouble/requests.js';

type Field = keyof typeof FIELDS;
function values(entries: Partial<Record<Field, Record<string, unknown>>>): StateValues {
  return Object.fromEntries(
    Object.entries(entries).map(([field, value]) => [FIELDS[field as Field].block, { [FIELDS[field as Field].action]: value }]),
  );
}

function element(view: ViewJson, blockId: string): Record<string, unknown> {
  const block = view.blocks.find((each) => each.block_id === blockId);
  if (!block) throw new Error(`no block ${blockId}`);
  return block.element as Record<string, unknown>;
}

describe('request forms', () => {
  // The real workflow behind the forms: the rig's approver (U0RIGAPPROVER), approval messages
  // in the channel the request came from. Each submission asks about its own line (one open request per line).
  const rig = useSlackRig({ env: { FREEBIT_PLAN_CODES: 'LTE3G_P01, LTE5G_P01' } });

  /** Types the command and returns the modal it opened. */
  async function modalFor(text: string) {
    const { triggerId, responseUrl } = await rig.command(text);
    const { view } = await rig.openedView({ triggerId });
    return { view, responseUrl };
  }

  const submit = (view: ViewJson, entries: StateValues) =>
    rig.send(viewSubmission({ callbackId: view.callback_id, privateMetadata: view.private_metadata, values: entries }));

  test('cancel <phone> <date> opens the cancellation form with both filled in', async () => {
    const { view } = await modalFor('cancel 090-1234-5678 2026-11-30');
    expect(view.callback_id).toBe(VIEWS.cancellation);
    expect(view.title.text).toBe('Cancel a line');
    expect(element(view, 'phone').initial_value).toBe('090-1234-5678');
    expect(element(view, 'run_date')).toMatchObject({ type: 'datepicker', initial_date: '2026-11-30' });
    expect(visibleText(view.blocks)).toContain('Cancelling a line cannot be undone.');
  });

  test('contract <phone> 5G opens the contract change form with 5G chosen', async () => {
    const { view } = await modalFor('contract 09012345678 5G');
    expect(view.callback_id).toBe(VIEWS.contractChange);
    expect(element(view, 'contract_line')).toMatchObject({ initial_option: { value: '5G' } });
  });

  test('register opens the registration form offering the configured plans', async () => {
    const { view } = await modalFor('register');
    expect(view.callback_id).toBe(VIEWS.registration);
    expect((element(view, 'plan_code').options as Array<{ value: string }>).map((option) => option.value)).toEqual([
      'LTE3G_P01',
      'LTE5G_P01',
    ]);
  });

  test('bare /freebit opens the form to pick an operation', async () => {
    const { view } = await modalFor('');
    expect(view.callback_id).toBe(VIEWS.operationPicker);
    expect((element(view, FIELDS.operation.block).options as Array<{ value: string }>).map((option) => option.value)).toContain('contract');
  });

  test('picking Cancel with a number replaces the picker with the cancellation form, filled in', async () => {
    const { view } = await modalFor('');
    const ack = await submit(view, values({ operation: state.radio('cancel'), phone: state.text('09012345678') }));
    expect(ack.body).toMatchObject({ response_action: 'update', view: { callback_id: VIEWS.cancellation } });
    expect(JSON.stringify(ack.body)).toContain('"initial_value":"090-1234-5678"');
  });

  test('picking Look up shows "Looking up…", then the card in the same modal', async () => {
    const { view } = await modalFor('');
    const lookups = () =>
      rig.sandbox.received.filter((entry) => entry.path === '/master/getAcnt/' && JSON.stringify(entry.json).includes('09012345678'))
        .length;
    const lookupsBefore = lookups();
    const ack = await rig.send(
      viewSubmission({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: values({ operation: state.radio('lookup'), phone: state.text('09012345678') }),
        viewId: 'V0PICKER01',
      }),
    );
    expect(visibleText((ack.body as { view: unknown }).view)).toContain('090-1234-5678');
    const { view: card } = await rig.openedView({ viewId: 'V0PICKER01' });
    expect(card.callback_id).toBe(VIEWS.lineCard);
    expect(visibleText(card.blocks)).toContain(':large_green_circle:');
    expect(lookups()).toBe(lookupsBefore + 1);
  });

  test('picking Look up without a number puts the error on the number', async () => {
    const { view } = await modalFor('');
    const ack = await submit(view, values({ operation: state.radio('lookup'), phone: state.text(null) }));
    expect(ack.body).toEqual({ response_action: 'errors', errors: { phone: en.fieldErrors.phoneRequired } });
  });

  test('a cancellation with a bad number shows the error on the number field', async () => {
    const { view } = await modalFor('cancel 09012345678');
    const ack = await submit(view, values({ phone: state.text('090-1234'), runDate: state.date(null), reason: state.text('asked') }));
    expect(ack.body).toEqual({
      response_action: 'errors',
      errors: { phone: 'This is not a phone number the bot can use: a Freebit line number has 11 digits starting with 0 (090-1234-5678).' },
    });
  });

  test('a cancellation dated in the past shows the error on the date field', async () => {
    const { view } = await modalFor('cancel 09012345678');
    const ack = await submit(
      view,
      values({ phone: state.text('09012345678'), runDate: state.date('2026-11-01'), reason: state.text('asked') }),
    );
    expect(ack.body).toEqual({ response_action: 'errors', errors: { run_date: en.fieldErrors.dateInPast } });
  });

  test('a contract change with a malformed product number shows the error on that field', async () => {
    const { view } = await modalFor('contract 09012345678 5G');
    const ack = await submit(
      view,
      values({
        phone: state.text('09012345678'),
        contractLine: state.radio('5G'),
        productNumber: state.text('ab12'),
        reason: state.text('x'),
      }),
    );
    expect(ack.body).toEqual({ response_action: 'errors', errors: { product_number: en.fieldErrors.productNumberInvalid } });
  });

  test('a registration with a plan that is not offered shows the error on the plan', async () => {
    const { view } = await modalFor('register 080-1111-3333');
    const ack = await submit(
      view,
      values({
        phone: state.text('08011113333'),
        planCode: state.select('GOLD_UNLIMITED'),
        startDate: state.date(null),
        reason: state.text('x'),
      }),
    );
    expect(ack.body).toEqual({ response_action: 'errors', errors: { plan_code: en.fieldErrors.planUnknown } });
  });

  test('field errors come in the language the form was drawn in, with no Slack or Freebit call first', async () => {
    rig.double.setUser({ id: 'U0JAPAN02', locale: 'ja-JP' });
    const { triggerId } = await rig.command('cancel 09012345678', { user_id: 'U0JAPAN02' });
    const { view } = await rig.openedView({ triggerId });
    const callsBefore = rig.double.calls.length;
    rig.sandbox.clearReceived();
    const ack = await rig.send(
      viewSubmission({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        userId: 'U0JAPAN02',
        values: values({ phone: state.text('abc'), reason: state.text('x') }),
      }),
    );
    expect(ack.body).toEqual({ response_action: 'errors', errors: { phone: ja.fieldErrors.phoneInvalid('not_a_number') } });
    expect(rig.double.calls.length).toBe(callsBefore);
    expect(rig.sandbox.received).toHaveLength(0);
  });

  test('a valid cancellation closes the form and says, where the command was typed, that it waits for approval', async () => {
    freshLine(rig, '09055552001');
    const { view, responseUrl } = await modalFor('cancel 090-5555-2001 2026-11-30');
    const ack = await submit(
      view,
      values({ phone: state.text('090-5555-2001'), runDate: state.date('2026-11-30'), reason: state.text('customer moved abroad') }),
    );
    expect(ack).toMatchObject({ status: 200, body: '' });
    const answer = await rig.double.waitForResponse(responseUrl);
    expect(answer.body.response_type).toBe('ephemeral');
    const { requestId } = await approvalMessageFor(rig.double, { phone: shown('09055552001') });
    expect(visibleText(answer.body.blocks)).toContain(requestId);
    expect(await storedRequest(rig, requestId)).toMatchObject({
      state: 'pending',
      phones: ['09055552001'],
      change: { operation: 'cancel', runDate: '20261130' },
      requesterId: AGENT.id,
    });
  });

  test('a valid request reaches Freebit with nothing that changes a line', async () => {
    rig.sandbox.clearReceived();
    const { view, responseUrl } = await modalFor('contract 09012345678 5G');
    await submit(view, values({ phone: state.text('09012345678'), contractLine: state.radio('5G'), reason: state.text('5G handset') }));
    await rig.double.waitForResponse(responseUrl);
    expect(changeCalls(rig)).toEqual([]);
  });

  test('a valid request is handed to the workflow with its order, reason, requester and channel', async () => {
    const { view, responseUrl } = await modalFor('register 080-1111-3333');
    await submit(
      view,
      values({
        phone: state.text('080-1111-3333'),
        planCode: state.select('LTE5G_P01'),
        startDate: state.date('2026-12-01'),
        reason: state.text('new contract'),
      }),
    );
    const answer = await rig.double.waitForResponse(responseUrl);
    // What reached the workflow, as the approval message it posted shows it: where it was asked, what, by whom, why.
    const posted = await approvalMessageFor(rig.double, { phone: '080-1111-3333' });
    expect(posted.channel).toBe(SUPPORT_CHANNEL.id);
    expect(await storedRequest(rig, posted.requestId)).toMatchObject({
      state: 'pending',
      phones: ['08011113333'],
      change: { operation: 'register', planCode: 'LTE5G_P01', startDate: '20261201' },
      reason: 'new contract',
      requesterId: AGENT.id,
      originChannelId: SUPPORT_CHANNEL.id,
    });
    const shownToApprovers = visibleText(posted.call.body.blocks);
    expect(shownToApprovers).toContain('080-1111-3333');
    expect(shownToApprovers).toContain('LTE5G_P01');
    expect(shownToApprovers).toContain('2026-12-01');
    expect(shownToApprovers).toContain(`<@${AGENT.id}>`);
    expect(shownToApprovers).toContain('new contract');
    expect(visibleText(answer.body.blocks)).toContain(posted.requestId);
  });

  test('when the workflow fails, the person gets a reference to quote, and no detail of the failure', async () => {
    freshLine(rig, '09055552002');
    // Posting the approval message fails in a way the bot has no words for.
    rig.double.failNext('chat.postMessage', 'exploded_near_xoxb-not-for-people');
    const { view, responseUrl } = await modalFor('cancel 09055552002');
    await submit(view, values({ phone: state.text('09055552002'), reason: state.text('asked') }));
    const text = visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    expect(text).toMatch(
      /Something went wrong inside the bot\. Try again; if it happens again, give the bot’s operator this reference: [0-9a-f]{6}\./,
    );
    expect(text).not.toContain('exploded');
    expect(text).not.toContain('xoxb');
  });

  test('a request from a form with nowhere to answer is answered in the person’s DM', async () => {
    freshLine(rig, '09055552003');
    const ack = await rig.send(
      viewSubmission({
        callbackId: VIEWS.cancellation,
        privateMetadata: '{"l":"en"}',
        values: values({ phone: state.text('09055552003'), reason: state.text('asked') }),
      }),
    );
    expect(ack.status).toBe(200);
    const dm = await rig.double.waitForCall('chat.postMessage', (call) => call.body.channel === AGENT.id);
    // No channel to answer in is no channel to ask approval in either: the refusal comes by DM.
    expect(visibleText(dm.body.blocks)).toContain(en.approval.refusal('channel_not_allowed'));
  });
});
