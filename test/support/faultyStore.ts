/**
 * A store whose Nth call fails once (the fault-injection test, README.md "Stopping and restarting"): wraps every method of
 * a `Store` (its record collections, audit trail, access log, authKey, claims and leases; any
 * method added later too, since the wrapping walks the object) and counts the calls. Armed with
 * `failNth(n)`, the nth call from then on throws instead of answering:
 * - `before`: the call never reached the store (a refused connection);
 * - `after`: the store did it, and the caller hears an error all the same (a reply lost on the
 *   way back: the write happened).
 * `close` is passed through uncounted.
 */
import type { Store } from '../../src/store/index.js';

export type FaultTiming = 'before' | 'after';

export interface InjectedFault {
  /** Which call from arming (1-based). */
  n: number;
  /** e.g. `requests.update(FR-7K3QX)`, `audit.append(approved)`, `claim(reconcile:FR-…)`. */
  call: string;
  timing: FaultTiming;
}

export class InjectedStoreFault extends Error {
  override readonly name = 'InjectedStoreFault';
}

export interface FaultyStore {
  wrap(store: Store): Store;
  /**
   * Arms one fault: the nth call from now fails, once. Resets the count. `counts`: which calls
   * count (by label), e.g. to leave out the periodic reads whose count depends on timing, or to
   * aim at one call (`(label) => label.startsWith('audit.append(approved')`). `times`: that many
   * counted calls in a row fail, from the nth (a store down for a moment, past a retry).
   */
  failNth(n: number, timing?: FaultTiming, counts?: (label: string) => boolean, times?: number): void;
  /** Calls counted since the last `failNth` (or since the start). */
  readonly calls: number;
  /** The fault that fired since the last `failNth`, if it did. */
  readonly fired: InjectedFault | undefined;
  /** Every call since arming, by label (to see what a story does). */
  readonly log: readonly string[];
  disarm(): void;
}

export function faultyStore(): FaultyStore {
  let count = 0;
  let armed: { n: number; timing: FaultTiming; last: number } | undefined;
  let counts: (label: string) => boolean = () => true;
  let fired: InjectedFault | undefined;
  const log: string[] = [];

  const counted = (label: string, call: () => Promise<unknown>): Promise<unknown> => {
    log.push(label);
    if (!counts(label)) return call();
    count += 1;
    if (!armed || count < armed.n || count > armed.last) return call();
    const fault = { n: count, call: label, timing: armed.timing };
    if (count === armed.last) armed = undefined;
    fired ??= fault;
    const error = new InjectedStoreFault(`injected store fault #${fault.n} (${fault.timing}): ${label}`);
    if (fault.timing === 'before') return Promise.reject(error);
    return call().then(
      () => Promise.reject(error),
      () => Promise.reject(error),
    );
  };

  const describe = (path: string, name: string, args: unknown[]): string => {
    const first = args[0];
    const shown =
      typeof first === 'string'
        ? first
        : first && typeof first === 'object' && 'requestId' in first
          ? `${String((first as { action?: unknown }).action)} ${String((first as { requestId: unknown }).requestId)}`
          : '';
    return `${path}${name}(${shown})`;
  };

  const wrapObject = <T extends object>(target: T, path: string): T => {
    const wrapped: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(target)) {
      if (typeof value === 'function') {
        const method = value as (...args: unknown[]) => unknown;
        if (name === 'close') wrapped[name] = (...args: unknown[]) => method.apply(target, args);
        else if (name === 'records')
          wrapped[name] = (...args: unknown[]) => wrapObject(method.apply(target, args) as object, `${String(args[0])}.`);
        else
          wrapped[name] = (...args: unknown[]) => counted(describe(path, name, args), () => method.apply(target, args) as Promise<unknown>);
      } else if (value && typeof value === 'object') {
        wrapped[name] = wrapObject(value, `${path}${name}.`);
      } else {
        wrapped[name] = value;
      }
    }
    return wrapped as T;
  };

  return {
    wrap: (store) => wrapObject(store, ''),
    failNth: (n, timing = 'before', only = () => true, times = 1) => {
      counts = only;
      count = 0;
      log.length = 0;
      fired = undefined;
      armed = { n, timing, last: n + times - 1 };
    },
    get calls() {
      return count;
    },
    get fired() {
      return fired;
    },
    get log() {
      return log;
    },
    disarm: () => {
      armed = undefined;
    },
  };
}
