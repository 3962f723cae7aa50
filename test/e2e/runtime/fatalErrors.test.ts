import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SIGNING_SECRET } from '../../../tools/slackDouble/rig.js';
import { DOUBLE_BOT_TOKEN, startSlackDouble, type SlackDouble } from '../../../tools/slackDouble/double.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * What nobody handled ends the process, loudly and at once: one structured line, no secret in
 * it, and a status that tells the supervisor to start it again (the sweep finishes the work).
 */
describe('an unhandled rejection or an uncaught exception', () => {
  let double: SlackDouble;
  let folder: string;

  beforeAll(async () => {
    double = await startSlackDouble();
    folder = await mkdtemp(join(tmpdir(), 'freebit-ops-fatal-'));
  });
  afterAll(async () => {
    await double.close();
    await rm(folder, { recursive: true, force: true });
  });

  const runBotUntilFatal = (kind: 'rejection' | 'exception') =>
    new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/fatalBot.ts'), kind], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          SLACK_BOT_TOKEN: DOUBLE_BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: double.apiUrl,
          PORT: '0',
          STORE_URL: `sqlite://${join(folder, `${kind}.sqlite`)}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => done({ code, output }));
    });

  test.concurrent.each(['rejection', 'exception'] as const)(
    'an unhandled %s writes one line, without secrets, and exits 1',
    async (kind) => {
      const { code, output } = await runBotUntilFatal(kind);
      expect(output).toContain('"event":"bot.ready"');
      const fatal = output.split('\n').filter((line) => line.includes('"event":"bot.fatal"'));
      expect(fatal).toHaveLength(1);
      expect(JSON.parse(fatal[0]!)).toMatchObject({
        level: 60,
        event: 'bot.fatal',
        kind: kind === 'rejection' ? 'unhandled_rejection' : 'uncaught_exception',
      });
      expect(output).not.toContain(DOUBLE_BOT_TOKEN);
      // Nothing after it: the process did not go on.
      expect(output.slice(output.indexOf('"event":"bot.fatal"')).trim().split('\n')).toHaveLength(1);
      expect(code).toBe(1);
    },
    60_000,
  );
});
