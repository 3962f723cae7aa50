import { z } from 'zod';
import { startOfFreebitDay, type FreebitDate } from '../dates.js';
import { lineFactsSchema, type ApprovalRequest, type LineFacts } from './approvalRequest.js';
import { followUpTargetSchema, OPERATION_NAMES, operationOf, type FollowUpTarget } from './operations/index.js';

/** The facts a thread reply talks about (approvalRequest.ts): everything else on a line may move without a word, and is not kept. */
export { factsOf, lineFactsSchema, type LineFacts } from './approvalRequest.js';

/** The reply a finished job owes its thread (a ThreadEvent of kind `completed` or `stuck`). */
const owedEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('completed'), before: lineFactsSchema.nullable(), after: lineFactsSchema, tookMs: z.number() }),
  z.object({ kind: z.literal('stuck'), lastSeen: lineFactsSchema.nullable(), deadlineAt: z.number() }),
]);

export const followUpJobSchema = z.object({
  /** The request's id: one job per accepted change. */
  requestId: z.string(),
  /**
   * One line of a request for several: one job per accepted line, keyed by the
   * request and the number (`jobKeyOf`). Its end is written on the request's line, and the
   * request's thread hears once, when every line is done (lineFollowUp.ts). Absent: the
   * request's one line.
   */
  ofLines: z.boolean().optional(),
  phone: z.string(),
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
  /** What the last poll saw; `null` when Freebit did not know the number (a registration not yet visible). */
  lastSeen: lineFactsSchema.nullable(),
  /** What the line looked like before the change, for the "before → after" of the completion. */
  before: lineFactsSchema.nullable(),
  nextPollAt: z.number(),
  polls: z.number().int(),
  /** Consecutive failed polls, for backoff. */
  failures: z.number().int(),
  /**
   * The outbox of a finished job (`completed` or `stuck`): the reply it owes the thread, set by
   * the compare-and-set that decides the job is finished. The job is deleted once Slack took the
   * post (or it was given up); the request and its audit trail keep the history.
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

/** Where a job is stored (and leased): its request's id, or for one line of several the id and the number. */
export function jobKeyOf(job: Pick<FollowUpJob, 'requestId' | 'phone' | 'ofLines'>): string {
  return job.ofLines ? `${job.requestId}/${job.phone}` : job.requestId;
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
