import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createBotLogger } from '../src/main.js';
import { createLogger, forRequest, scrubber, type LoggerOptions } from '../src/logger.js';

function capture(options: Omit<LoggerOptions, 'destination'> = {}) {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('debug', { destination, ...options });
  return {
    logger,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('the logger', () => {
  test('writes JSON, one line per event', () => {
    const { logger, text, lines } = capture();
    logger.info({ event: 'a' }, 'first');
    logger.debug({ event: 'b', nested: { n: 1 } }, 'second\nwith a newline');
    expect(text().split('\n').filter(Boolean)).toHaveLength(2);
    expect(lines().map((line) => [line.event, line.msg, line.level])).toEqual([
      ['a', 'first', 30],
      ['b', 'second\nwith a newline', 20],
    ]);
  });

  test('redacts secret fields at the top level and nested several levels down', () => {
    const { logger, text } = capture();
    logger.info(
      {
        authKey: 'AK-top',
        oemKey: 'OEM-top',
        request: { json: { authKey: 'AK-nested', payload: { deep: { oemKey: 'OEM-deep' } } } },
        config: { slack: { botToken: 'bot-token-value', signingSecret: 'signing-value' } },
        headers: { authorization: 'secret-header', Authorization: 'Secret-Header', 'x-slack-signature': 'v0=signature-value' },
        err: { config: { headers: { Authorization: 'axios-header-value' } } },
      },
      'fields',
    );
    for (const secret of [
      'AK-top',
      'OEM-top',
      'AK-nested',
      'OEM-deep',
      'bot-token-value',
      'signing-value',
      'secret-header',
      'Secret-Header',
      'signature-value',
      'axios-header-value',
    ]) {
      expect(text()).not.toContain(secret);
    }
    expect(text()).toContain('[redacted]');
  });

  test('censors Slack tokens and bearer credentials wherever they appear in the line', () => {
    const { logger, text } = capture();
    logger.warn(`posting with xoxb-1234-5678-abcdEFGH and xapp-1-A0123-456-abcdef, user xoxp-9-9`);
    logger.error({ err: new Error('refused token xoxb-0000-1111-secretsecret') }, 'failed');
    logger.info({ url: 'https://example.test/?t=xoxe.xoxp-1-abc', note: 'Authorization: Bearer abc.DEF-ghi_123' }, 'odd fields');
    const written = text();
    for (const secret of ['1234-5678-abcdEFGH', 'A0123-456-abcdef', 'xoxp-9-9', 'secretsecret', 'abc.DEF-ghi_123'])
      expect(written).not.toContain(secret);
    expect(written).toContain('xoxb-[redacted]');
    expect(written).toContain('Bearer [redacted]');
  });

  test('censors the configured secret values as text, raw, JSON-escaped and URL-encoded', () => {
    const secret = 'sign"ing/secret+value';
    const { logger, text } = capture({ secrets: [secret, 'oem-key-0123456789', undefined] });
    logger.info({ body: `v0:123:${secret}`, form: `secret=${encodeURIComponent(secret)}` }, 'the OEM key is oem-key-0123456789');
    expect(text()).not.toContain('oem-key-0123456789');
    expect(text()).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(text()).not.toContain(encodeURIComponent(secret));
  });

  test('the bot’s own logger censors the configured Slack tokens, signing secret and OEM key, whatever a caller writes', () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-configured-bot-token',
      SLACK_APP_TOKEN: 'xapp-configured-app-token',
      SLACK_SIGNING_SECRET: 'configured-signing-secret-42',
      FREEBIT_BASE_URL: 'https://freebit.example/emptool/api',
      FREEBIT_OEM_ID: 'OEM1',
      FREEBIT_OEM_KEY: 'Configured0emKey',
    };
    const loaded = loadConfig(env);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    const logger = createBotLogger(loaded.config, destination);
    logger.error({ config: loaded.config, raw: Object.values(env).join(' ') }, `careless: ${Object.values(env).join(', ')}`);
    const written = chunks.join('');
    for (const secret of [env.SLACK_BOT_TOKEN, env.SLACK_APP_TOKEN, env.SLACK_SIGNING_SECRET, env.FREEBIT_OEM_KEY])
      expect(written).not.toContain(secret);
    expect(written).toContain('OEM1');
  });

  test('secrets given as files (<NAME>_FILE) and a Redis password in STORE_URL_FILE are censored too', () => {
    const folder = mkdtempSync(join(tmpdir(), 'freebit-ops-logger-secrets-'));
    try {
      const secrets = {
        SLACK_BOT_TOKEN: 'xoxb-bot-token-from-file',
        SLACK_SIGNING_SECRET: 'signing-secret-from-file',
        FREEBIT_OEM_KEY: 'oem-key-from-file-0123',
        STORE_URL: 'redis://:redis-pass-from-file@redis:6379/0',
      };
      const env: Record<string, string> = { FREEBIT_BASE_URL: 'https://freebit.example/emptool/api', FREEBIT_OEM_ID: 'OEM1' };
      for (const [name, value] of Object.entries(secrets)) {
        writeFileSync(join(folder, name), `${value}\n`);
        env[`${name}_FILE`] = join(folder, name);
      }
      const loaded = loadConfig(env);
      if (!loaded.ok) throw new Error(loaded.problems.join('; '));
      const chunks: string[] = [];
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk.toString());
          done();
        },
      });
      createBotLogger(loaded.config, destination).error(
        { storeUrl: loaded.config.storeUrl },
        `careless: ${Object.values(secrets).join(', ')}`,
      );
      const written = chunks.join('');
      for (const secret of [...Object.values(secrets).slice(0, 3), 'redis-pass-from-file']) expect(written).not.toContain(secret);
      expect(written).toContain('@redis:6379/0');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('does not censor configured values too short to be told from ordinary words', () => {
    expect(scrubber(['sandbox'])('the sandbox answered')).toBe('the sandbox answered');
  });

  test('a request logger adds its fields to every line it (and its children) writes, and no further', async () => {
    const { logger, lines } = capture();
    const slackRequest = forRequest(logger, { slackRequestId: 'r1', slackUserId: 'U1' });
    slackRequest.info('ack');
    await new Promise((resolve) => setTimeout(resolve, 1));
    // The workflow learns the request id and carries on with a child of the Slack request's logger.
    const workflow = forRequest(slackRequest, { requestId: 'FR-AAAAA' });
    workflow.info('workflow');
    workflow.child({ component: 'freebit' }).info('freebit');
    slackRequest.info('after');
    logger.info('outside');
    // A poll has no Slack request: only the request id.
    forRequest(logger, { requestId: 'FR-BBBBB' }).info('poll');
    expect(lines().map((line) => [line.msg, line.slackRequestId, line.slackUserId, line.requestId])).toEqual([
      ['ack', 'r1', 'U1', undefined],
      ['workflow', 'r1', 'U1', 'FR-AAAAA'],
      ['freebit', 'r1', 'U1', 'FR-AAAAA'],
      ['after', 'r1', 'U1', undefined],
      ['outside', undefined, undefined, undefined],
      ['poll', undefined, undefined, 'FR-BBBBB'],
    ]);
  });

  test('a line naming a request field itself writes it once, its own value winning', () => {
    const { logger, text, lines } = capture();
    forRequest(logger, { requestId: 'FR-AAAAA' }).info({ event: 'e', requestId: 'FR-AAAAA' }, 'named twice');
    forRequest(logger, { requestId: 'FR-AAAAA' }).info({ event: 'e', requestId: 'FR-CCCCC' }, 'another');
    expect(
      text()
        .split('\n')[0]!
        .match(/"requestId"/g),
    ).toHaveLength(1);
    expect(lines().map((line) => line.requestId)).toEqual(['FR-AAAAA', 'FR-CCCCC']);
  });

  test('a logger made elsewhere gets the fields as plain bindings', () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    forRequest(pino(destination), { requestId: 'FR-AAAAA' }).info('plain');
    expect(JSON.parse(chunks.join('')).requestId).toBe('FR-AAAAA');
  });

  test('writes readable lines instead of JSON when asked (as it does on a terminal)', () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', { destination, pretty: true });
    logger.info({ event: 'bot.ready', token: 'xoxb-1-2-3' }, 'listening');
    const text = chunks.join('');
    expect(text).toMatch(/INFO.*listening/);
    expect(() => JSON.parse(text)).toThrow();
    expect(text).not.toContain('xoxb-1-2-3');
  });
});
