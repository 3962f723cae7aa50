import { RateLimiterMemory, RateLimiterQueue, RateLimiterRedis, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { SharedPace } from './types.js';

/**
 * A rate limit of `perSecond` turns a second, on rate-limiter-flexible (a kept library, not a
 * hand-written bucket): callers queue in this process (RateLimiterQueue) and each turn is one
 * atomic consume of the limiter's counter. On Redis that counter is one key every replica
 * consumes from, so three replicas together still go at `perSecond`; on SQLite (one process) it
 * is in memory. A Redis that does not answer falls back to the same limit in memory (the
 * insurance limiter) rather than stop the work it paces.
 */
export function memoryPace(perSecond: number): SharedPace {
  return queued(new RateLimiterMemory({ points: points(perSecond), duration: 1 }));
}

export function redisPace(client: unknown, key: string, perSecond: number, timeoutMs: number): SharedPace {
  const insuranceLimiter = new RateLimiterMemory({ points: points(perSecond), duration: 1 });
  const limiter = new RateLimiterRedis({ storeClient: client, useRedisPackage: true, keyPrefix: key, points: points(perSecond), duration: 1, insuranceLimiter });
  // A stalled Redis never answers (the socket stays connected): past the store's deadline the
  // turn is the insurance limiter's, instead of the work it paces waiting as long as Redis does.
  const bounded = new RLWrapperTimeouts({ limiter, timeoutMs, insuranceLimiter });
  // The queue refuses more tokens than the limiter's points: the wrapper's are the limiter's.
  bounded.points = points(perSecond);
  return queued(bounded);
}

function points(perSecond: number): number {
  if (!Number.isFinite(perSecond) || perSecond < 1) throw new RangeError(`A pace needs at least one turn a second, not ${perSecond}.`);
  return Math.floor(perSecond);
}

function queued(limiter: RateLimiterMemory | RLWrapperTimeouts): SharedPace {
  const queue = new RateLimiterQueue(limiter);
  return {
    async turn() {
      await queue.removeTokens(1);
    },
  };
}
