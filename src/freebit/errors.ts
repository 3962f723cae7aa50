/**
 * The one error type of the Freebit layer: a value with a code, whether trying again can
 * help, and a sentence a support agent understands. No secret (authKey, oemKey) and no
 * request body ever goes into one; the Slack edge turns it into text.
 */
export type FreebitOperation = 'authenticate' | 'lookupLine' | 'registerLine' | 'cancelLine' | 'changeContractLine';

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

// Every detail code in the four spec tables (PA02-01, PA02-04, PA03-02, PA05-38), in a
// support agent's words. Where an operation gives a code its own meaning, it wins.
const DETAIL_SENTENCES: Record<number, string> = {
  200: 'Freebit refused the request: the service type (kind) is not valid.',
  201: 'Freebit refused the phone number as a parameter. Check the number and try again.',
  202: 'Freebit refused the password parameter.',
  204: 'Freebit refused a parameter of the request (for example a date in the wrong format or in the past).',
  205: 'Freebit refused the bot’s authentication key. The bot renews it by itself; if this persists, check FREEBIT_OEM_ID and FREEBIT_OEM_KEY.',
  208: 'That phone number is already registered at Freebit.',
  210: 'Freebit has no line with that phone number.',
  211: 'The line’s current state does not allow this request at Freebit.',
  212: 'Freebit refused the request because of an error on another account linked to it.',
  220: 'That plan code does not exist at Freebit. Pick one of the configured plans.',
  226: 'Freebit refused the displayPass parameter.',
  227: 'Freebit refused the request data (requestDatas).',
  228: 'Freebit refused the authentication key parameter. If this persists, check the OEM credentials.',
  230: 'The line has another change waiting at Freebit. Wait until it completes, then try again.',
  233: 'Freebit does not provide that service for this account.',
  236: 'Freebit refused the version parameter.',
  266: 'Freebit refused the product number: it must be two capital letters and 13 digits.',
  360: 'Freebit refused the contract line type: it must be 4G or 5G.',
  361: 'The line is already on that contract line type; there is nothing to change.',
  362: 'The line already has a contract line change in progress at Freebit (it takes about 30 minutes and cannot be cancelled).',
  900: 'Freebit had an unexpected error on its side. Try again in a few minutes.',
};

const OPERATION_SENTENCES: Partial<Record<FreebitOperation, Record<number, string>>> = {
  cancelLine: { 101: 'The line was already cancelled at Freebit.' },
  registerLine: { 210: 'Freebit could not find an account the registration depends on.' },
};

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

  static refused(operation: FreebitOperation, detailCode: number, statusClass?: number): FreebitError {
    const sentence =
      OPERATION_SENTENCES[operation]?.[detailCode] ??
      DETAIL_SENTENCES[detailCode] ??
      `Freebit refused the request with detail code ${detailCode}.`;
    return new FreebitError({
      code: 'refused',
      operation,
      detailCode,
      statusClass,
      message: sentence,
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

/** Every detail code the spec tables list, for tests that check each has its own sentence. */
export const DOCUMENTED_DETAIL_CODES = Object.keys(DETAIL_SENTENCES).map(Number);

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
