import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger as PinoLogger } from 'pino';
import pinoPretty from 'pino-pretty';

export type Logger = PinoLogger;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Secrets are kept out of the logs by the logger itself, not by each caller, in two layers:
 *
 * 1. Structured fields: any field with one of these names, at the top level or up to four
 *    levels down (pino's redact paths have no "any depth" wildcard), is replaced by
 *    `[redacted]` before the line is written.
 * 2. The written line itself: Slack tokens (`xoxb-…`, `xapp-…`, any `xox?-…`), `Bearer …`
 *    credentials, and the configured secret values (`secrets`: the tokens, the signing secret,
 *    the OEM key) are censored wherever they appear: in a message, an error's text or stack,
 *    a URL, a field with an unexpected name.
 */
const SECRET_FIELDS = [
  'authKey',
  'oemKey',
  'token',
  'botToken',
  'appToken',
  'userToken',
  'signingSecret',
  'clientSecret',
  'secret',
  'password',
  'authorization',
  'Authorization',
  'cookie',
  'x-slack-signature',
];
const DEPTH = 5;
const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
  return Array.from({ length: DEPTH }, (_, depth) => `${'*.'.repeat(depth)}${key}`.replace('.[', '['));
});
export const CENSOR = '[redacted]';

// A token's characters run to the next character that cannot be part of it.
const TOKEN_PATTERNS: Array<[RegExp, string]> = [
  [/\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g, `$1-${CENSOR}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${CENSOR}`],
];

/** Shorter configured values are not censored as text: "sandbox" would take out every word of it. */
const MIN_LITERAL_SECRET = 8;

/**
 * The request a log line belongs to, carried through `await`s without threading a logger
 * through every layer: the Slack request (ack), the approval request id (FR-…) once the
 * workflow knows it, on to the Freebit call and the follow-up poll. Every line written
 * inside `withLogContext` carries these fields.
 */
export interface LogContext {
  /** One per request Slack sent (a command, a click, a view submission, an event). */
  slackRequestId?: string;
  /** The Slack user behind it. */
  slackUserId?: string;
  /** The approval request's id, e.g. FR-7K2QX. */
  requestId?: string;
}

const logContext = new AsyncLocalStorage<LogContext>();

/** Runs `work` with these fields added to every log line it (and what it awaits) writes. */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...fields }, work);
}

/**
 * Adds fields from here on, for the rest of the current async call chain (its caller, once
 * the awaited promise settles, keeps its own fields): for a request id learnt mid-way.
 */
export function addToLogContext(fields: LogContext): void {
  logContext.enterWith({ ...logContext.getStore(), ...fields });
}

export function currentLogContext(): LogContext | undefined {
  return logContext.getStore();
}

export interface LoggerOptions {
  /** Where lines go; default standard output. */
  destination?: NodeJS.WritableStream;
  /** Values never to print as text (the configured tokens, signing secret, OEM key). */
  secrets?: ReadonlyArray<string | undefined>;
  /** Human-readable lines instead of JSON; default: when writing to standard output and it is a terminal. */
  pretty?: boolean;
}

/**
 * JSON, one line per event, by default; human-readable lines when a person watches a
 * terminal. `LOG_LEVEL` chooses the level. A stream as the second argument is the destination.
 */
export function createLogger(level: LogLevel = 'info', destinationOrOptions?: NodeJS.WritableStream | LoggerOptions): Logger {
  const options: LoggerOptions = isStream(destinationOrOptions) ? { destination: destinationOrOptions } : (destinationOrOptions ?? {});
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const target: { write(line: string): unknown } = pretty
    ? pinoPretty({
        colorize: options.destination === undefined,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,app',
        destination: options.destination ?? 1,
        sync: true,
      })
    : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  const scrub = scrubber(options.secrets ?? []);
  const stream: pino.DestinationStream = { write: (line: string) => void target.write(scrub(line)) };
  return pino(
    {
      level,
      base: { app: 'freebit-ops' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      // A copy: pino merges the line's own fields into what the mixin returns.
      mixin: () => ({ ...logContext.getStore() }),
    },
    stream,
  );
}

/** Censors token-shaped text and the configured secret values in one written line. */
export function scrubber(secrets: ReadonlyArray<string | undefined>): (line: string) => string {
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_LITERAL_SECRET) continue;
    // As written raw, inside a JSON string, and in a URL or form body.
    literals.add(secret);
    literals.add(JSON.stringify(secret).slice(1, -1));
    literals.add(encodeURIComponent(secret));
  }
  const literal = literals.size === 0 ? undefined : new RegExp([...literals].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (line) => {
    let text = literal ? line.replace(literal, CENSOR) : line;
    for (const [pattern, replacement] of TOKEN_PATTERNS) text = text.replace(pattern, replacement);
    return text;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isStream(value: unknown): value is NodeJS.WritableStream {
  return typeof (value as { write?: unknown } | undefined)?.write === 'function';
}

/** For tests and for code that was given no logger. */
export const silentLogger: Logger = pino({ level: 'silent' });
