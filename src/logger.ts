import { pino, type Logger as PinoLogger } from 'pino';
import { createRequire } from 'node:module';
import type PinoPretty from 'pino-pretty';

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
const CENSOR = '[redacted]';

// A token's characters run to the next character that cannot be part of it.
const TOKEN_PATTERNS: Array<[RegExp, string]> = [
  [/\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g, `$1-${CENSOR}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${CENSOR}`],
];

/** Shorter configured values are not censored as text: "sandbox" would take out every word of it. */
const MIN_LITERAL_SECRET = 8;

/**
 * The request a log line belongs to: the Slack request (ack), the approval request id (FR-…)
 * once the workflow knows it, on to the Freebit call and the follow-up poll. Carried by
 * request-scoped child loggers (`forRequest`), passed explicitly: the Slack middleware makes
 * one per request, the workflow one per approval request from it, and the Freebit client logs
 * through the one it is given (`FreebitService.withLogger`). Not AsyncLocalStorage: on Node 20
 * that turns on promise hooks for every promise in the process, for good.
 */
interface LogContext {
  /** One per request Slack sent (a command, a click, a view submission, an event). */
  slackRequestId?: string;
  /** The Slack user behind it. */
  slackUserId?: string;
  /** The approval request's id, e.g. FR-7K2QX. */
  requestId?: string;
}

/** Where a logger made by `createLogger` (and its children) keeps its request's fields. */
const REQUEST_FIELDS = Symbol('freebit-ops.logContext');
type WithLogContext = Logger & { [REQUEST_FIELDS]?: LogContext };

/**
 * A child logger whose every line carries these fields on top of the parent's. A line's own
 * field of the same name replaces it rather than repeating it: the fields are added by the
 * logger's mixin, not as pino bindings (which would write the key twice when the line names
 * it too, as the workflow's lines name `requestId`). A logger not made by `createLogger` gets
 * plain bindings.
 */
export function forRequest(logger: Logger, fields: LogContext): Logger {
  const inherited = (logger as WithLogContext)[REQUEST_FIELDS];
  if (!inherited) return logger.child(fields);
  const child = logger.child({}) as WithLogContext;
  child[REQUEST_FIELDS] = { ...inherited, ...fields };
  return child;
}

export interface LoggerOptions {
  /** Where lines go; default standard output. */
  destination?: NodeJS.WritableStream;
  /** Values never to print as text (the configured tokens, signing secret, OEM key). */
  secrets?: ReadonlyArray<string | undefined>;
  /** Human-readable lines instead of JSON; default: when writing to standard output and it is a terminal. */
  pretty?: boolean;
}

/** Loaded only for a person at a terminal: a deployed bot writes JSON and never pays its start-up (~60 ms). */
function loadPretty(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}

/**
 * JSON, one line per event, by default; human-readable lines when a person watches a
 * terminal. `LOG_LEVEL` chooses the level. A stream as the second argument is the destination.
 */
export function createLogger(level: LogLevel = 'info', destinationOrOptions?: NodeJS.WritableStream | LoggerOptions): Logger {
  const options: LoggerOptions = isStream(destinationOrOptions) ? { destination: destinationOrOptions } : (destinationOrOptions ?? {});
  const pretty = options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true);
  const target: { write(line: string): unknown } = pretty
    ? loadPretty()({
        colorize: options.destination === undefined,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,app',
        destination: options.destination ?? 1,
        sync: true,
      })
    : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  const scrub = scrubber(options.secrets ?? []);
  const stream: pino.DestinationStream = { write: (line: string) => void target.write(scrub(line)) };
  const logger: WithLogContext = pino(
    {
      level,
      base: { app: 'freebit-ops' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      // A copy: pino merges the line's own fields into what the mixin returns. The third
      // argument is the logger writing the line (a child made by forRequest, or an ancestor).
      mixin: (_line, _level, writer) => ({ ...(writer as WithLogContext)[REQUEST_FIELDS] }),
    },
    stream,
  );
  logger[REQUEST_FIELDS] = {};
  return logger;
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
  const literal =
    literals.size === 0
      ? undefined
      : new RegExp(
          [...literals]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'g',
        );
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
