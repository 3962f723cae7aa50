import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import {
  ACCESS_APPEND_MAX,
  type AccessAsk,
  type AccessRefusal,
  type AccessTrail,
  type LineAccess,
  type LookupSurface,
} from '../store/index.js';
import { WorkflowError } from './errors.js';

export type { AccessRefusal, LineAccess, LookupSurface } from '../store/index.js';

export interface AccessLogOptions {
  /** ACCESS_LOG_RETENTION_DAYS. */
  retentionDays: number;
  /** LOOKUP_MAX_PER_HOUR: distinct lines one person may look at in a rolling hour, every surface counted. */
  maxPerHour: number;
  /** How long a look waits for its entry to be written before it is refused as unrecorded (default 2 s). */
  writeTimeoutMs?: number;
  /** The store's claim: one replica prunes at a time (two would each drop the same oldest entries' count). */
  claim: (key: string, owner: string, ttlMs: number) => Promise<boolean>;
  /** Told of every refused look (the metrics: `freebit_ops_lookups_refused_total`). */
  onRefused?: (reason: AccessRefusal, surface: LookupSurface) => void;
}

/** Who is about to be shown which lines, where. */
export interface Exposure {
  userId: string;
  phones: readonly string[];
  surface: LookupSurface;
  channelId?: string | undefined;
}

/** One person refused a look: who, the numbers when there were any, where, why. */
export interface Refusal {
  userId: string;
  phones?: readonly string[] | undefined;
  surface: LookupSurface;
  channelId?: string | undefined;
  reason: AccessRefusal;
}

/** One replica prunes, at most this often (a retention counted in days needs no more). */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
/** Batches one prune deletes at most, so a long backlog (a first prune) never holds a sweep up: the rest waits for the next. */
const PRUNE_BATCHES = 40;
/** Entries deleted per retention step, so a first prune of a long history does not hold the store. */
const PRUNE_BATCH = 500;
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const DEFAULT_WRITE_TIMEOUT_MS = 2_000;
/** Lines below the ceiling under which a look is read from Freebit while its entry is written (mayReadAhead). */
const READ_AHEAD_MARGIN = 10;
/** Entries one write of a person's looks takes at most (a form's 150 lines and the looks that came meanwhile). */
const ENTRIES_PER_WRITE = 600;

interface Waiting {
  ask: AccessAsk;
  settle: (admitted: boolean | Error) => void;
}

/**
 * Who looked at which line, on which surface, when and where, and who was refused. An entry is
 * written to the store before the line is looked up and shown (`admit`): a look the store cannot
 * take is refused, so nothing reaches Slack that the log does not hold. The write is also the
 * ceiling's check (LOOKUP_MAX_PER_HOUR, shared by every replica through the store). A person's
 * looks that arrive while one of theirs is being written go together in the next write (one
 * store write per batch, and no compare-and-set lost to one's own replica). Every entry is also
 * one JSON log line (`access.lookup`, `access.refused`) for a log shipper. Reads follow one line
 * or one person (store/accessTrail.ts), never the whole log.
 */
export class AccessLog {
  private readonly queues = new Map<string, Waiting[]>();
  /** Distinct lines each person had looked at in the hour, as this replica's last write of theirs said. */
  private readonly known = new Map<string, number>();
  private readonly writing = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly trail: AccessTrail,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: AccessLogOptions,
  ) {}

  /**
   * Records that these lines are about to be shown, once written: throws `lookup_ceiling` when
   * the person is past LOOKUP_MAX_PER_HOUR (recorded as refused), `access_unrecorded` when the
   * store did not take it in time (logged in full). `enforce: false` (the re-check before an
   * approved call): counted toward the ceiling, never refused by it, and never by the store
   * either: an approved change is not held up mid-batch; what could not be written is logged in full.
   */
  async admit(exposure: Exposure, { enforce = true }: { enforce?: boolean } = {}): Promise<void> {
    const entries = this.entriesOf(exposure);
    if (entries.length === 0) return;
    if (this.stopped && enforce) return this.unrecorded(entries, new Error('the access log has stopped'));
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      new Promise<boolean | Error>((settle) => this.enqueue(exposure.userId, { ask: { entries, enforce }, settle })),
      new Promise<Error>((settle) => {
        timer = setTimeout(
          () => settle(new Error(`the store did not take the entry within ${this.writeTimeoutMs} ms`)),
          this.writeTimeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    if (outcome instanceof Error && !enforce) {
      this.logger.error(
        { event: 'access_log.write_failed', entries, err: outcome },
        'could not write the access log; the look went ahead (an approved change) and is only in this log line',
      );
      for (const entry of entries)
        this.logger.info({ event: 'access.lookup', ...entry, recorded: false }, 'a line was read (not in the store)');
      return;
    }
    if (outcome instanceof Error) return this.unrecorded(entries, outcome);
    if (!outcome) {
      for (const entry of entries) this.logRefused({ ...entry, refused: 'lookup_ceiling' });
      throw new WorkflowError('lookup_ceiling');
    }
    for (const entry of entries) this.logger.info({ event: 'access.lookup', ...entry }, 'a line was shown');
  }

  /**
   * Whether the line may be read from Freebit while its entry is being written (the reading is
   * shown only once the entry is written, and dropped if it is not): when this replica last saw
   * the person well under the ceiling. Near it, or not seen yet, the entry is written first, so
   * a look refused by the ceiling causes no Freebit call.
   */
  mayReadAhead(exposure: Pick<Exposure, 'userId' | 'phones'>): boolean {
    const known = this.known.get(exposure.userId);
    if (known === undefined) return false;
    // Another replica may have added lines since: a margin keeps that from reading past the ceiling but rarely.
    const margin = Math.max(READ_AHEAD_MARGIN, this.options.maxPerHour / 10);
    return known + exposure.phones.length + (this.queues.get(exposure.userId)?.length ?? 0) <= this.options.maxPerHour - margin;
  }

  /** Records a refused look (awaited, within the same bounded wait; never throws: the person is refused either way). */
  async refuse(refusal: Refusal): Promise<void> {
    const { reason, phones = [], channelId, userId, surface } = refusal;
    const at = this.clock.now();
    const base = { at, userId, surface, ...(channelId ? { channelId } : {}), refused: reason };
    // One entry per number (a refusal that named none: one entry without).
    const entries: LineAccess[] =
      phones.length === 0 ? [{ id: newId(), ...base }] : [...new Set(phones)].map((phone) => ({ id: newId(), ...base, phone }));
    for (const entry of entries) this.logRefused(entry);
    if (this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.track(this.trail.append(entries.slice(0, ACCESS_APPEND_MAX))),
        new Promise<never>((_, fail) => {
          timer = setTimeout(() => fail(new Error('timed out')), this.writeTimeoutMs);
        }),
      ]);
    } catch (error) {
      // Its `access.refused` line above is the record.
      this.logger.error(
        { event: 'access_log.write_failed', entries, err: error },
        'could not write a refusal to the access log; it is only in the log line',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last `limit` lookups of a line, newest first. */
  forLine(phone: string, limit = 50): Promise<LineAccess[]> {
    return this.trail.forLine(phone, limit);
  }

  /** The last `limit` lookups by a person, newest first. */
  forPerson(userId: string, limit = 50): Promise<LineAccess[]> {
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

  /**
   * Waits for the writes in flight (a graceful stop calls it before the store closes), as long
   * as one look would wait for its own; a look after it is refused as unrecorded.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((done) => {
      timer = setTimeout(done, this.writeTimeoutMs);
    });
    while (this.writing.size > 0) {
      const settled = await Promise.race([Promise.allSettled([...this.writing]).then(() => true), waited.then(() => false)]);
      if (!settled) break;
    }
    clearTimeout(timer);
  }

  private get writeTimeoutMs(): number {
    return this.options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
  }

  private entriesOf(exposure: Exposure): LineAccess[] {
    const at = this.clock.now();
    const channel = exposure.channelId ? { channelId: exposure.channelId } : {};
    return [...new Set(exposure.phones)].map((phone) => ({
      id: newId(),
      at,
      userId: exposure.userId,
      phone,
      surface: exposure.surface,
      ...channel,
    }));
  }

  /** Queues a person's look; the first one in starts the writer, which takes everything queued meanwhile in its next write. */
  private enqueue(userId: string, waiting: Waiting): void {
    const queue = this.queues.get(userId);
    if (queue) {
      queue.push(waiting);
      return;
    }
    const started = [waiting];
    this.queues.set(userId, started);
    void this.track(this.drain(userId, started));
  }

  private async drain(userId: string, queue: Waiting[]): Promise<void> {
    try {
      while (queue.length > 0) {
        let count = 0;
        let taken = 0;
        while (taken < queue.length && (taken === 0 || count + queue[taken]!.ask.entries.length <= ENTRIES_PER_WRITE))
          count += queue[taken++]!.ask.entries.length;
        const batch = queue.splice(0, taken);
        try {
          const { admitted, distinct } = await this.trail.admit(
            userId,
            batch.map((each) => each.ask),
            { max: this.options.maxPerHour, windowMs: HOUR, now: this.clock.now() },
          );
          this.known.set(userId, distinct);
          batch.forEach((each, index) => each.settle(admitted[index] ?? false));
        } catch (error) {
          for (const each of batch) each.settle(error instanceof Error ? error : new Error(String(error)));
        }
      }
    } finally {
      this.queues.delete(userId);
    }
  }

  private track(writing: Promise<void>): Promise<void> {
    this.writing.add(writing);
    void writing.catch(() => undefined).finally(() => this.writing.delete(writing));
    return writing;
  }

  /** Logged in full (who, which numbers, where): the log line is then the only record, and the person is shown nothing. */
  private unrecorded(entries: readonly LineAccess[], error: Error): never {
    this.logger.error(
      { event: 'access_log.write_failed', entries, err: error },
      'could not write the access log; the look was refused and is only in this log line',
    );
    for (const entry of entries) this.logRefused({ ...entry, refused: 'store_unavailable' });
    throw new WorkflowError('access_unrecorded');
  }

  private logRefused(entry: LineAccess): void {
    this.logger.warn({ event: 'access.refused', ...entry }, 'a look was refused');
    try {
      if (entry.refused) this.options.onRefused?.(entry.refused, entry.surface);
    } catch {
      // Metrics never fail a refusal.
    }
  }
}

function newId(): string {
  return randomBytes(8).toString('hex');
}
