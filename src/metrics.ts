import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from './clock.js';
import type { FreebitCallEvent } from './freebit/index.js';
import { silentLogger, type Logger } from './logger.js';
import { STORE_PROBE_MS, storeAnswers, type AuditEntry, type Durability, type Store } from './store/index.js';
import { OPERATIONS } from './workflow/index.js';

/**
 * The bot's Prometheus metrics (`GET /metrics`). One `Metrics` per running bot, each with its
 * own registry: nothing is registered on prom-client's global default registry, so two bots in
 * one process (tests) never share or collide on a metric.
 *
 * The layers do not import this module: the Freebit client, the store's audit trail and the
 * Slack Web API client each report through a plain callback (`observeFreebitCall`,
 * `observeTransition`, `observeSlackApiError`) that the composition root wires here.
 * README, "Operations → Metrics", says what each one means.
 */

/** One transition of an approval request's life, as the audit trail records it. */
export interface TransitionEvent {
  action: string;
  from?: string;
  to?: string;
}

/** What the follow-up gauges are computed from at scrape time (the active jobs, from the store). */
export interface FollowUpSnapshot {
  operation: string;
  /** Epoch ms: when Freebit accepted the change. */
  acceptedAt: number;
  /** Epoch ms: when Freebit is due to have started it. */
  dueAt: number;
}

export interface MetricsOptions {
  clock: Clock;
  logger?: Logger;
  /** Node's process metrics (CPU, memory, event loop lag, GC) with the same prefix. Default true. */
  processMetrics?: boolean;
}

const PREFIX = 'freebit_ops_';

/** Seconds: from a cached lookup (a few ms) to a change that used its whole 8 s deadline and more. */
const FREEBIT_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16];

/** The outcomes of a decision on an approval request. */
const DECISIONS = new Set(['approved', 'rejected', 'withdrawn', 'expired']);

export class Metrics {
  readonly registry = new Registry();
  private readonly freebitCalls: Counter<'operation' | 'result' | 'detail_code'>;
  private readonly freebitSeconds: Histogram<'operation' | 'result'>;
  private readonly transitions: Counter<'from' | 'to'>;
  private readonly approvals: Counter<'outcome'>;
  private readonly slackApiErrors: Counter<'method' | 'error'>;
  private readonly slackRateLimited: Counter<'method'>;
  private readonly logger: Logger;
  private readonly lookupsRefused: Counter<'reason' | 'surface'>;
  private followUpSource: (() => Promise<readonly FollowUpSnapshot[]>) | undefined;
  private storeSource: Pick<Store, 'authKey'> | undefined;
  private durabilitySource: (() => Promise<Durability>) | undefined;
  /** The jobs as this scrape reads them: the three follow-up gauges share one read of the store. */
  private scrapeSnapshot: Promise<readonly FollowUpSnapshot[] | undefined> | undefined;
  private readonly readFollowUps: () => Promise<readonly FollowUpSnapshot[] | undefined>;

  constructor(private readonly options: MetricsOptions) {
    const registers = [this.registry];
    const logger = options.logger ?? silentLogger;
    this.logger = logger;
    this.freebitCalls = new Counter({
      name: `${PREFIX}freebit_calls_total`,
      help: 'Freebit operations by operation, result (answered, or the error: timeout, unreachable, bad_answer, auth_rejected, outcome_unknown) and Freebit detail code (resultCode; "none" when Freebit did not answer)',
      labelNames: ['operation', 'result', 'detail_code'],
      registers,
    });
    this.freebitSeconds = new Histogram({
      name: `${PREFIX}freebit_call_duration_seconds`,
      help: 'Duration of one Freebit operation, retries and authentication included, by operation and result',
      labelNames: ['operation', 'result'],
      buckets: FREEBIT_BUCKETS,
      registers,
    });
    this.transitions = new Counter({
      name: `${PREFIX}request_transitions_total`,
      help: 'Transitions taken by approval requests in this process (one per compare-and-set in the store), by state left and state reached',
      labelNames: ['from', 'to'],
      registers,
    });
    this.approvals = new Counter({
      name: `${PREFIX}approvals_total`,
      help: 'Decisions on approval requests in this process by outcome: requested, counted (one approval of several needed), approved, rejected, withdrawn, expired',
      labelNames: ['outcome'],
      registers,
    });
    this.slackApiErrors = new Counter({
      name: `${PREFIX}slack_api_errors_total`,
      help: 'Slack Web API calls that failed, by method and Slack error (e.g. channel_not_found, ratelimited, http_500, request_failed)',
      labelNames: ['method', 'error'],
      registers,
    });
    this.slackRateLimited = new Counter({
      name: `${PREFIX}slack_rate_limited_total`,
      help: 'Slack Web API calls Slack answered 429 (rate limited), by method; the bot waits out the Retry-After (log event slack.rate_limited)',
      labelNames: ['method'],
      registers,
    });

    this.lookupsRefused = new Counter({
      name: `${PREFIX}lookups_refused_total`,
      help: 'Looks at a line refused, one per line, by reason (lookup_not_allowed, guest_not_allowed, access_unknown, lookup_ceiling: LOOKUP_MAX_PER_HOUR, store_unavailable: the access log could not record it) and surface',
      labelNames: ['reason', 'surface'],
      registers,
    });

    // The follow-up gauges are read from the store at scrape time: they are the same on every
    // replica (the jobs are shared), and right after a restart.
    const read = async (): Promise<readonly FollowUpSnapshot[] | undefined> => {
      if (!this.followUpSource) return [];
      try {
        return await this.followUpSource();
      } catch (error) {
        logger.warn({ event: 'metrics.follow_ups_unavailable', err: error }, 'follow-up jobs could not be read for /metrics');
        return undefined;
      }
    };
    // render() starts a fresh read per scrape; a collect outside render() reads for itself.
    const snapshot = (): Promise<readonly FollowUpSnapshot[] | undefined> => this.scrapeSnapshot ?? read();
    this.readFollowUps = read;
    const clock = this.options.clock;
    new Gauge({
      name: `${PREFIX}follow_up_jobs_active`,
      help: 'Follow-up jobs still watching an accepted change at Freebit, by operation (shared by every replica)',
      labelNames: ['operation'],
      registers,
      async collect() {
        const jobs = await snapshot();
        if (!jobs) return;
        this.reset();
        const counts = new Map<string, number>();
        for (const job of jobs) counts.set(job.operation, (counts.get(job.operation) ?? 0) + 1);
        for (const operation of OPERATIONS) this.set({ operation }, counts.get(operation) ?? 0);
        for (const [operation, count] of counts) this.set({ operation }, count);
      },
    });
    new Gauge({
      name: `${PREFIX}follow_up_oldest_job_age_seconds`,
      help: 'Age of the oldest active follow-up job, since Freebit accepted its change (0 when none)',
      registers,
      async collect() {
        const jobs = await snapshot();
        if (!jobs) return;
        // A loop, not Math.min(...spread): a spread of very many jobs overflows the call stack.
        let oldest = Infinity;
        for (const job of jobs) if (job.acceptedAt < oldest) oldest = job.acceptedAt;
        this.set(jobs.length === 0 ? 0 : Math.max(0, (clock.now() - oldest) / 1000));
      },
    });
    new Gauge({
      name: `${PREFIX}follow_up_jobs_overdue`,
      help: 'Active follow-up jobs past their due time (Freebit should be working on them now)',
      registers,
      async collect() {
        const jobs = await snapshot();
        if (!jobs) return;
        const now = clock.now();
        let overdue = 0;
        for (const job of jobs) if (job.dueAt < now) overdue += 1;
        this.set(overdue);
      },
    });
    // The store's health, asked at each scrape (the same read /readyz makes): what the store alert watches.
    const storeUp = async (): Promise<boolean> => (this.storeSource ? storeAnswers(this.storeSource) : false);
    new Gauge({
      name: `${PREFIX}store_up`,
      help: `1 when the store (STORE_URL) answered a read at this scrape within ${STORE_PROBE_MS} ms; 0 when it failed or did not answer, or before the bot opened it`,
      registers,
      async collect() {
        this.set((await storeUp()) ? 1 : 0);
      },
    });
    // Whether the store keeps what it is given across its restart (Redis: AOF or RDB snapshots, read from INFO).
    const durability = async (): Promise<Durability | undefined> => (this.durabilitySource ? this.durabilitySource() : undefined);
    const backendOf = (kept: Durability) => (kept.persistence === 'file' ? 'sqlite' : 'redis');
    new Gauge({
      name: `${PREFIX}store_persistent`,
      help: '1 when the store keeps what it is given across its own restart (SQLite; Redis with AOF, or RDB snapshots seen in INFO); 0 for a Redis that keeps nothing. Absent before the store is open',
      labelNames: ['store'],
      registers,
      async collect() {
        const kept = await durability();
        if (!kept) return;
        this.reset();
        this.set({ store: backendOf(kept) }, kept.persistent ? 1 : 0);
      },
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
  }

  /** The Freebit client's observer (FreebitClientOptions.observe). */
  readonly observeFreebitCall = (event: FreebitCallEvent): void => {
    const detailCode = event.detailCode === undefined ? 'none' : String(event.detailCode);
    this.freebitCalls.inc({ operation: event.operation, result: event.result, detail_code: detailCode });
    this.freebitSeconds.observe({ operation: event.operation, result: event.result }, event.durationMs / 1000);
  };

  /** Every audit entry the workflow appends is one transition of a request (docs/request-lifecycle.md). */
  readonly observeTransition = (entry: TransitionEvent): void => {
    // A line of a request for several (`line_requested`, `line_accepted`, …): not a transition of the request.
    if (entry.to === undefined || entry.action.startsWith('line_')) return;
    if (entry.action === 'approval_counted') {
      this.approvals.inc({ outcome: 'counted' });
      return;
    }
    // A reminder (workflow/remind.ts) notes a waiting request without moving it: neither a transition nor a decision.
    if (entry.action === 'reminded') return;
    this.transitions.inc({ from: entry.from ?? 'none', to: entry.to });
    if (entry.action === 'requested') this.approvals.inc({ outcome: 'requested' });
    else if (entry.from === 'pending' && DECISIONS.has(entry.to)) this.approvals.inc({ outcome: entry.to });
  };

  /** A look at a line was refused (the access log's `access.refused`). */
  readonly observeLookupRefused = (reason: string, surface: string): void => {
    this.lookupsRefused.inc({ reason, surface });
  };

  /** The Slack Web API client's error observer; a 429 is also counted, and logged with its Retry-After, on its own. */
  readonly observeSlackApiError = (method: string, error: string, retryAfterS?: number): void => {
    this.slackApiErrors.inc({ method, error });
    if (error !== 'ratelimited') return;
    this.slackRateLimited.inc({ method });
    this.logger.warn(
      { event: 'slack.rate_limited', method, retryAfterS },
      `Slack rate-limited ${method}: Retry-After ${retryAfterS ?? '?'} s`,
    );
  };

  /** Where the follow-up gauges read the active jobs from (the follow-up poller). */
  watchFollowUps(source: () => Promise<readonly FollowUpSnapshot[]>): void {
    this.followUpSource = source;
  }

  /** The store `freebit_ops_store_up` asks at each scrape (once it is open). */
  watchStore(store: Pick<Store, 'authKey'>): void {
    this.storeSource = store;
  }

  /** Where `freebit_ops_store_persistent` reads the store's durability (once the store is open). */
  watchDurability(source: () => Promise<Durability>): void {
    this.durabilitySource = source;
  }

  /** The Prometheus text exposition of everything above. */
  async render(): Promise<{ contentType: string; body: string }> {
    const snapshot = this.readFollowUps();
    this.scrapeSnapshot = snapshot;
    try {
      return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    } finally {
      if (this.scrapeSnapshot === snapshot) this.scrapeSnapshot = undefined;
    }
  }
}

/**
 * The store as it is, except that each audit entry appended is also shown to `observe`
 * (after it is written): docs/request-lifecycle.md, every transition of a request is one audit entry.
 */
export function observeTransitions(store: Store, observe: (entry: AuditEntry) => void): Store {
  const audit = store.audit;
  const shown = (entry: AuditEntry) => {
    try {
      observe(entry);
    } catch {
      // Metrics never fail a transition that was taken.
    }
  };
  return {
    ...store,
    // Transitions taken together (RecordCollection.updateMany) write their audit entries with them: shown once written.
    records: (namespace, schema, schemaVersion, options) => {
      const collection = store.records(namespace, schema, schemaVersion, options);
      return {
        ...collection,
        updateMany: async (updates) => {
          const entries = new Map<number, readonly AuditEntry[]>();
          const outcomes = await collection.updateMany(
            updates.map((update, index) => {
              const alongside = update.alongside;
              if (!alongside) return update;
              return {
                ...update,
                alongside: (after, before) => {
                  const extra = alongside(after, before);
                  entries.set(index, extra.audit ?? []);
                  return extra;
                },
              };
            }),
          );
          outcomes.forEach((outcome, index) => {
            if (outcome.updated) for (const entry of entries.get(index) ?? []) shown(entry);
          });
          return outcomes;
        },
      };
    },
    audit: {
      forRequest: (requestId) => audit.forRequest(requestId),
      forLine: (phone) => audit.forLine(phone),
      forgetRequest: (requestId) => audit.forgetRequest(requestId),
      append: async (entry) => {
        await audit.append(entry);
        shown(entry);
      },
    },
  };
}
