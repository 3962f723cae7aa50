import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createBotLogger } from '../src/main.js';
import { addToLogContext, createLogger, currentLogContext, scrubber, withLogContext, type LoggerOptions } from '../src/logger.js';

function capture(options: Omit<LoggerOptions, 'destination'> = {}) {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger('debug', { destination, ...options });
  return { logger, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
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
    for (const secret of ['AK-top', 'OEM-top', 'AK-nested', 'OEM-deep', 'bot-token-value', 'signing-value', 'secret-header', 'Secret-Header', 'signature-value', 'axios-header-value']) {
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
    for (const secret of ['1234-5678-abcdEFGH', 'A0123-456-abcdef', 'xoxp-9-9', 'secretsecret', 'abc.DEF-ghi_123']) expect(written).not.toContain(secret);
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
    for (const secret of [env.SLACK_BOT_TOKEN, env.SLACK_APP_TOKEN, env.SLACK_SIGNING_SECRET, env.FREEBIT_OEM_KEY]) expect(written).not.toContain(secret);
    expect(written).toContain('OEM1');
  });

  test('does not censor configured values too short to be told from ordinary words', () => {
    expect(scrubber(['sandbox'])('the sandbox answered')).toBe('the sandbox answered');
  });

  test('a log context reaches every line written inside it, through awaits, and no further', async () => {
    const { logger, lines } = capture();
    await withLogContext({ slackRequestId: 'r1', slackUserId: 'U1' }, async () => {
      logger.info('ack');
      await new Promise((resolve) => setTimeout(resolve, 1));
      await (async () => {
        await Promise.resolve();
        addToLogContext({ requestId: 'FR-AAAAA' });
        logger.info('workflow');
        await new Promise((resolve) => setImmediate(resolve));
        logger.info('freebit');
      })();
      // The caller keeps its own fields once the callee that learnt the request id returns.
      expect(currentLogContext()).toEqual({ slackRequestId: 'r1', slackUserId: 'U1' });
      logger.info('after');
    });
    logger.info('outside');
    expect(lines().map((line) => [line.msg, line.slackRequestId, line.requestId])).toEqual([
      ['ack', 'r1', undefined],
      ['workflow', 'r1', 'FR-AAAAA'],
      ['freebit', 'r1', 'FR-AAAAA'],
      ['after', 'r1', undefined],
      ['outside', undefined, undefined],
    ]);
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
