import { z } from 'zod';
import type { ContractLine, FreebitChange, Line } from '../../freebit/index.js';
import type { PhoneNumber } from '../../phone.js';
import type { WorkflowErrorCode } from '../errors.js';

/** PA05-38 `contractLine`. */
export const CONTRACT_LINES = ['4G', '5G'] as const satisfies readonly ContractLine[];

/**
 * What a follow-up job keeps of the change to know it is complete. Stored flat in the job
 * (followUpJob.ts), every field optional: a field is added here, never renamed, so jobs
 * already stored read the same.
 */
export const followUpTargetSchema = z.object({
  /** PA05-38: the contract line the change goes to. */
  targetContractLine: z.enum(CONTRACT_LINES).optional(),
});
export type FollowUpTarget = z.infer<typeof followUpTargetSchema>;

/** The facts of a line a follow-up poll sees (followUpJob.ts LineFacts fits). */
export type SeenLine = Pick<Line, 'state' | 'contractLine' | 'planCode' | 'pendingChange'>;

/**
 * Everything the workflow knows about one operation, in one place: the registry (index.ts)
 * holds one per operation, and the rest of the workflow asks it instead of switching on the
 * operation's name. `Change`: the change as a request records it; `Order`: what the Freebit
 * layer is sent.
 */
export interface OperationDescriptor<Name extends string, Change extends { operation: Name }, Order extends { phone: PhoneNumber }> {
  /** The `/freebit` name: the registry key, and a request record's `change.operation`. */
  name: Name;
  /**
   * The Freebit change operation that carries it out (src/freebit/operations/<name>.ts, imported
   * by its path: it is data, sending it takes a FreebitService). execute.ts sends it, after the
   * claim; its `taken` settles a call the process died around.
   */
  freebit: FreebitChange<Order>;
  /**
   * The stored shape of the change (a request record's `change`). Records already stored are
   * read with it: fields are added (optional), never renamed or removed.
   */
  change: z.ZodType<Change>;
  /** The change a request records for the order a form made (the number is the request's own). */
  changeOf(order: Order): Change;
  /** The order sent to Freebit for a recorded change (execute.ts makes the call, after the claim). */
  orderOf(phone: PhoneNumber, change: Change): Order;
  /**
   * The day Freebit is to run the change (YYYYMMDD, Japan time), when one was asked for;
   * undefined: at once. Such a date in the past is never sent (Freebit refuses it, 204), and
   * the follow-up polls no earlier than its start.
   */
  dateOf(change: Change): string | undefined;
  /**
   * Why Freebit would refuse the change on this line anyway, said before any approver is asked
   * (the spec pages' detail codes); undefined: worth asking.
   * `line` undefined: Freebit does not know the number (210).
   */
  refusal(line: Line | undefined, change: Change): WorkflowErrorCode | undefined;
  /** What the follow-up job keeps of the change to know it complete. */
  followUpTarget(change: Change): FollowUpTarget;
  /** Whether Freebit finished the change, as the follow-up sees the line (as PA03-02 shows it). */
  isComplete(line: SeenLine, target: FollowUpTarget): boolean;
}

/**
 * Why a change to a line that must exist and be idle cannot succeed: unknown (210), cancelled,
 * or busy with another change (230/362). `more`: the operation's own reasons, checked after the
 * line is known to be there and before "busy" (the order people are told them in).
 */
export function refusalForExistingLine(
  line: Line | undefined,
  more?: (line: Line) => WorkflowErrorCode | undefined,
): WorkflowErrorCode | undefined {
  if (!line) return 'line_not_found';
  if (line.state === 'obsolete') return 'line_cancelled';
  const own = more?.(line);
  if (own) return own;
  if (line.pendingChange) return 'change_in_progress';
  return undefined;
}
