/**
 * The bot in a process of its own, for tests that kill it (SIGKILL) and start it again: the
 * same `startBot` as `npm start`, configured by the environment, plus the few overrides a
 * test needs (`TEST_BOT_OVERRIDES`, JSON: a Redis key prefix of its own, a short sweep).
 * Run as `node --import tsx test/support/botProcess.ts`: one process, so a kill is a kill.
 */
import { loadConfig } from '../../src/config.js';
import { createBotLogger, startBot, type BotOverrides } from '../../src/main.js';
import type { Store } from '../../src/store/index.js';

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  process.stderr.write(`botProcess: ${loaded.problems.join('; ')}\n`);
  process.exit(2);
}
const { pauseAt, ...overrides } = JSON.parse(process.env.TEST_BOT_OVERRIDES ?? '{}') as Pick<
  BotOverrides,
  'storePrefix' | 'sweepMs' | 'shutdownGraceMs'
> & { pauseAt?: string };
const logger = createBotLogger(loaded.config);
const bot = await startBot(loaded.config, {
  logger,
  host: '127.0.0.1',
  ...overrides,
  ...(pauseAt ? { wrapStore: (store: Store) => pausingAt(store, pauseAt) } : {}),
});
// As `npm start` does (main.ts run): SIGTERM drains, then the process exits.
process.once('SIGTERM', () => {
  void bot.stop().then(() => process.exit(0));
});

/**
 * The store, except that the first call of `records('<namespace>').<method>` named by `pauseAt`
 * (`requests.create`) says so on stdout and never answers: the process waits there, between the
 * write before it and that one, for the test's SIGKILL.
 */
function pausingAt(store: Store, call: string): Store {
  const [namespace, method] = call.split('.');
  let paused = false;
  return {
    ...store,
    records: (name, ...rest) => {
      const collection = store.records(name, ...rest);
      if (name !== namespace) return collection;
      return new Proxy(collection, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver) as unknown;
          if (property !== method || typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (paused) return (value as (...a: unknown[]) => unknown).apply(target, args);
            paused = true;
            process.stdout.write(`${JSON.stringify({ event: 'test.paused', call })}\n`);
            return new Promise(() => {});
          };
        },
      });
    },
  } as Store;
}
