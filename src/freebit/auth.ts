import type { Logger } from '../logger.js';
import { report, type FreebitObserver } from './call.js';
import { FreebitError } from './errors.js';
import type { FreebitTransport } from './transport.js';
import { TransportError } from './transport.js';
import { authAnswerSchema } from './wire.js';

/** Where the authKey outlives a restart (the store implements it; Freebit never sees it). */
export interface AuthKeyCache {
  get(): Promise<string | undefined>;
  set(key: string): Promise<void>;
}

export interface OemCredentials {
  oemId: string;
  oemKey: string;
}

const AUTH_PATH = '/authOem/';

/**
 * PA01-01 (docs/freebit.md, "Authentication"): fetch the authKey once, reuse it, and fetch a new one only
 * when an operation answers 205. Concurrent callers share one in-flight authentication, and
 * a 205 renews only if the refused key is still the current one, so that ten callers
 * refused at once cause one renewal, not ten.
 */
export class OemAuthenticator {
  private current: string | undefined;
  private inFlight: Promise<string> | undefined;
  private loadedFromCache = false;

  constructor(
    private readonly transport: FreebitTransport,
    private readonly credentials: OemCredentials,
    private readonly cache: AuthKeyCache,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    private readonly observe?: FreebitObserver,
  ) {}

  /** The key in hand, if any: the fast path of every call after the first. */
  currentKey(): string | undefined {
    return this.current;
  }

  /** The key to send now. */
  async key(): Promise<string> {
    if (this.current) return this.current;
    return this.once(async () => {
      if (!this.loadedFromCache) {
        this.loadedFromCache = true;
        const cached = await this.cache.get();
        if (cached) return cached;
      }
      return this.authenticate();
    });
  }

  /** `refusedKey` was answered 205: renew, unless somebody already has. */
  async renew(refusedKey: string): Promise<string> {
    if (this.current && this.current !== refusedKey) return this.current;
    if (this.current === refusedKey) this.current = undefined;
    return this.once(() => this.authenticate());
  }

  private once(obtain: () => Promise<string>): Promise<string> {
    this.inFlight ??= obtain()
      .then((key) => {
        this.current = key;
        return key;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async authenticate(): Promise<string> {
    const started = performance.now();
    try {
      const key = await this.authenticateOnce();
      report(
        this.observe,
        { operation: 'authenticate', result: 'answered', detailCode: 100, durationMs: performance.now() - started },
        this.logger,
      );
      return key;
    } catch (error) {
      if (error instanceof FreebitError) {
        const event = { operation: 'authenticate' as const, result: error.code, durationMs: performance.now() - started };
        report(
          this.observe,
          error.detailCode === undefined ? event : { ...event, result: 'answered', detailCode: error.detailCode },
          this.logger,
        );
      }
      throw error;
    }
  }

  private async authenticateOnce(): Promise<string> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let answer: unknown;
    try {
      answer = await this.transport.post(AUTH_PATH, { oemId: this.credentials.oemId, oemKey: this.credentials.oemKey }, signal);
    } catch (error) {
      if (error instanceof TransportError && error.failure.kind === 'deadline') throw FreebitError.timeout('authenticate', this.timeoutMs);
      if (error instanceof TransportError && (error.failure.kind === 'http_status' || error.failure.kind === 'unreadable')) {
        throw FreebitError.badAnswer('authenticate', error.failure.kind === 'http_status' ? `HTTP ${error.failure.status}` : 'not JSON');
      }
      throw FreebitError.unreachable('authenticate');
    }
    const parsed = authAnswerSchema.safeParse(answer);
    if (!parsed.success) {
      const code = (answer as { resultCode?: unknown } | null)?.resultCode;
      throw FreebitError.authRejected(code === undefined ? undefined : Number(code));
    }
    if (parsed.data.resultCode !== 100) throw FreebitError.authRejected(parsed.data.resultCode);
    this.logger.info({ event: 'freebit.authenticated' }, 'Freebit authKey obtained');
    await this.cache.set(parsed.data.authKey);
    return parsed.data.authKey;
  }
}

/** For a bot with no store at hand (benchmarks, one-off scripts): the key lives in memory. */
export function memoryAuthKeyCache(): AuthKeyCache {
  let key: string | undefined;
  return {
    get: async () => key,
    set: async (value) => {
      key = value;
    },
  };
}
