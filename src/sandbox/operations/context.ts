import type { LineBook } from '../lines.js';

/** What one operation sees of the sandbox for one request. */
export interface OperationContext {
  book: LineBook;
  /** Clock time of the request. */
  now: number;
  /** Today in Japan, YYYYMMDD. */
  today: string;
  /** Processing durations are divided by this. */
  timeScale: number;
  planCodes: ReadonlySet<string>;
}

/** The detail code, plus the fields that follow `status` in the answer. */
export interface Answer {
  code: number;
  rest?: Record<string, unknown>;
}

export type Operation = (request: Record<string, unknown>, context: OperationContext) => Answer;

/**
 * An MVNO account is a Japanese phone number: a 0 and ten more digits, sent as a string (docs/freebit.md,
 * "Wire format": "never as a number"). A number, or a string of another shape, is a parameter error (201).
 */
export function isMvnoAccount(value: unknown): value is string {
  return typeof value === 'string' && /^0\d{10}$/.test(value);
}

export function scaled(ms: number, context: OperationContext): number {
  return ms / context.timeScale;
}
