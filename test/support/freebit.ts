import { ManualClock } from '../../src/clock.js';
import { FreebitClient, memoryAuthKeyCache, type AuthKeyCache } from '../../src/freebit/index.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export interface FreebitRig {
  sandbox: RunningSandbox;
  client: FreebitClient;
  authKeyCache: AuthKeyCache;
  clock: ManualClock;
  /** A second client sharing the sandbox (e.g. "after a restart"). */
  newClient(overrides?: { timeoutMs?: number; authKeyCache?: AuthKeyCache }): FreebitClient;
  /** What Freebit received on one path, in order. */
  received(path: string): unknown[];
  close(): Promise<void>;
}

/** The real client against the real sandbox over loopback HTTP, time on a manual clock. */
export async function startFreebitRig(options: { timeoutMs?: number; sandbox?: SandboxOptions } = {}): Promise<FreebitRig> {
  const clock = new ManualClock();
  const sandbox = await startSandbox({ clock, ...options.sandbox });
  const authKeyCache = memoryAuthKeyCache();
  const clients: FreebitClient[] = [];
  const newClient = (overrides: { timeoutMs?: number; authKeyCache?: AuthKeyCache } = {}) => {
    const client = new FreebitClient({
      baseUrl: sandbox.url,
      credentials: { oemId: 'OEM-TEST', oemKey: 'oem-key-secret' },
      authKeyCache: overrides.authKeyCache ?? authKeyCache,
      timeoutMs: overrides.timeoutMs ?? options.timeoutMs ?? 2_000,
    });
    clients.push(client);
    return client;
  };
  const client = newClient();
  return {
    sandbox,
    client,
    authKeyCache,
    clock,
    newClient,
    received: (path) => sandbox.received.filter((entry) => entry.path === path).map((entry) => entry.json),
    close: async () => {
      await Promise.all(clients.map((each) => each.close()));
      await sandbox.close();
    },
  };
}

export const PATHS = {
  auth: '/authOem/',
  lookup: '/master/getAcnt/',
  register: '/master/addAcnt/',
  cancel: '/master/cnclAcnt/',
  contract: '/mvno/contractline/change/',
} as const;

/** The paths of the calls that change a line: cancel (PA02-01), contract change (PA02-04), registration (PA05-38). */
export const CHANGE_PATHS: readonly string[] = [PATHS.cancel, PATHS.contract, PATHS.register];

/** The seeded lines (src/sandbox/README.md). */
export const SEEDED = {
  active4g: '09012345678',
  pendingAsync: '08038433843',
  suspended: '07011112222',
  obsolete: '08099998888',
  unknown: '09099990000',
} as const;
