import type { PendingChange, SandboxLine } from './types.js';

const MINUTE = 60_000;

/**
 * Real processing times before the time scale divides them. The spec says "up to 10 minutes"
 * (PA02-01, PA02-04) and "approximately 30 minutes" (PA05-38); the sandbox always takes the
 * full time, so a client's follow-up sees the slowest case.
 */
export const PROCESSING_MS = {
  regist: 10 * MINUTE,
  cancel: 10 * MINUTE,
  chgctract: 30 * MINUTE,
  // Not an operation the sandbox offers; seeded plan changes take as long as a registration.
  plnset: 10 * MINUTE,
} as const;

/**
 * The line book. Asynchronous progress is computed lazily from the clock whenever a line is
 * read (no timers), so a ManualClock drives it deterministically.
 */
export class LineBook {
  private readonly lines = new Map<string, SandboxLine>();

  /** The line with every change due by `now` applied; a copy, so callers cannot edit the book by accident. */
  get(account: string, now: number): SandboxLine | undefined {
    const line = this.lines.get(account);
    if (!line) return undefined;
    settle(line, now);
    return structuredClone(line);
  }

  put(line: SandboxLine): void {
    this.lines.set(line.account, structuredClone(line));
  }

  accounts(): string[] {
    return [...this.lines.keys()];
  }
}

function settle(line: SandboxLine, now: number): void {
  const pending: PendingChange | undefined = line.pending;
  if (!pending || pending.completesAt > now) return;
  Object.assign(line, pending.outcome);
  delete line.pending;
  // A cancelled line's voice option goes with it; a registered one's comes up with it.
  if (line.voice && pending.outcome.state === 'obsolete') line.voice.state = 'obsolete';
  if (line.voice && pending.outcome.state === 'active') line.voice.state = 'active';
}
