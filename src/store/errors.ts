export type StoreErrorCode =
  /** The store URL is not one we understand. */
  | 'bad_url'
  /** Redis did not answer (at start-up, or a command failed because the connection is down). */
  | 'unreachable'
  /** The SQLite file or its folder cannot be created, opened or written. */
  | 'unwritable'
  /** A stored value does not parse (unknown schema version, wrong shape, not JSON). */
  | 'corrupt_record'
  /** A value handed to the store does not match its schema: it was not written. */
  | 'invalid_record'
  /** The store did not answer within its deadline (a stalled Redis, a SQLite file locked by another process): nothing was changed by this call, as far as the caller knows. */
  | 'timeout'
  /** A compare-and-set kept losing to other writers; the caller may try again. */
  | 'conflict'
  /** The store was used after close(). */
  | 'closed'
  /** Any other failure of the backend (disk full, Redis error reply, ...). */
  | 'backend_failed';

const RETRYABLE: ReadonlySet<StoreErrorCode> = new Set(['unreachable', 'conflict', 'timeout']);

/**
 * The one error type the store throws. Messages are meant for an operator's log and never
 * contain a password or a stored value (which could hold personal data).
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly isRetryable: boolean;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options: { cause?: unknown; isRetryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.isRetryable = options.isRetryable ?? RETRYABLE.has(code);
  }
}

/** The message of an unknown thrown value, for embedding in a StoreError's message. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A zod error's issues as one line: "state: Invalid option; approvers: Required". */
export function describeIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`).join('; ');
}
