import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A global rate limit toward Freebit for the follow-up poller: callers wait their turn so
 * that starts are at least `1000 / perSecond` ms apart, however many run at once.
 */
export class Pace {
  private nextStart = 0;
  private readonly spacingMs: number;

  constructor(perSecond: number) {
    this.spacingMs = 1000 / perSecond;
  }

  async turn(): Promise<void> {
    const now = performance.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.spacingMs;
    if (start > now) await sleep(start - now);
  }
}
