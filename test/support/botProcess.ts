/**
 * The bot in a process of its own, for tests that kill it (SIGKILL) and start it again: the
 * same `startBot` as `npm start`, configured by the environment, plus the few overrides a
 * test needs (`TEST_BOT_OVERRIDES`, JSON: a Redis key prefix of its own, a short sweep).
 * Run as `node --import tsx test/support/botProcess.ts`: one process, so a kill is a kill.
 */
import { loadConfig } from '../../src/config.js';
import { createBotLogger, startBot, type BotOverrides } from '../../src/main.js';

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  process.stderr.write(`botProcess: ${loaded.problems.join('; ')}\n`);
  process.exit(2);
}
const overrides = JSON.parse(process.env.TEST_BOT_OVERRIDES ?? '{}') as Pick<BotOverrides, 'storePrefix' | 'sweepMs' | 'shutdownGraceMs'>;
await startBot(loaded.config, { logger: createBotLogger(loaded.config), host: '127.0.0.1', ...overrides });
