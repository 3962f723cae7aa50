import { withDeadline } from '../timeout.js';
import type { Clock } from '../clock.js';
import type { Durability } from './durability.js';
import type { Store } from './types.js';

/** How long a health probe waits for the store before calling it down. */
export const STORE_PROBE_MS = 1_500;

/**
 * Whether the store answers a read within `STORE_PROBE_MS`: what `/readyz` and the
 * `store_up` metric both ask (the authKey read: small, and every store has it).
 */
export function storeAnswers(store: Pick<Store, 'authKey'>): Promise<boolean> {
  const read = store.authKey.get().then(
    () => true,
    () => false,
  );
  return withDeadline(read, STORE_PROBE_MS, () => false);
}

/** How long a durability reading (durabilityReader) is reused: INFO is cheap, but probes come every few seconds. */
export const DURABILITY_MAX_AGE_MS = 30_000;

/**
 * The store's durability for `/readyz` and the `store_persistent` metric, read again at most every
 * `maxAgeMs` (a Redis reconfigured at run time, or one taking its first snapshot, is seen within
 * that). A read that fails or is slow keeps the last known answer (`store_up` says the store is down).
 */
export function durabilityReader(
  store: Pick<Store, 'durability'>,
  clock: Clock,
  first: Durability,
  maxAgeMs: number = DURABILITY_MAX_AGE_MS,
): () => Promise<Durability> {
  let known = first;
  let readAt = clock.now();
  let reading: Promise<Durability> | undefined;
  return () => {
    if (clock.now() - readAt < maxAgeMs) return Promise.resolve(known);
    reading ??= withDeadline(
      store.durability().catch(() => known),
      STORE_PROBE_MS,
      () => known,
    ).then((value) => {
      known = value;
      readAt = clock.now();
      reading = undefined;
      return value;
    });
    return reading;
  };
}
