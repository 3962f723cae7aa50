import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { AccessLog } from './accessLog.js';
import type { Approvals } from './approvals.js';

/**
 * How often the sweep runs by default. With leases of LEASE_MS (leases.ts), a replica resumes a
 * dead one's batch, sweep and what it owed within a lease and a period (9 s + 5 s). A round
 * reads the open work only (indexes), so running it often costs little.
 */
export const SWEEP_EVERY_MS = 5_000;

/**
 * The sweep (`Approvals.sweep`) at once and then every `everyMs`: requests past their expiry
 * expire, requests a stopped process left half-way are finished (never sent twice: execute.ts),
 * what it owed people is settled (reconcile.ts); then the access log's entries past their
 * retention are deleted. Each round says what it did in the log.
 */
export class Sweeper {
  /** This replica, as the holder of the sweep's lease. */
  private readonly owner = `replica-${randomUUID()}`;
  private round: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly parts: { approvals: Approvals; accessLog: AccessLog; logger: Logger },
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.sweep();
    this.timer = setInterval(() => this.sweep(), this.everyMs);
    this.timer.unref();
  }

  /** Waits for the round under way, then hands the sweep's lease over at once rather than when it lapses. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
    await this.parts.approvals.releaseSweep(this.owner).catch(() => undefined);
  }

  /** Whether a round is under way (what a given-up stop drops). */
  sweeping(): boolean {
    return this.round !== undefined;
  }

  private sweep(): void {
    const { approvals, accessLog, logger } = this.parts;
    // One round at a time: a slow Slack must not pile rounds up.
    this.round ??= approvals
      // Its lease (renewed while a round runs) outlasts the period, so the replica that sweeps
      // keeps sweeping; another takes over once it lapses, a lease after its holder died.
      .sweep(this.owner)
      .then(
        ({ expired, recovered, reconciled, pruned }) => {
          if (pruned > 0)
            logger.info({ event: 'approvals.history_pruned', count: pruned }, 'deleted finished requests past HISTORY_RETENTION_DAYS');
          if (expired > 0) logger.info({ event: 'approvals.expired', count: expired }, 'marked expired requests');
          if (recovered > 0)
            logger.info({ event: 'approvals.recovered', count: recovered }, 'recovered requests a stopped process left half-way');
          if (reconciled > 0)
            logger.info({ event: 'approvals.reconciled', count: reconciled }, 'settled messages and replies a stopped process owed');
        },
        (error: unknown) => logger.error({ event: 'approvals.sweep_failed', err: error }, 'sweep failed'),
      )
      .then(() => accessLog.prune(this.owner))
      .then(
        (pruned) => {
          if (pruned > 0)
            logger.info({ event: 'access_log.pruned', count: pruned }, 'deleted access log entries past ACCESS_LOG_RETENTION_DAYS');
        },
        (error: unknown) => logger.error({ event: 'access_log.prune_failed', err: error }, 'could not delete old access log entries'),
      )
      .finally(() => {
        this.round = undefined;
      });
  }
}
