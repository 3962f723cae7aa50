/**
 * The one error type of the Freebit layer: a value with a code, Freebit's detail code when it
 * answered, and whether trying again can help. Its message is a short line for logs and the
 * audit trail; what a person reads is the Slack catalog's, worded from the code (refusals:
 * src/slack/i18n/<locale>/errors.ts). No secret (authKey, oemKey) and no request body ever
 * goes into one.
 */

/**
 * Which operation an error, a metric or a log line is about: `authenticate`, `lookupLine`, or
 * a change operation's `name`, the name of its file in operations/ (test/freebit/operations/operations.test.ts
 * holds them so). A plain string, so that a new operation is named by its own file alone.
 */
export type FreebitOperation = string;

export type FreebitErrorCode =
  /** Freebit answered with a detail code other than success (see `detailCode`). */
  | 'refused'
  /** Freebit did not answer within the operation's deadline. */
  | 'timeout'
  /** Freebit could not be reached, or dropped the connection. */
  | 'unreachable'
  /** Freebit answered something that is not a Freebit answer (HTTP 5xx page, unreadable JSON). */
  | 'bad_answer'
  /** The OEM credentials were refused at /authOem/. */
  | 'auth_rejected';

// 900 is Freebit's own "unexpected error": the only detail code worth trying again.
const RETRYABLE_DETAIL_CODES = new Set([900]);

export class FreebitError extends Error {
  override readonly name = 'FreebitError';
  readonly code: FreebitErrorCode;
  readonly operation: FreebitOperation;
  /** Freebit's detail code (`resultCode`), when Freebit answered. */
  readonly detailCode: number | undefined;
  /** Freebit's HTTP-like status class (`status.statusCode`: 200, 400, 403, 500), when it answered. */
  readonly statusClass: number | undefined;
  readonly isRetryable: boolean;

  constructor(init: {
    code: FreebitErrorCode;
    operation: FreebitOperation;
    message: string;
    detailCode?: number;
    statusClass?: number;
    isRetryable: boolean;
  }) {
    super(init.message);
    this.code = init.code;
    this.operation = init.operation;
    this.detailCode = init.detailCode;
    this.statusClass = init.statusClass;
    this.isRetryable = init.isRetryable;
  }

  /** Its message names the operation and the code; the catalog words the code for people (detailCodes.ts lists those it must). */
  static refused(operation: FreebitOperation, detailCode: number, statusClass?: number): FreebitError {
    return new FreebitError({
      code: 'refused',
      operation,
      detailCode,
      statusClass,
      message: `Freebit refused ${operation} (detail code ${detailCode})`,
      isRetryable: RETRYABLE_DETAIL_CODES.has(detailCode),
    });
  }

  static timeout(operation: FreebitOperation, deadlineMs: number): FreebitError {
    return new FreebitError({
      code: 'timeout',
      operation,
      isRetryable: true,
      message: `Freebit did not answer within ${formatSeconds(deadlineMs)}. Try again in a minute; if it keeps happening, Freebit may be down.`,
    });
  }

  static unreachable(operation: FreebitOperation): FreebitError {
    return new FreebitError({
      code: 'unreachable',
      operation,
      isRetryable: true,
      message: 'Freebit could not be reached (the connection failed or was dropped). Try again in a minute.',
    });
  }

  static badAnswer(operation: FreebitOperation, what: string): FreebitError {
    return new FreebitError({
      code: 'bad_answer',
      operation,
      isRetryable: true,
      message: `Freebit answered something the bot could not read (${what}). Try again in a minute.`,
    });
  }

  static authRejected(detailCode: number | undefined): FreebitError {
    return new FreebitError({
      code: 'auth_rejected',
      operation: 'authenticate',
      detailCode,
      isRetryable: false,
      message: 'Freebit refused the bot’s OEM credentials. An operator must check FREEBIT_OEM_ID and FREEBIT_OEM_KEY.',
    });
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
