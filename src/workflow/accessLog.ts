import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { ACCESS_APPEND_MAX, StoreError, type AccessTrail, type LineAccess, type LookupSurface } from '../store/index.js';

export type { LineAccess, LookupSurface } from '../store/index.js';

export interface AccessLogOptions {
  /** ACCESS_LOG_RETENTION_DAYS. */
  retentionDays: number;
  /** How often the lookups seen since are written (default 200 ms: an entry is readable within a second). */
  flushMs?: number;
  /** The store's claim: one replica prunes at a time (two would each drop the same oldest entries' count). */
  claim: (key: string, owner: string, ttlMs: number) => Promise<boolean>;
}

/** One replica prunes, at most this often (a retention counted in days needs no more). */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
/** Batches one prune deletes at most, so a long backlog (a first prune) never holds a sweep up: the rest waits for the next. */
const PRUNE_BATCHES = 40;

/** Entries kept in memory at most while the store does not answer; past that new ones are dropped (and logged). */
const MAX_BUFFERED = 10_000;
/** Entries deleted per retention step, so a first prune of a long history does not hold the store. */
const PRUNE_BATCH = 500;
const DAY = 24 * 60 * 60 * 1000;

/**
 * Who looked at which line, on which surface, when and where: every lookup that showed a line
 * to someone. Recording costs the lookup nothing: `record` only remembers the entry, and a
 * timer writes what was remembered a fraction of a second later, after the reply has gone
 * out; `stop()` writes the rest, so a graceful stop loses no entry. Reads follow one line or
 * one person (store/accessTrail.ts), never the whole log.
 */
export class AccessLog {
  private buffer: LineAccess[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly trail: AccessTrail,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: AccessLogOptions,
  ) {}

  /** A line was shown to `userId` (on `surface`, in `channelId`). */
  record(access: { userId: string; phone: string; surface: LookupSurface; channelId?: string | undefined }): void {
    const { channelId, ...rest } = access;
    if (this.stopped) {
      // A listener that outlived the drain's grace: the store is closing.
      this.logger.error({ event: 'access_log.after_stop', ...access }, 'a lookup after the access log stopped; it is only in this log line');
      return;
    }
    if (this.buffer.length >= MAX_BUFFERED) {
      this.logger.error({ event: 'access_log.dropped', ...access }, 'the store has not taken access log entries for a while; this lookup is only in this log line');
      return;
    }
    this.buffer.push({ id: randomBytes(8).toString('hex'), at: this.clock.now(), ...rest, ...(channelId ? { channelId } : {}) });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.flushMs ?? 200);
  }

  /** Writes what was recorded so far (one write at a time, in order, a store write per ACCESS_APPEND_MAX entries). */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      while (this.buffer.length > 0) {
        const batch = this.buffer.slice(0, ACCESS_APPEND_MAX);
        try {
          await this.trail.append(batch);
        } catch (error) {
          if (error instanceof StoreError && error.code === 'invalid_record') {
            // Never writable: kept, it would block every entry after it.
            this.logger.error({ event: 'access_log.refused', entries: batch, err: error }, 'the store refused access log entries as malformed; they are only in this log line');
            this.buffer.splice(0, batch.length);
            continue;
          }
          this.failed(batch.length, error);
          return;
        }
        this.buffer.splice(0, batch.length);
      }
    });
    return this.writing;
  }

  /** Kept for the next flush (the batch is still at the head of the buffer): an access log with holes is no access log. */
  private failed(count: number, error: unknown): void {
    this.logger.warn({ event: 'access_log.write_failed', count, err: error }, 'could not write the access log; tried again shortly');
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, 1_000);
  }

  /** The last `limit` lookups of a line, newest first (what is still in memory included). */
  async forLine(phone: string, limit = 50): Promise<LineAccess[]> {
    await this.flush();
    return this.trail.forLine(phone, limit);
  }

  /** The last `limit` lookups by a person, newest first. */
  async forPerson(userId: string, limit = 50): Promise<LineAccess[]> {
    await this.flush();
    return this.trail.forPerson(userId, limit);
  }

  /** Deletes what is older than ACCESS_LOG_RETENTION_DAYS, a batch at a time, one replica every ten minutes at most; returns how many. */
  async prune(owner: string): Promise<number> {
    if (!(await this.options.claim('access-log-prune', owner, PRUNE_EVERY_MS))) return 0;
    const before = this.clock.now() - this.options.retentionDays * DAY;
    let pruned = 0;
    for (let batch = 0; batch < PRUNE_BATCHES; batch++) {
      const step = await this.trail.pruneBefore(before, PRUNE_BATCH);
      pruned += step;
      if (step < PRUNE_BATCH) break;
    }
    return pruned;
  }

  /** Writes everything recorded (a graceful stop calls it before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.buffer.length > 0) this.logger.error({ event: 'access_log.lost', count: this.buffer.length }, 'access log entries could not be written before the stop');
  }
}
