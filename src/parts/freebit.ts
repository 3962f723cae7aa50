import type { Clock } from '../clock.js';
import { FreebitClient, memoryAuthKeyCache, type FreebitService } from '../freebit/index.js';
import type { Component } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { RunningSandbox } from '../sandbox/index.js';
import type { Store } from '../store/index.js';

const SANDBOX_CREDENTIALS = { oemId: 'sandbox', oemKey: 'sandbox' };

/** The embedded Freebit sandbox, when FREEBIT_BASE_URL is unset; loaded only then. */
export function sandboxComponent(options: {
  clock: Clock;
  timeScale: number;
  planCodes: readonly string[];
  logger: Logger;
}): Component<RunningSandbox> {
  return {
    name: 'sandbox',
    start: async () => {
      const { DEFAULT_PLAN_CODES, startSandbox } = await import('../sandbox/index.js');
      const sandbox = await startSandbox({
        clock: options.clock,
        timeScale: options.timeScale,
        // Every plan the registration form offers exists in the sandbox.
        planCodes: [...new Set([...DEFAULT_PLAN_CODES, ...options.planCodes])],
      });
      options.logger.warn(
        { event: 'sandbox.started', url: sandbox.url },
        'FREEBIT_BASE_URL is unset: using the embedded Freebit sandbox (every message says SANDBOX)',
      );
      return { value: sandbox, stop: () => sandbox.close() };
    },
    stopWithinMs: 1_000,
  };
}

/** Where the Freebit client sends its calls: FREEBIT_BASE_URL with the OEM's credentials, or the embedded sandbox. */
export type FreebitEndpoint =
  { sandbox: RunningSandbox } | { baseUrl: string; credentials: { oemId: string; oemKey: string }; detailPath: string };

/** The Freebit client: FREEBIT_BASE_URL with its keys kept in the store, or the sandbox with its keys in memory. */
export function freebitComponent(options: {
  endpoint: FreebitEndpoint;
  timeoutMs: number;
  store: Store;
  logger: Logger;
  metrics: Metrics;
}): Component<FreebitService> {
  const { endpoint, store, logger, metrics } = options;
  return {
    name: 'freebit',
    start: async () => {
      const client = new FreebitClient({
        ...('sandbox' in endpoint
          ? // The sandbox's keys die with it: they are kept in memory, not in the store.
            { baseUrl: endpoint.sandbox.url, credentials: SANDBOX_CREDENTIALS, authKeyCache: memoryAuthKeyCache() }
          : {
              baseUrl: endpoint.baseUrl,
              credentials: endpoint.credentials,
              authKeyCache: store.authKey,
              detailPath: endpoint.detailPath,
            }),
        timeoutMs: options.timeoutMs,
        logger,
        observe: metrics.observeFreebitCall,
      });
      return { value: client, stop: () => client.close() };
    },
    stopWithinMs: 1_000,
  };
}
