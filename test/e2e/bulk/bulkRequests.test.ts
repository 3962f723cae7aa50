import { describe, expect, test } from 'vitest';
import { ACTIONS, BLOCKS, FIELDS, SHORTCUTS, VIEWS } from '../../../src/slack/kit/ids.js';
import { en, ja } from '../../../src/slack/i18n/index.js';
import { APPROVAL_ENV, approvalMessages, freshLine, requestCancellation, shown } from '../../../tools/slackDouble/approvals.js';
import { changeCalls } from '../../support/approvals.js';
import { PATHS } from '../../support/freebit.js';
import { storedRequest } from '../../support/requestState.js';
import { buttonLabels, findButton, visibleText, type ViewJson } from '../../../tools/slackDouble/rig.js';
import { useSlackRig } from '../../support/slackBot.js';
import { until } from '../../support/waiting.js';
import {
  fields,
  submitCancellation as submitBulkCancellation,
  submitSummary as submitCheckedSummary,
  summaryIn as summaryOfCheck,
} from '../../../tools/slackDouble/bulk.js';
import { AGENT, SUPPORT_CHANNEL, blockActions, messageShortcut, state, viewSubmission } from '../../../tools/slackDouble/requests.js';

/**
 * A request for several lines, the asking side, end to end: the real bot over signed HTTP, the Slack double as
 * Slack, the embedded sandbox as Freebit. A request form of several numbers is pre-flighted
 * line by line, its summary replaces the form in the same modal, and submitting the summary
 * makes one request for the lines that can be requested. Each test uses lines of its own.
 */
describe('many lines, one request', () => {
  // Requests only from the support channel: a form from elsewhere is refused whole.
  const rig = useSlackRig({ env: { ...APPROVAL_ENV, ALLOWED_CHANNEL_IDS: SUPPORT_CHANNEL.id } });
  let next = 100;

  /** `count` fresh active 4G lines of one test, as the bot stores their numbers. */
  const lines = (count: number): string[] =>
    Array.from({ length: count }, () => {
      const phone = `0806666${String(next++).padStart(4, '0')}`;
      freshLine(rig, phone);
      return phone;
    });
  /** A number Freebit does not know. */
  const unknownNumber = () => `0807777${String(next++).padStart(4, '0')}`;
  /** A line that is cancelled already. */
  const cancelledLine = () => {
    const phone = `0808888${String(next++).padStart(4, '0')}`;
    freshLine(rig, phone, { state: 'obsolete' });
    return phone;
  };

  const submitCancellation = (typed: string, options?: Parameters<typeof submitBulkCancellation>[2]) =>
    submitBulkCancellation(rig, typed, options);
  const summaryIn = (viewId: string) => summaryOfCheck(rig, viewId);
  const submitSummary = (summary: ViewJson, viewId: string, userId?: string) => submitCheckedSummary(rig, summary, viewId, userId);

  const lookupsOf = (phones: readonly string[]) =>
    rig.sandbox.received.filter(
      (entry) => entry.path === PATHS.lookup && phones.some((phone) => JSON.stringify(entry.json).includes(phone)),
    );

  test('a form of five numbers, two hopeless, is checked line by line and its summary replaces the form: 3 can be requested, 2 cannot, each with its reason', async () => {
    const passing = lines(3);
    const unknown = unknownNumber();
    const cancelled = cancelledLine();
    const messagesBefore = approvalMessages(rig.double).length;
    const { ack, viewId } = await submitCancellation([passing[0], unknown, passing[1], cancelled, passing[2]].join('\n'));

    expect(ack.body).toMatchObject({ response_action: 'update', view: { callback_id: VIEWS.lineCheck } });
    expect(visibleText((ack.body as { view: unknown }).view)).toContain('Checking 5 lines');
    const summary = await summaryIn(viewId);
    const text = visibleText(summary.blocks);
    expect(text).toContain('3 can be requested, 2 cannot');
    expect(text).toContain(`${shown(unknown)}: Freebit has no such line`);
    expect(text).toContain(`${shown(cancelled)}: already cancelled`);
    for (const phone of passing) expect(text).toContain(shown(phone));
    expect((summary.submit as { text: string } | undefined)?.text).toBe('Request 3 lines');
    expect(buttonLabels(summary.blocks)).toEqual(['Back']);
    // Each line was looked up once; nothing was recorded, no approver bothered, no line changed.
    expect(lookupsOf([...passing, unknown, cancelled])).toHaveLength(5);
    expect(approvalMessages(rig.double)).toHaveLength(messagesBefore);
    expect(changeCalls(rig)).toHaveLength(0);
  });

  test('the summary carries the check’s id, not the lines', async () => {
    const numbers = lines(2);
    const { viewId } = await submitCancellation(numbers.join(', '));
    const summary = await summaryIn(viewId);
    const metadata = JSON.parse(summary.private_metadata!) as Record<string, unknown>;
    expect(metadata.k).toMatch(/^[0-9a-f-]{36}$/);
    expect(summary.private_metadata).not.toContain(numbers[0]);
  });

  test('submitting the summary posts exactly one approval message for the lines that can be requested, and tells the requester its id', async () => {
    const passing = lines(3);
    const { viewId, responseUrl } = await submitCancellation(
      [passing[0], unknownNumber(), passing[1], cancelledLine(), passing[2]].join('\n'),
      { reason: 'shop closing' },
    );
    const summary = await summaryIn(viewId);
    const messagesBefore = approvalMessages(rig.double).length;

    const ack = await submitSummary(summary, viewId);

    expect(ack).toMatchObject({ status: 200, body: '' });
    const answer = visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    const requestId = /FR-[0-9A-Z]{5}/.exec(answer)?.[0];
    expect(answer).toContain('Your request to cancel 3 lines as soon as possible is waiting for approval');
    expect(approvalMessages(rig.double)).toHaveLength(messagesBefore + 1);
    expect(approvalMessages(rig.double).at(-1)!.requestId).toBe(requestId);
    const request = await storedRequest(rig, requestId!);
    expect(request).toMatchObject({ state: 'pending', change: { operation: 'cancel' }, requesterId: AGENT.id, reason: 'shop closing' });
    expect(request.lines?.map((line) => line.phone)).toEqual(passing);
    expect(changeCalls(rig)).toHaveLength(0);
    // Told where they asked: the sweep owes them no DM.
    await until('the requester marked told', async () =>
      (await storedRequest(rig, requestId!)).requesterNotice === undefined ? true : undefined,
    );
  });

  test('a line another request took after the summary is left out, and the requester is told which', async () => {
    const numbers = lines(3);
    const { viewId, responseUrl } = await submitCancellation(numbers.join('\n'));
    const summary = await summaryIn(viewId);
    await requestCancellation(rig, numbers[1]!);

    await submitSummary(summary, viewId);

    const answer = visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    expect(answer).toContain('cancel 2 lines');
    expect(answer).toContain(`Left out, because another request took them meanwhile: ${shown(numbers[1]!)}.`);
    const request = await storedRequest(rig, /FR-[0-9A-Z]{5}/.exec(answer)![0]);
    expect(request.lines?.map((line) => line.phone)).toEqual([numbers[0], numbers[2]]);
  });

  test('when no line can be requested, the summary says so and offers only Back', async () => {
    const { viewId } = await submitCancellation([unknownNumber(), cancelledLine()].join('\n'));
    const summary = await summaryIn(viewId);
    expect(visibleText(summary.blocks)).toContain('None of the 2 can be requested');
    expect(summary.submit).toBeUndefined();
    expect(buttonLabels(summary.blocks)).toEqual(['Back']);
  });

  test('Back draws the form again in the same modal with the numbers, the date and the reason filled in', async () => {
    const numbers = lines(2);
    const unknown = unknownNumber();
    const typed = [numbers[0]!, unknown, numbers[1]!];
    const { viewId } = await submitCancellation(typed.join(', '), { reason: 'moving abroad', runDate: '2026-12-01' });
    const summary = await summaryIn(viewId);

    await rig.send(
      blockActions({
        actionId: ACTIONS.lineCheckBack,
        blockId: BLOCKS.lineCheckActions,
        container: { type: 'view', viewId, privateMetadata: summary.private_metadata!, callbackId: VIEWS.lineCheck },
      }),
    );

    const form = (
      await rig.double.waitForCall(
        'views.update',
        (call) => call.body.view_id === viewId && (call.body.view as ViewJson).callback_id === VIEWS.cancellation,
      )
    ).body.view as ViewJson;
    const field = (blockId: string) => form.blocks.find((block) => block.block_id === blockId)!.element as { initial_value?: string };
    expect(field(FIELDS.phone.block).initial_value).toBe(typed.map(shown).join('\n'));
    expect(field(FIELDS.reason.block).initial_value).toBe('moving abroad');
    expect(field(FIELDS.runDate.block)).toMatchObject({ initial_date: '2026-12-01' });
    // The form answers where the command was typed, as before: the check's id is not carried back.
    expect(JSON.parse(form.private_metadata!)).not.toHaveProperty('k');
  });

  test('a malformed number and a duplicate in the field are answered under it, naming the malformed one by its position', async () => {
    const [first, second] = lines(2);
    const lookupsBefore = rig.sandbox.received.length;
    const { ack } = await submitCancellation(`${shown(first!)}\n+81 ${first!.slice(1)}\n080-111\n${second}`);
    expect(ack.body).toEqual({
      response_action: 'errors',
      errors: { [FIELDS.phone.block]: `Number 3, “080-111”: ${en.phoneProblems.wrong_length}.` },
    });
    expect(rig.sandbox.received.length).toBe(lookupsBefore);
  });

  test('more numbers than one request may carry (BULK_MAX_LINES) are refused under the field', async () => {
    const typed = Array.from({ length: 101 }, (_, index) => `080-5555-${String(index).padStart(4, '0')}`).join('\n');
    const { ack } = await submitCancellation(typed);
    expect(ack.body).toEqual({ response_action: 'errors', errors: { [FIELDS.phone.block]: en.bulkForms.fieldErrors.tooMany(101, 100) } });
  });

  test('one number, even written twice, is requested at once, as a request for one line always was', async () => {
    const [phone] = lines(1);
    const { ack, responseUrl } = await submitCancellation(
      `${shown(phone!)}, +81 ${phone!.slice(1, 3)} ${phone!.slice(3, 7)} ${phone!.slice(7)}`,
    );
    expect(ack).toMatchObject({ status: 200, body: '' });
    const answer = visibleText((await rig.double.waitForResponse(responseUrl)).body.blocks);
    expect(answer).toContain(`Your request to cancel ${shown(phone!)} as soon as possible is waiting for approval`);
    const request = await storedRequest(rig, /FR-[0-9A-Z]{5}/.exec(answer)![0]);
    expect(request).toMatchObject({ phones: [phone], state: 'pending' });
    expect(request.lines).toHaveLength(1);
  });

  test('a request the configuration refuses whole (asked from a channel not allowed) is answered with the reason in the ack itself, and looks nothing up', async () => {
    const numbers = lines(2);
    const { ack } = await submitCancellation(numbers.join('\n'), { channelId: 'C0ELSEWHERE' });
    // In the ack, not a views.update after it: nothing can draw "Checking…" over it.
    const view = (ack.body as { response_action: string; view: ViewJson }).view;
    expect(ack.body).toMatchObject({ response_action: 'update', view: { callback_id: VIEWS.lineCheck } });
    expect(visibleText(view.blocks)).toContain(en.approval.refusal('channel_not_allowed'));
    expect(view.submit).toBeUndefined();
    expect(lookupsOf(numbers)).toHaveLength(0);
  });

  test('/freebit cancel with several numbers opens the form with each of them, one per line', async () => {
    const { triggerId } = await rig.command('cancel 080-1111-0001 080-1111-0002 +81 80 1111 0003');
    const { view } = await rig.openedView({ triggerId });
    expect(view.callback_id).toBe(VIEWS.cancellation);
    expect((view.blocks.find((block) => block.block_id === FIELDS.phone.block)!.element as { initial_value?: string }).initial_value).toBe(
      '080-1111-0001\n080-1111-0002\n080-1111-0003',
    );
  });

  test('/freebit cancel with several numbers and a date fills in both', async () => {
    const { triggerId } = await rig.command('cancel 080-1111-0001, 080-1111-0002 2026-12-01');
    const { view } = await rig.openedView({ triggerId });
    expect((view.blocks.find((block) => block.block_id === FIELDS.phone.block)!.element as { initial_value?: string }).initial_value).toBe(
      '080-1111-0001\n080-1111-0002',
    );
    expect(view.blocks.find((block) => block.block_id === FIELDS.runDate.block)!.element).toMatchObject({ initial_date: '2026-12-01' });
  });

  test('/freebit contract with several numbers and 5G opens the form with them and 5G chosen', async () => {
    const { triggerId } = await rig.command('contract 080-1111-0001 08011110002 5G');
    const { view } = await rig.openedView({ triggerId });
    expect(view.callback_id).toBe(VIEWS.contractChange);
    expect((view.blocks.find((block) => block.block_id === FIELDS.phone.block)!.element as { initial_value?: string }).initial_value).toBe(
      '080-1111-0001\n080-1111-0002',
    );
    expect(view.blocks.find((block) => block.block_id === FIELDS.contractLine.block)!.element).toMatchObject({
      initial_option: { value: '5G' },
    });
  });

  test('the message shortcut offers a request for every number of the message, which opens the picker with them all', async () => {
    const numbers = Array.from({ length: 7 }, (_, index) => `080-3333-${String(index).padStart(4, '0')}`);
    const responseUrl = rig.double.responseUrl();
    await rig.send(
      messageShortcut({ callbackId: SHORTCUTS.lookUpNumbersInMessage, text: `Please cancel: ${numbers.join(', ')}`, responseUrl }),
    );
    const lastCard = await rig.double.waitForResponse(responseUrl, { count: 5 });
    expect(buttonLabels(lastCard.body.blocks)).toContain('Request a change for these 7 lines…');
    const button = findButton(lastCard.body.blocks, ACTIONS.requestForNumbers);

    const trigger = `${Date.now()}.numbers`;
    await rig.send(
      blockActions({ actionId: ACTIONS.requestForNumbers, value: button.value, responseUrl: rig.double.responseUrl(), triggerId: trigger }),
    );
    const { view: picker } = await rig.openedView({ triggerId: trigger });
    expect(picker.callback_id).toBe(VIEWS.operationPicker);
    expect(
      (picker.blocks.find((block) => block.block_id === FIELDS.phone.block)!.element as { initial_value?: string }).initial_value,
    ).toBe(numbers.join('\n'));
    const choices = (
      picker.blocks.find((block) => block.block_id === FIELDS.operation.block)!.element as { options: Array<{ value: string }> }
    ).options.map((option) => option.value);
    expect(choices).not.toContain('lookup');

    const next = await rig.send(
      viewSubmission({
        callbackId: VIEWS.operationPicker,
        privateMetadata: picker.private_metadata,
        values: fields({ operation: state.radio('contract'), phone: state.text(numbers.join('\n')) }),
      }),
    );
    expect(next.body).toMatchObject({ response_action: 'update', view: { callback_id: VIEWS.contractChange } });
    expect(JSON.stringify(next.body)).toContain(JSON.stringify(numbers.join('\n')));
  });

  test('in Japanese, the summary says how many can be requested and why the others cannot', async () => {
    rig.double.setUser({ id: 'U0JAPAN15', locale: 'ja-JP' });
    const passing = lines(3);
    const cancelled = cancelledLine();
    const { ack, viewId } = await submitCancellation([...passing, cancelled].join('、'), { userId: 'U0JAPAN15' });
    expect(visibleText((ack.body as { view: unknown }).view)).toContain('4 回線を Freebit で確認しています…');
    const summary = await summaryIn(viewId);
    const text = visibleText(summary.blocks);
    expect(text).toContain('4 回線の解約（できるだけ早く）を確認しました。');
    expect(text).toContain('3 回線は申請できます。1 回線は申請できません。');
    expect(text).toContain(`${shown(cancelled)}：すでに解約済みです`);
    expect((summary.submit as { text: string } | undefined)?.text).toBe('3 回線を申請');
    expect(buttonLabels(summary.blocks)).toEqual([ja.bulkForms.back]);
  });
});
