/**
 * The whole bot as a person meets it (tools/slackDouble/rig.ts: `startBot()` in HTTP mode, its
 * embedded sandbox, a SQLite store in a fresh folder, the Slack double as Slack), and the
 * vitest hooks that give each `describe` one rig, checked for Block Kit limits as it closes.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { rateLimitViolations, startSlackRig, type RestartableSlackRig } from '../../tools/slackDouble/rig.js';

export type SlackRigOptions = Parameters<typeof startSlackRig>[0] & {
  /**
   * Whether closing first checks that nothing the bot sent broke a Block Kit limit (default
   * true), and each test that Slack refused none of the bot's calls for its rate limits.
   */
  checkLimits?: boolean;
};

/**
 * One rig for the enclosing `describe` (or file): started in `beforeAll`, and in `afterAll`
 * checked for Block Kit limit violations and closed. Returns the rig; use it inside tests and
 * hooks only (it is there once `beforeAll` has run). Further set-up goes in a `beforeAll`
 * registered after this call, which runs after the rig started.
 */
export function useSlackRig(options: SlackRigOptions = {}): RestartableSlackRig {
  const { checkLimits = true, ...startOptions } = options;
  let current: RestartableSlackRig | undefined;
  beforeAll(async () => {
    current = await startSlackRig(startOptions);
  });
  // Slack's rate limits, test by test: the test whose story made the bot go over fails, naming the method.
  let refusedBefore = 0;
  beforeEach(() => {
    refusedBefore = current?.double.refused.length ?? 0;
  });
  afterEach(() => {
    if (!current || !checkLimits) return;
    const refused = current.double.refused;
    // `clear()` forgets what was refused: count from wherever the list is now.
    expect(rateLimitViolations(refused.slice(Math.min(refusedBefore, refused.length)))).toEqual([]);
  });
  afterAll(async () => {
    if (!current) return;
    try {
      if (checkLimits) expect(current.limitViolations()).toEqual([]);
    } finally {
      await current.close();
    }
  });
  return new Proxy({} as RestartableSlackRig, {
    get: (_target, property) => {
      if (!current) throw new Error('useSlackRig: the rig is only there inside tests and hooks (after beforeAll)');
      return Reflect.get(current, property, current) as unknown;
    },
  });
}
