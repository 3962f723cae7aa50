import { RateLimiterMemory, RateLimiterQueue, RateLimiterRedis, RLWrapperTimeouts } from 'rate-limiter-flexible';
import type { PaceRate, SharedPace } from './types.js';

/**
 * A rate limit of `perSecond` turns a second, on rate-limiter-flexible (a kept library, not a
 * hand-written bucket): callers queue in this process (RateLimiterQueue) and each turn is one
 * atomic consume of the limiter's counter. On Redis that counter is one key every replica
 * consumes from, so three replicas together still go at `perSecond`; on SQLite (one process) it
 * is in memory. A Redis that does not answer falls back to the same limit in memory (the
 * insurance limiter) rather than stop the work it paces.
 */
export function memoryPace(rate: PaceRate): SharedPace {
  return queued(new RateLimiterMemory(windowOf(rate)));
}

export function redisPace(client: unknown, key: string, rate: PaceRate, timeoutMs: number): SharedPace {
  const window = windowOf(rate);
  const insuranceLimiter = new RateLimiterMemory(window);
  const limiter = new RateLimiterRedis({ storeClient: client, useRedisPackage: true, keyPrefix: key, ...window, insuranceLimiter });
  // A stalled Redis never answers (the socket stays connected): past the store's deadline the
  // turn is the insurance limiter's, instead of the work it paces waiting as long as Redis does.
  const bounded = new RLWrapperTimeouts({ limiter, timeoutMs, insuranceLimiter });
  // The queue refuses more tokens than the limiter's points: the wrapper's are the limiter's.
  bounded.points = window.points;
  return queued(bounded);
}

/**
 * `perSecond` turns a second, or `turns` in each window of `seconds` (a slower pace, or one
 * that allows a short burst): rate-limiter-flexible's fixed window of `points` in `duration`.
 */
function windowOf(rate: PaceRate): { points: number; duration: number } {
  if (typeof rate === 'number') {
    if (!Number.isFinite(rate) || rate < 1) throw new RangeError(`A pace needs at least one turn a second, not ${rate}.`);
    return { points: Math.floor(rate), duration: 1 };
  }
  if (!Number.isSafeInteger(rate.turns) || rate.turns < 1 || !Number.isSafeInteger(rate.seconds) || rate.seconds < 1) {
    throw new RangeError(`A pace needs whole turns in whole seconds, not ${rate.turns} in ${rate.seconds} s.`);
  }
  return { points: rate.turns, duration: rate.seconds };
}

function queued(limiter: RateLimiterMemory | RLWrapperTimeouts): SharedPace {
  const queue = new RateLimiterQueue(limiter);
  return {
    async turn() {
      await queue.removeTokens(1);
    },
  };
}
