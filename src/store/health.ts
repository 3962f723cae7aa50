import { withDeadline } from '../timeout.js';
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
