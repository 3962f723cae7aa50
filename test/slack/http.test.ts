import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startBot } from '../../src/main.js';
import { SIGNING_SECRET, startSlackRig, type SlackRig } from '../../tools/slackDouble/rig.js';
import { useSlackRig } from '../support/slackBot.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble } from '../../tools/slackDouble/double.js';
import { signature, slashCommand } from '../../tools/slackDouble/requests.js';

describe('POST /slack/events refuses what Slack did not sign', () => {
  const rig = useSlackRig({ checkLimits: false });

  /** Sends a lookup command with the given signing; returns the status and whether anything happened. */
  async function lookUpSigned(options: Parameters<SlackRig['slack']['send']>[1]) {
    const responseUrl = rig.double.responseUrl();
    rig.sandbox.clearReceived();
    const ack = await rig.slack.send(slashCommand({ text: '09012345678', response_url: responseUrl }), options);
    return { status: ack.status, answered: rig.double.responsesTo(responseUrl).length, freebitCalls: rig.sandbox.received.length };
  }

  test('a correctly signed request is accepted (the control for the refusals below)', async () => {
    const responseUrl = rig.double.responseUrl();
    const ack = await rig.slack.send(slashCommand({ text: '09012345678', response_url: responseUrl }));
    expect(ack.status).toBe(200);
    await rig.double.waitForResponse(responseUrl);
  });

  test('an unsigned request is refused with 401 and does nothing', async () => {
    expect(await lookUpSigned({ signature: null })).toEqual({ status: 401, answered: 0, freebitCalls: 0 });
  });

  test('a request signed with another secret is refused with 401 and does nothing', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = slashCommand({ text: '09012345678', response_url: 'http://127.0.0.1:9/unused' }).body;
    expect(await lookUpSigned({ timestamp, signature: signature('not-the-signing-secret', timestamp, body) })).toEqual({
      status: 401,
      answered: 0,
      freebitCalls: 0,
    });
  });

  test('a request signed over a different body is refused with 401', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    expect(await lookUpSigned({ timestamp, signature: signature(SIGNING_SECRET, timestamp, 'text=something-else') })).toMatchObject({
      status: 401,
      freebitCalls: 0,
    });
  });

  test('a correctly signed request more than five minutes old is refused as a replay', async () => {
    expect(await lookUpSigned({ timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).toEqual({
      status: 401,
      answered: 0,
      freebitCalls: 0,
    });
  });

  test('GET /healthz reports the store and Freebit once ready', async () => {
    const response = await fetch(`${rig.bot.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      mode: 'http',
      sandbox: true,
      store: { ok: true, persistent: true },
      freebit: { reachable: true },
    });
  });

  test('anything else is 404', async () => {
    expect((await fetch(`${rig.bot.url}/slack/install`)).status).toBe(404);
  });
});

describe('GET /healthz', () => {
  test('stays 200 when Freebit is down, and says Freebit is unreachable', async () => {
    const rig = await startSlackRig();
    try {
      await rig.sandbox.close();
      rig.clock.advance(60_000); // past the probe's 10 s memory
      const response = await fetch(`${rig.bot.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ freebit: { reachable: false }, store: { ok: true } });
    } finally {
      await rig.close();
    }
  });

  test('answers 503 until the bot is ready, then 200', async () => {
    const double = await startSlackDouble();
    double.delay('auth.test', 400); // start-up waits on Slack for a moment
    const port = await freePort();
    const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-health-'));
    const loaded = loadConfig({
      SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: double.apiUrl,
      PORT: String(port),
      STORE_URL: `sqlite://${join(folder, 'store.sqlite')}`,
    });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const starting = startBot(loaded.config, { logger: silentLogger, host: '127.0.0.1' });
    try {
      await double.waitForCall('auth.test');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(503);
      const bot = await starting;
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await (await starting).stop();
      await double.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
