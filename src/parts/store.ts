import type { Clock } from '../clock.js';
import { NOT_PERSISTENT } from '../health.js';
import type { Component } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import { observeTransitions, type Metrics } from '../metrics.js';
import { StartupError } from '../startupError.js';
import { durabilityReader, maskUrl, openStore, SAFE_EVICTION_POLICY, StoreError, type Durability, type Store } from '../store/index.js';
import { prepareStore } from '../workflow/prepare.js';

/**
 * The store, refused unless it keeps what it is given, its indexes brought up to date, every
 * transition a request takes counted by the metrics and written to the log.
 */
export function storeComponent(options: {
  url: string;
  prefix?: string;
  /** Tests only: wraps the opened store (fault injection). */
  wrapStore?: (store: Store) => Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  onDurability: (reader: () => Promise<Durability>) => void;
}): Component<Store> {
  const { url, clock, logger, metrics } = options;
  return {
    name: 'store',
    start: async () => {
      try {
        const opened = await openStore(url, { clock, logger, ...(options.prefix ? { prefix: options.prefix } : {}) });
        // Each audit entry, once written, is also one JSON log line (`audit.<step>`) for a log shipper, and counted.
        const store = observeTransitions(options.wrapStore ? options.wrapStore(opened) : opened, (entry) => {
          metrics.observeTransition(entry);
          logger.info({ ...entry, event: `audit.${entry.action}` }, 'audit trail');
        });
        metrics.watchStore(store);
        try {
          const kept = await refuseUnlessKept(opened, url, logger);
          options.onDurability(durabilityReader(opened, clock, kept));
          // A store written before the indexes (or an older version of them) gets them now, once:
          // every read of open work goes through them (src/workflow/requestIndexes.ts).
          // Each collection that had records to rewrite says so (store.index_build_finished).
          await prepareStore(opened);
        } catch (error) {
          await closeStore(store, logger);
          throw error;
        }
        return { value: store, stop: () => closeStore(store, logger) };
      } catch (error) {
        if (error instanceof StoreError)
          throw new StartupError(`The store could not be opened: ${error.message}`, error.code === 'bad_url' ? 2 : 1);
        throw error;
      }
    },
    // Redis' own close gives up after a second (store/redis.ts).
    stopWithinMs: 1_500,
  };
}

/**
 * A store that drops what it is given is refused before anything is written to it: Redis with an
 * eviction policy (it deletes keys under memory pressure: a request, a hold, an audit entry).
 * One that keeps nothing across its own restart (no AOF, no RDB snapshot seen) is warned about
 * loudly, and started: readiness and `freebit_ops_store_persistent` keep saying it.
 */
async function refuseUnlessKept(store: Store, url: string, logger: Logger): Promise<Durability> {
  const shown = maskUrl(url);
  const kept = await store.durability().catch((error: unknown): Durability => {
    // A Redis whose ACL refuses INFO: nothing says it keeps what it is given, so it is not taken to (the warning, the metric at 0).
    logger.warn(
      { event: 'store.durability_unknown', url: shown, err: error },
      'store: could not read INFO from Redis; persistence and eviction policy unknown',
    );
    return { persistent: false, persistence: 'unknown' };
  });
  if (kept.evictionPolicy !== undefined && kept.evictionPolicy !== SAFE_EVICTION_POLICY) {
    throw new StartupError(
      `The Redis store at ${shown} may evict keys under memory pressure (maxmemory-policy ${kept.evictionPolicy}): requests, holds and the audit trail would silently disappear. Set maxmemory-policy noeviction on that Redis.`,
      2,
    );
  }
  if (!kept.persistent)
    logger.warn({ event: 'store.not_persistent', url: shown, persistence: kept.persistence }, `STORE NOT PERSISTENT: ${NOT_PERSISTENT}`);
  else if (kept.persistence === 'rdb')
    logger.info(
      { event: 'store.snapshots_only', url: shown },
      'store: Redis keeps RDB snapshots but no AOF: writes since the last snapshot are lost if Redis stops; appendonly yes keeps them',
    );
  return kept;
}

function closeStore(store: Store, logger: Logger): Promise<void> {
  return store.close().catch((error: unknown) => logger.warn({ event: 'store.close_failed', err: error }, 'store did not close cleanly'));
}
