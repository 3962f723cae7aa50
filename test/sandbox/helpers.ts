import { ManualClock } from '../../src/clock.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/index.js';

/** One answer: the HTTP status, the raw text (to check exact digits), and the body as JSON.parse reads it. */
export interface Reply {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the loose wire shape directly
  body: any;
}

export type Encoding = 'urlencoded' | 'multipart';

/** Posts `json=<request>` the way a Freebit client does. */
export async function post(url: string, path: string, json: unknown, encoding: Encoding = 'urlencoded'): Promise<Reply> {
  let body: URLSearchParams | FormData;
  if (encoding === 'urlencoded') {
    body = new URLSearchParams({ json: JSON.stringify(json) });
  } else {
    body = new FormData();
    body.set('json', JSON.stringify(json));
  }
  const response = await fetch(`${url}${path}`, { method: 'POST', body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, text, body: parsed };
}

/** The detail code, whether the answer wrote it as a string or a number. */
export function code(reply: Reply): number {
  return Number(reply.body?.resultCode);
}

export const PATH = {
  auth: '/authOem/',
  lookup: '/master/getAcnt/',
  register: '/master/addAcnt/',
  cancel: '/master/cnclAcnt/',
  contract: '/mvno/contractline/change/',
} as const;

/** 2026-11-22 12:00 JST: the ManualClock's default start. */
export const START = Date.UTC(2026, 10, 22, 3, 0, 0);
export const MINUTE = 60_000;

export interface Rig {
  sandbox: RunningSandbox;
  clock: ManualClock;
  authKey: string;
  /** Posts an operation with the rig's authKey added. */
  call(path: string, request: Record<string, unknown>, encoding?: Encoding): Promise<Reply>;
  /** PA03-02 for one MVNO number. */
  lookup(account: string): Promise<Reply>;
  close(): Promise<void>;
}

/** A sandbox on a ManualClock with one authKey already fetched. */
export async function startRig(options: SandboxOptions = {}): Promise<Rig> {
  const clock = new ManualClock(START);
  const sandbox = await startSandbox({ clock, ...options });
  const auth = await post(sandbox.url, PATH.auth, { oemId: options.oemId ?? 'OEM-TEST', oemKey: options.oemKey ?? 'secret' });
  const authKey = auth.body.authKey as string;
  const call = (path: string, request: Record<string, unknown>, encoding?: Encoding) =>
    post(sandbox.url, path, { authKey, ...request }, encoding);
  return {
    sandbox,
    clock,
    authKey,
    call,
    lookup: (account) => call(PATH.lookup, { requestDatas: [{ kind: 'MVNO', account }] }),
    close: () => sandbox.close(),
  };
}
