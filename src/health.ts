/**
 * What `/healthz` (= `/readyz`) and `/livez` say (README, "Health"): "starting" until the bot
 * takes requests, then whether its store answers (and keeps what it is given) and whether
 * Freebit is reachable, "stopping" once the drain begins.
 */
import type { Clock } from './clock.js';
import type { Health } from './slack/httpServer.js';
import { storeAnswers, type Durability, type Store } from './store/index.js';

/** What /readyz and the log say of a store that keeps nothing across its restart. */
export const NOT_PERSISTENT =
  'The store keeps nothing across its restart (Redis without AOF or RDB snapshots): a restart of Redis forgets every request, hold and audit entry. Set appendonly yes and appendfsync everysec.';

/** Freebit's reachability for /healthz: any HTTP answer from its host counts; asked at most every 10 s. */
export class FreebitProbe {
  private last: { at: number; reachable: boolean } | undefined;
  private pending: Promise<boolean> | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly clock: Clock,
  ) {}

  check(): Promise<boolean> {
    if (this.last && this.clock.now() - this.last.at < 10_000) return Promise.resolve(this.last.reachable);
    this.pending ??= fetch(this.baseUrl, { method: 'HEAD', signal: AbortSignal.timeout(1_500) })
      .then(
        async (response) => {
          await response.body?.cancel();
          return true;
        },
        () => false,
      )
      .then((reachable) => {
        this.last = { at: this.clock.now(), reachable };
        this.pending = undefined;
        return reachable;
      });
    return this.pending;
  }
}

type Phase = { phase: 'starting' | 'stopping' } | { phase: 'ready'; store: Store; freebit: FreebitProbe; sandbox: boolean };

/** The bot's health as the HTTP server reports it; the ingress (the last part to start, the first to stop) moves it on. */
export class BotHealth {
  private state: Phase = { phase: 'starting' };
  /** The store's durability (read again now and then: durabilityReader), once the store is open. */
  private durability: (() => Promise<Durability>) | undefined;

  constructor(private readonly mode: 'http' | 'socket') {}

  watchDurability(reader: () => Promise<Durability>): void {
    this.durability = reader;
  }

  ready(parts: { store: Store; freebit: FreebitProbe; sandbox: boolean }): void {
    this.state = { phase: 'ready', ...parts };
  }

  stopping(): void {
    this.state = { phase: 'stopping' };
  }

  /** `/livez`. */
  readonly liveness = (): { phase: Phase['phase'] } => ({ phase: this.state.phase });

  /** `/healthz` and `/readyz`. */
  readonly report = async (): Promise<Health> => {
    const state = this.state;
    if (state.phase !== 'ready') return { status: 503, body: { status: state.phase } };
    const { store, freebit, sandbox } = state;
    const [storeOk, freebitReachable, kept] = await Promise.all([
      storeAnswers(store),
      freebit.check(),
      this.durability ? this.durability() : undefined,
    ]);
    // A store that keeps nothing across its restart is said here (and in the log and the metric), not refused: the bot works until then.
    const persistence = kept ? { persistent: kept.persistent, ...(kept.persistent ? {} : { warning: NOT_PERSISTENT }) } : {};
    return {
      // Freebit being down is reported, not fatal: the bot can still say so to people. Without
      // its store it can take no request: not ready (a load balancer sends Slack elsewhere).
      status: storeOk ? 200 : 503,
      body: { status: 'ready', mode: this.mode, sandbox, store: { ok: storeOk, ...persistence }, freebit: { reachable: freebitReachable } },
    };
  };
}
