/**
 * Socket Mode as Slack runs it: the bot connects over a WebSocket, acknowledges envelopes on
 * it, and answers through response_urls and the Web API. A stop closes the socket first, so
 * Slack sends new envelopes to another connection, and only then waits for acknowledged work.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { visibleText } from '../support/blockText.js';
import { PATHS } from '../support/freebit.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../support/slackDouble.js';
import { slashCommandFields } from '../support/slackRequests.js';
import { startSocketModeDouble, type SocketModeDouble } from '../support/socketModeDouble.js';

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

  const start = async () => {
    socket = await startSocketModeDouble();
    double = await startSlackDouble({ tokens: [DOUBLE_BOT_TOKEN, APP_TOKEN], socketUrl: socket.url });
    const loaded = loadConfig({ SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: double.apiUrl, PORT: '0', STORE_URL: `sqlite://${join((folder = await mkdtemp(join(tmpdir(), 'freebit-ops-socket-'))), 'store.sqlite')}`, FREEBIT_TIMEOUT_MS: '5000' });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    bot = await startBot(loaded.config, { logger: silentLogger, host: '127.0.0.1', shutdownGraceMs: 5_000 });
    await socket.connected();
    return { double, socket, bot };
  };

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
    const card = await world.double.waitForCall('response_url', (call) => call.responseUrl === responseUrl && visibleText(call.body.blocks).includes('Active'), {
      timeoutMs: 5_000,
    });
    const answeredAt = performance.now();
    expect(visibleText(card.body.blocks)).toContain('090-1234-5678');
    expect(closedAt, 'the socket closed before the card was answered').toBeLessThan(answeredAt);
    await stopping;
  });
});
