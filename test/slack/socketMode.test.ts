/**
 * Socket Mode as Slack runs it: the bot connects over a WebSocket, acknowledges envelopes on
 * it, and answers through response_urls and the Web API. A stop closes the socket first, so
 * Slack sends new envelopes to another connection, and only then waits for acknowledged work.
 * The whole story runs over the socket too: a lookup, a request (slash command, then the form's
 * view submission), the approver's click, and the thread following the change until it is
 * done; and an approval acknowledged just before a stop is carried out by the drain.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { ACTIONS, VIEWS } from '../../src/slack/kit/ids.js';
import {
  APPROVAL_ENV,
  APPROVER,
  approvalMessageFor,
  click,
  currentBlocks,
  freshLine,
  requestCancellation,
} from '../../tools/slackDouble/approvals.js';
import { submitCancellation, submitSummary, summaryIn } from '../../tools/slackDouble/bulk.js';
import { visibleText } from '../../tools/slackDouble/blockText.js';
import { PATHS } from '../support/freebit.js';
import { FOLLOW_UP_ENV, MINUTE } from '../support/followUpWorld.js';
import { repliesOf, storedRequest, waitForAcceptance, waitForRedraw, waitForReply } from '../support/requestState.js';
import { NOW, type SlackRig, type ViewJson } from '../../tools/slackDouble/rig.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../../tools/slackDouble/double.js';
import { AGENT, slashCommandFields, triggerId, type Ack, type SlackHttpRequest } from '../../tools/slackDouble/requests.js';
import { startSocketModeDouble, type SocketModeDouble } from '../support/socketModeDouble.js';
import { eventually } from '../support/waiting.js';

const APP_TOKEN = 'xapp-1-A0FREEBIT1-double-app-token';

describe('Socket Mode', () => {
  let double: SlackDouble | undefined;
  let socket: SocketModeDouble | undefined;
  let bot: RunningBot | undefined;
  let folder: string | undefined;
  afterEach(async () => {
    await bot?.stop();
    await socket?.close();
    await double?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const start = async (options: { env?: Record<string, string>; clock?: ManualClock } = {}) => {
    socket = await startSocketModeDouble();
    double = await startSlackDouble({ tokens: [DOUBLE_BOT_TOKEN, APP_TOKEN], socketUrl: socket.url });
    const loaded = loadConfig({
      SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: double.apiUrl,
      PORT: '0',
      STORE_URL: `sqlite://${join((folder = await mkdtemp(join(tmpdir(), 'freebit-ops-socket-'))), 'store.sqlite')}`,
      FREEBIT_TIMEOUT_MS: '5000',
      ...options.env,
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    bot = await startBot(loaded.config, {
      logger: silentLogger,
      host: '127.0.0.1',
      shutdownGraceMs: 5_000,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    await socket.connected();
    return { double, socket, bot };
  };

  /** The SQLite file the bot of this test runs on. */
  const storeFile = () => join(folder!, 'store.sqlite');

  const lookup = (world: { double: SlackDouble; socket: SocketModeDouble }, text: string) => {
    const responseUrl = world.double.responseUrl();
    const sent = world.socket.send('slash_commands', slashCommandFields({ text, response_url: responseUrl }));
    return { ...sent, responseUrl };
  };

  test('a lookup sent over the socket is acknowledged on it and answered at its response_url', async () => {
    const world = await start();
    const { acked, responseUrl } = lookup(world, '090-1234-5678');
    await acked;
    const answer = await world.double.waitForResponse(responseUrl, { count: 1 });
    expect(visibleText(answer.body.blocks)).toContain('090-1234-5678');
  });

  test('a stop closes the socket at once, then finishes the lookup it had acknowledged', async () => {
    const world = await start();
    // Freebit is slow: the acknowledged lookup is still running when the stop begins.
    world.bot.sandbox!.injectFault(PATHS.lookup, { kind: 'delay', ms: 1_000 });
    const { acked, responseUrl } = lookup(world, '090-1234-5678');
    await acked;
    const stopping = world.bot.stop();
    const closedAt = await world.socket.allClosed(800).then(() => performance.now());
    // Nothing can reach the bot now: Slack would send the next envelope to another connection.
    expect(world.socket.openConnections()).toBe(0);
    const card = await world.double.waitForCall(
      'response_url',
      (call) => call.responseUrl === responseUrl && visibleText(call.body.blocks).includes('Active'),
      {
        timeoutMs: 5_000,
      },
    );
    const answeredAt = performance.now();
    expect(visibleText(card.body.blocks)).toContain('090-1234-5678');
    expect(closedAt, 'the socket closed before the card was answered').toBeLessThan(answeredAt);
    await stopping;
  });
  /**
   * A SlackRig whose requests travel over the socket: what `send` is given (a slash command, or
   * interactivity as the HTTP tests build it) goes out as the envelope Slack would send
   * instead, and the acknowledgement comes back on the socket. The HTTP tests' helpers
   * (approvals.ts: `requestCancellation`, `click`, …) then drive the bot over Socket Mode.
   */
  const overTheSocket = (world: { double: SlackDouble; socket: SocketModeDouble; bot: RunningBot }, clock: ManualClock): SlackRig => {
    const acks: unknown[] = [];
    const send = async (request: SlackHttpRequest): Promise<Ack> => {
      const form = new URLSearchParams(request.body);
      const payload = form.get('payload');
      const started = performance.now();
      const { acked } =
        payload === null
          ? world.socket.send('slash_commands', Object.fromEntries(form))
          : world.socket.send('interactive', JSON.parse(payload) as object);
      const body = (await acked) ?? '';
      acks.push(body);
      return { status: 200, body, ms: performance.now() - started };
    };
    return {
      bot: world.bot,
      double: world.double,
      sandbox: world.bot.sandbox!,
      clock,
      get slack(): never {
        throw new Error('Socket Mode: nothing is sent over HTTP');
      },
      acks,
      send,
      command: async (text, overrides = {}) => {
        const responseUrl = world.double.responseUrl();
        const trigger = overrides.trigger_id ?? triggerId();
        const ack = await send({
          body: new URLSearchParams({
            ...slashCommandFields({ text, response_url: responseUrl, trigger_id: trigger }),
            ...overrides,
          }).toString(),
          contentType: 'application/x-www-form-urlencoded',
        });
        return { ack, responseUrl, triggerId: trigger };
      },
      openedView: async (match) => {
        const call = await world.double.waitForCall(
          match.method ?? 'views.open',
          (each) => match.triggerId === undefined || each.body.trigger_id === match.triggerId,
        );
        return { call, view: call.body.view as ViewJson };
      },
      limitViolations: () => [],
      close: async () => {},
    };
  };

  test('the whole story over the socket: lookup, request form, approval click, and the thread followed up to done', async () => {
    const clock = new ManualClock(NOW);
    const world = await start({ env: FOLLOW_UP_ENV, clock });
    const rig = overTheSocket(world, clock);
    expect(world.bot.mode).toBe('socket');

    // The lookup: acknowledged on the socket, the card at its response_url.
    const looked = await rig.command('090-1234-5678');
    expect(looked.ack.status).toBe(200);
    expect(visibleText((await world.double.waitForResponse(looked.responseUrl)).body.blocks)).toContain('Active');

    // The request: `/freebit cancel …` opens the form (views.open), its submission comes as a view_submission envelope.
    const { answer } = await requestCancellation(rig, '090-1234-5678', { reason: 'customer moved abroad' });
    expect(answer).toContain('090-1234-5678');
    const message = await approvalMessageFor(world.double, { phone: '090-1234-5678' });
    expect(message.channel).toBe(APPROVAL_ENV.APPROVAL_CHANNEL_ID);
    expect(visibleText(message.call.body.blocks)).toContain('customer moved abroad');

    // The approval: a block_actions envelope; the change goes to Freebit and the thread says so.
    const approved = await click(rig, message, 'approve', APPROVER);
    expect(approved.ack.status).toBe(200);
    await waitForAcceptance({ double: world.double, storeFile: storeFile(), clock }, message);
    expect(world.bot.sandbox!.received.filter((entry) => entry.path === PATHS.cancel)).toHaveLength(1);

    // The follow-up: Freebit finishes the cancellation 2 min (of the clock) later; the thread and the message say so.
    clock.advance(2 * MINUTE);
    const done = await waitForReply(world.double, message, 'completed', { timeoutMs: 10_000 });
    expect(visibleText(done.body.blocks)).toContain(`<@${AGENT.id}>`);
    await waitForRedraw(world.double, message, (call) => visibleText(call.body.blocks).includes('2026-11-22 12:02 JST'));
    expect((await storedRequest({ storeFile: storeFile(), clock }, message.requestId)).state).toBe('completed');
    expect(repliesOf(world.double, message, 'completed')).toHaveLength(1);
    expect(JSON.stringify(currentBlocks(world.double, message)), 'the buttons were replaced by the outcome').not.toContain(
      ACTIONS.approveRequest,
    );
  });

  test('a request for several lines over the socket: "Checking…" in the ack, the summary in the same modal, one approval message, one call per line', async () => {
    const clock = new ManualClock(NOW);
    const world = await start({ env: APPROVAL_ENV, clock });
    const rig = overTheSocket(world, clock);
    const phones = ['08077000001', '08077000002', '08077000003'];
    for (const phone of phones) freshLine(rig, phone);

    const { ack, viewId } = await submitCancellation(rig, [...phones, '08099998888' /* cancelled */].join('\n'), {
      reason: 'over the socket',
    });
    expect(ack.body).toMatchObject({ response_action: 'update', view: { callback_id: VIEWS.lineCheck } });
    const summary = await summaryIn(rig, viewId);
    expect(visibleText(summary.blocks)).toContain('3 can be requested, 1 cannot');
    await submitSummary(rig, summary, viewId);
    const message = await approvalMessageFor(world.double, { text: 'over the socket' });

    await click(rig, message, 'approve', APPROVER);
    await waitForReply(world.double, message, 'executed', { timeoutMs: 10_000 });
    const cancels = world.bot.sandbox!.received.filter((entry) => entry.path === PATHS.cancel);
    expect(phones.map((phone) => cancels.filter((entry) => JSON.stringify(entry.json).includes(phone)).length)).toEqual([1, 1, 1]);
    expect(cancels).toHaveLength(3);
  });

  test('an approved change whose Freebit call is out when a stop begins is carried out by the drain, after the socket closed', async () => {
    const clock = new ManualClock(NOW);
    const world = await start({ env: FOLLOW_UP_ENV, clock });
    const rig = overTheSocket(world, clock);
    await requestCancellation(rig, '090-1234-5678');
    const message = await approvalMessageFor(world.double, { phone: '090-1234-5678' });

    // Freebit is slow to take the change: the approved request is still executing when the stop begins.
    world.bot.sandbox!.injectFault(PATHS.cancel, { kind: 'delay', ms: 1_000 });
    await click(rig, message, 'approve', APPROVER);
    // A stop claims nothing new and waits for the calls already out (ARCHITECTURE.md, the executor): this one is out.
    const cancelsSent = () => world.bot.sandbox!.received.filter((entry) => entry.path === PATHS.cancel).length;
    await eventually(() => cancelsSent() === 1, 'the cancellation sent to Freebit');
    const stopping = world.bot.stop();
    const closedAt = await world.socket.allClosed(800).then(() => performance.now());
    expect(world.socket.openConnections()).toBe(0);

    await waitForReply(world.double, message, 'executed', { timeoutMs: 5_000 });
    const acceptedAt = performance.now();
    expect(closedAt, 'the socket closed before the change was accepted').toBeLessThan(acceptedAt);
    await stopping;
    expect(world.bot.sandbox!.received.filter((entry) => entry.path === PATHS.cancel)).toHaveLength(1);
    expect(await storedRequest({ storeFile: storeFile(), clock }, message.requestId)).toMatchObject({
      state: 'accepted',
      execution: { result: 'accepted' },
    });
  });
});
