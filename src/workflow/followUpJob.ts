import { z } from 'zod';
import { startOfFreebitDay, type FreebitDate } from '../dates.js';
import { lineFactsSchema, type ApprovalRequest, type LineFacts } from './approvalRequest.js';
import { followUpTargetSchema, OPERATION_NAMES, operationOf, type FollowUpTarget } from './operations/index.js';

/** The facts a thread reply talks about (approvalRequest.ts): everything else on a line may move without a word, and is not kept. */
export { factsOf, lineFactsSchema, type LineFacts } from './approvalRequest.js';

/**
 * The reply a finished job owes its thread: the request's close (a ThreadEvent of kind
 * `completed` or `stuck`), owed by the job whose line was the last to end. What the line showed
 * is on the line record (`lineFinished`); jobs stored by older builds carried it here too, and
 * are read without it.
 */
const owedEventSchema = z.object({ kind: z.enum(['completed', 'stuck']) });

export const followUpJobSchema = z.object({
  /**
   * The request's id and the line's number: one job per accepted line, keyed by both
   * (`jobKeyOf`). Its end is written on the line's record, and the request's thread hears once,
   * when every accepted line ended (lineFollowUp.ts).
   */
  requestId: z.string(),
  phone: z.string(),
  /**
   * How many lines its request has: the thread hears a line's progress only while it is the
   * request's one line (followUps.ts `PROGRESS_REPLIES_MAX_LINES`). Absent on jobs stored by
   * older builds: the request is read then.
   */
  linesOfRequest: z.number().int().min(1).optional(),
  operation: z.enum(OPERATION_NAMES),
  /** What the change's descriptor keeps to know it complete (PA05-38: `targetContractLine`). */
  ...followUpTargetSchema.shape,
  requesterId: z.string(),
  /** When Freebit starts on it: the run/start date in Japan time, or when it was accepted. */
  dueAt: z.number(),
  /** Past this without completion, the job stops and says so. */
  deadlineAt: z.number(),
  acceptedAt: z.number(),
  state: z.enum(['watching', 'completed', 'stuck']),
  /** `completed` or `stuck`: when the poll saw it end (the line's `finishedAt`). Absent on jobs of older builds: their `owed.since`. */
  endedAt: z.number().optional(),
  /** What the last poll saw; `null` when Freebit did not know the number (a registration not yet visible). */
  lastSeen: lineFactsSchema.nullable(),
  /** What the line looked like before the change, for the "before → after" of the completion. */
  before: lineFactsSchema.nullable(),
  nextPollAt: z.number(),
  polls: z.number().int(),
  /** Consecutive failed polls, for backoff. */
  failures: z.number().int(),
  /**
   * The outbox of a finished job whose line was the last of its request to end: the request's
   * close reply, set once the line's end is written and every accepted line of the request is
   * done. The job is deleted once Slack took the post (or it was given up); the request, its
   * lines and its audit trail keep the history.
   */
  owed: z
    .object({
      event: owedEventSchema,
      /** When the poll saw it finish. */
      since: z.number(),
      /** Posts Slack refused so far. */
      failures: z.number().int(),
      /** Set after a refused post (nothing was posted): when to try again. Unset while the first post is in flight. */
      retryAt: z.number().optional(),
    })
    .optional(),
});
export type FollowUpJob = z.infer<typeof followUpJobSchema>;
export const FOLLOW_UP_SCHEMA_VERSION = 1;

/**
 * Where a job is stored (and leased): its request's id and its line's number, as the line's own
 * record (requestLines.ts `lineKeyOf`). Older builds stored the job of a one-line request under
 * the request's id: the migration at start moves it here (prepare.ts `moveFollowUpJobsToLineKeys`).
 */
export function jobKeyOf(job: Pick<FollowUpJob, 'requestId' | 'phone'>): string {
  return `${job.requestId}/${job.phone}`;
}

export function sameFacts(a: LineFacts | null, b: LineFacts | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** When a change is complete, as PA03-02 shows the line: as the change's descriptor says. */
export function isComplete(job: Pick<FollowUpJob, 'operation' | keyof FollowUpTarget>, line: LineFacts | null): boolean {
  if (!line) return false;
  return operationOf(job).isComplete(line, job);
}

/** When Freebit will start on the change: no poll before then (a cancellation dated next month polls next month). */
export function dueTimeOf(request: Pick<ApprovalRequest, 'change'>, acceptedAt: number): number {
  const date = operationOf(request.change).dateOf(request.change);
  return date ? Math.max(acceptedAt, startOfFreebitDay(date as FreebitDate)) : acceptedAt;
}
