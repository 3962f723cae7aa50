import { z } from 'zod';
import type { FreebitChange, FreebitOperation, Line } from '../../freebit/index.js';
import type { PhoneNumber } from '../../phone.js';
import { cancel } from './cancel.js';
import { contract } from './contract.js';
import type { OperationDescriptor } from './descriptor.js';
import { register } from './register.js';

export { followUpTargetSchema, type FollowUpTarget, type OperationDescriptor, type SeenLine } from './descriptor.js';

/** Holds each entry to its key: the descriptor under `cancel` is named `cancel`, and whole (its file's `satisfies`). */
// `any`: each descriptor is checked against its own change and order in its file.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const registry = <R extends { [Name in keyof R & string]: OperationDescriptor<Name, any, any> }>(descriptors: R): R => descriptors;

/**
 * The registry: one descriptor per operation (cancel.ts, contract.ts, register.ts), keyed by
 * its name; its keys are the operation names (`OPERATION_NAMES`, `OperationName`). The rest of
 * the workflow asks it and never switches on an operation's name. Light on purpose: the
 * descriptors and the Freebit operations they name are data (zod, no client), so config.ts
 * reads the names from here at start-up without loading the workflow or the Freebit client.
 */
export const OPERATION_DESCRIPTORS = registry({ cancel, contract, register });
type Descriptors = typeof OPERATION_DESCRIPTORS;

/** The names of the operations a request can ask for, by their `/freebit` names, in the registry's order. */
export type OperationName = keyof Descriptors;
export const OPERATION_NAMES = Object.keys(OPERATION_DESCRIPTORS) as [OperationName, ...OperationName[]];

/** The change of each operation as stored in a request record: the union the registry makes. */
const changeSchemas = OPERATION_NAMES.map((name) => OPERATION_DESCRIPTORS[name].change);
export const requestedChangeSchema = z.discriminatedUnion(
  'operation',
  changeSchemas as [(typeof changeSchemas)[number], ...typeof changeSchemas],
);
export type RequestedChange = z.infer<typeof requestedChangeSchema>;

/**
 * The Freebit order of an operation: what a form makes, and what execute.ts sends. Read from
 * its Freebit operation (not from `changeOf`'s parameter, which a descriptor that needs nothing
 * of the order may leave out).
 */
type OrderOf<Name extends OperationName> = Descriptors[Name]['freebit'] extends FreebitChange<infer Order> ? Order : never;

/** What a form asks for, before it is recorded: the operation and the Freebit order it makes. */
export type ChangeDraft = { [Name in OperationName]: { operation: Name; order: OrderOf<Name> } }[OperationName];

/** A descriptor whatever its operation: what code that does not know the operation calls. */
type AnyOperationDescriptor = OperationDescriptor<OperationName, RequestedChange, ChangeDraft['order']>;

/** The change a request records for a draft, before it is recorded (requestChange stores the same). */
export function changeOfDraft(draft: ChangeDraft): RequestedChange {
  return operationOf(draft).changeOf(draft.order);
}

/** The day a change was asked for (a run date, a start date; YYYYMMDD, Japan), if it takes one. */
export function requestedDateOf(change: RequestedChange): string | undefined {
  return operationOf(change).dateOf(change);
}

/** The descriptor of the operation a change (or a draft, or a follow-up job) is for. */
export function operationOf(change: { operation: OperationName }): AnyOperationDescriptor {
  // Keyed by name: the descriptor found under a change's `operation` is the one made for that
  // change (TypeScript cannot follow the correlation through the union; the registry's type can).
  return OPERATION_DESCRIPTORS[change.operation] as unknown as AnyOperationDescriptor;
}

/**
 * Whether the line, looked up after a call that may or may not have reached Freebit, shows the
 * recorded change was taken: the Freebit operation's own `taken` (it settles a lost answer by
 * it), read for a call the process died around (execute.ts settleInterrupted).
 */
export function changeTaken(line: Line, phone: PhoneNumber, change: RequestedChange): boolean {
  const operation = operationOf(change);
  return operation.freebit.taken(line, operation.orderOf(phone, change));
}

/** The Freebit operation that carries a change out, by its name: a refusal's detail code may mean something of that operation's own. */
export function freebitOperationOf(change: { operation: OperationName }): FreebitOperation {
  return operationOf(change).freebit.name;
}
