import type { SandboxFault } from './types.js';

/**
 * Faults waiting for the next requests to a path, one consumed per request. Injecting again on a
 * path replaces what is left there: "the next requests fail like this" holds for the latest call,
 * and a test's unused leftovers never leak into the next one.
 */
export class FaultQueue {
  private readonly queued = new Map<string, SandboxFault[]>();

  add(path: string, fault: SandboxFault, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    this.queued.set(
      path,
      Array.from({ length: times }, () => fault),
    );
  }

  take(path: string): SandboxFault | undefined {
    return this.queued.get(path)?.shift();
  }
}
