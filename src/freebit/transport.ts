import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import { encodeRequest, readAnswerText } from './wire.js';

export interface TransportOptions {
  /** e.g. `https://<host>/emptool/api` (docs/freebit.md); the operation paths are appended to it. */
  baseUrl: string;
  /** Tests and benchmarks may bring their own undici dispatcher; by default a keep-alive pool. */
  dispatcher?: Dispatcher;
  connections?: number;
  connectTimeoutMs?: number;
}

/**
 * Why one HTTP exchange failed, in the terms that decide what may be done next:
 * `not_sent` can be retried even for a change; after `no_answer` the change may have
 * reached Freebit, so it must not be re-sent blindly.
 */
export type TransportFailure =
  { kind: 'not_sent' } | { kind: 'no_answer' } | { kind: 'http_status'; status: number } | { kind: 'unreadable' } | { kind: 'deadline' };

export class TransportError extends Error {
  constructor(readonly failure: TransportFailure) {
    super(`Freebit transport: ${failure.kind}`);
  }
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** One keep-alive pool to Freebit; `POST` with the `json` form field, answers read losslessly. */
export class FreebitTransport {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly basePath: string;

  constructor(options: TransportOptions) {
    const base = new URL(options.baseUrl);
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new Pool(base.origin, {
        connections: options.connections ?? 32,
        connect: { timeout: options.connectTimeoutMs ?? 3_000 },
        // The operation's deadline (an AbortSignal) bounds the whole call; these only
        // stop one stalled exchange from outliving it.
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
        keepAliveTimeout: 30_000,
      });
  }

  async post(path: string, payload: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    let response: Dispatcher.ResponseData;
    try {
      response = await this.dispatcher.request({
        method: 'POST',
        path: `${this.basePath}${path}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: encodeRequest(payload),
        signal,
      });
    } catch (error) {
      throw new TransportError(classify(error, signal));
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch {
      throw new TransportError(signal.aborted ? { kind: 'deadline' } : { kind: 'no_answer' });
    }
    if (response.statusCode !== 200) throw new TransportError({ kind: 'http_status', status: response.statusCode });
    try {
      return readAnswerText(text);
    } catch {
      throw new TransportError({ kind: 'unreadable' });
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}

function classify(error: unknown, signal: AbortSignal): TransportFailure {
  if (signal.aborted) return { kind: 'deadline' };
  const code = (error as { code?: string } | undefined)?.code;
  if (code && NOT_SENT_CODES.has(code)) return { kind: 'not_sent' };
  if (error instanceof undiciErrors.ConnectTimeoutError) return { kind: 'not_sent' };
  return { kind: 'no_answer' };
}
