import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig, type Environment } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { shutdownGraceMs, startBot, StartupError } from '../src/main.js';
import { startSandbox } from '../src/sandbox/index.js';
import { SIGNING_SECRET, startSlackRig, visibleText } from '../tools/slackDouble/rig.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../tools/slackDouble/double.js';
import { signature, slashCommand } from '../tools/slackDouble/requests.js';

describe('stopping', () => {
  test('finishes an acknowledged lookup before it stops', async () => {
    const rig = await startSlackRig();
    try {
      rig.sandbox.injectFault('/master/getAcnt/', { kind: 'delay', ms: 300 });
      const { ack, responseUrl } = await rig.command('09012345678');
      expect(ack.status).toBe(200);
      await rig.bot.stop();
      // stop() resolved: the answer must already be there, not lost.
      expect(rig.double.responsesTo(responseUrl)).toHaveLength(1);
      expect(visibleText(rig.double.responsesTo(responseUrl)[0]!.body.blocks)).toContain('090-1234-5678');
    } finally {
      await rig.close();
    }
  });

  test('a request arriving on an open connection while it drains gets 503, so Slack retries it elsewhere; the work in flight still finishes', async () => {
    const rig = await startSlackRig();
    let socket: Socket | undefined;
    try {
      rig.sandbox.injectFault('/master/getAcnt/', { kind: 'delay', ms: 500 });
      const { ack, responseUrl } = await rig.command('09012345678');
      expect(ack.status).toBe(200);
      // A connection Slack already had open, with a request on its way (headers begun, not finished).
      const { port } = new URL(rig.bot.url);
      socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket!.once('connect', resolve));
      const answered = new Promise<string>((resolve) => {
        let text = '';
        socket!.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('\r\n\r\n')) resolve(text);
        });
      });
      socket.write('POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      await new Promise((resolve) => setTimeout(resolve, 50));

      const stopping = rig.bot.stop();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const request = slashCommand({ text: '09012345678', response_url: rig.double.responseUrl() });
      const timestamp = Math.floor(Date.now() / 1000);
      socket.write(
        `content-type: ${request.contentType}\r\ncontent-length: ${Buffer.byteLength(request.body)}\r\n` +
          `x-slack-request-timestamp: ${timestamp}\r\nx-slack-signature: ${signature(SIGNING_SECRET, timestamp, request.body)}\r\n\r\n${request.body}`,
      );
      expect((await answered).split('\r\n')[0]).toBe('HTTP/1.1 503 Service Unavailable');

      await stopping;
      expect(rig.double.responsesTo(responseUrl)).toHaveLength(1);
    } finally {
      socket?.destroy();
      await rig.close();
    }
  });

  test('waits by default as long as an execution may take (a re-check, the call, two settling looks and a pause) and the Slack announcement: 6 × FREEBIT_TIMEOUT_MS + 5 s', () => {
    const loaded = loadConfig({ SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, FREEBIT_TIMEOUT_MS: '8000' });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    expect(shutdownGraceMs(loaded.config)).toBe(53_000);
  });

  test('takes no new request once stopped', async () => {
    const rig = await startSlackRig();
    await rig.close();
    await expect(rig.slack.send(slashCommand({ text: '09012345678', response_url: 'http://127.0.0.1:9/x' }))).rejects.toThrow();
  });
});

describe('with a Freebit configured (FREEBIT_BASE_URL)', () => {
  test('looks lines up there, and says nothing about a sandbox', async () => {
    const freebit = await startSandbox({ oemId: 'OEM-REAL', oemKey: 'real-oem-key' });
    const rig = await startSlackRig({
      env: { FREEBIT_BASE_URL: freebit.url, FREEBIT_OEM_ID: 'OEM-REAL', FREEBIT_OEM_KEY: 'real-oem-key' },
    });
    try {
      expect(rig.bot.sandbox).toBeUndefined();
      const { responseUrl } = await rig.command('09012345678');
      const reply = await rig.double.waitForResponse(responseUrl);
      expect(visibleText(reply.body.blocks)).toContain(':large_green_circle: *Active*');
      expect(JSON.stringify(reply.body)).not.toContain('SANDBOX');
      expect(freebit.received.map((request) => request.path)).toEqual(['/authOem/', '/master/getAcnt/']);
      const health = await (await fetch(`${rig.bot.url}/healthz`)).json();
      expect(health).toMatchObject({ sandbox: false, freebit: { reachable: true } });
    } finally {
      await rig.close();
      await freebit.close();
    }
  });
});

describe('starting with tokens Slack refuses', () => {
  /** startBot against the double with `env`; resolves with how it failed. */
  async function failedStart(double: SlackDouble, env: Environment): Promise<StartupError> {
    const folder = await mkdtemp(join(tmpdir(), 'freebit-ops-tokens-'));
    try {
      const loaded = loadConfig({ SLACK_API_URL: double.apiUrl, PORT: '0', STORE_URL: `sqlite://${join(folder, 'store.sqlite')}`, ...env });
      if (!loaded.ok) throw new Error(loaded.problems.join('; '));
      const outcome = await startBot(loaded.config, { logger: silentLogger, host: '127.0.0.1' }).then(
        async (bot) => {
          await bot.stop();
          throw new Error('the bot started');
        },
        (error: unknown) => error,
      );
      if (!(outcome instanceof StartupError)) throw outcome;
      return outcome;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  test('a bot token Slack refuses stops start-up naming SLACK_BOT_TOKEN (a configuration problem)', async () => {
    const double = await startSlackDouble();
    try {
      const error = await failedStart(double, { SLACK_BOT_TOKEN: 'xoxb-revoked-token', SLACK_SIGNING_SECRET: 'secret' });
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(
        'Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token from the app’s OAuth & Permissions page.',
      );
    } finally {
      await double.close();
    }
  });

  test('in Socket Mode, an app token Slack refuses stops start-up naming SLACK_APP_TOKEN', async () => {
    const double = await startSlackDouble();
    try {
      const error = await failedStart(double, { SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A0FREEBIT1-1-refused' });
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain('Slack refused SLACK_APP_TOKEN (invalid_auth)');
      // Socket Mode was chosen, and asked Slack (at SLACK_API_URL) for a connection with the app token.
      expect(double.callsTo('apps.connections.open').map((call) => call.token)).toEqual(['xapp-1-A0FREEBIT1-1-refused']);
    } finally {
      await double.close();
    }
  });
});
