import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Secrets are redacted by the logger itself, not by each caller: any field with one of
 * these names, at the top level or one level down, never reaches the output.
 */
const SECRET_FIELDS = ['authKey', 'oemKey', 'token', 'botToken', 'appToken', 'signingSecret', 'password', 'authorization'];
const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]);

export function createLogger(level: LogLevel = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { app: 'freebit-ops' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/** For tests and for code that was given no logger. */
export const silentLogger: Logger = pino({ level: 'silent' });
