import { z } from 'zod';
import { cancel } from './cancel.js';
import { contract } from './contract.js';
import type { OperationDescriptor } from './descriptor.js';
import { OPERATION_NAMES, type OperationName } from './names.js';
import { register } from './register.js';

export { OPERATION_NAMES, type OperationName } from './names.js';
export { followUpTargetSchema, type FollowUpTarget, type OperationDescriptor, type SeenLine } from './descriptor.js';

/**
 * The registry: one descriptor per operation (cancel.ts, contract.ts, register.ts), keyed by
 * its name. The rest of the workflow asks it and never switches on an operation's name. The
 * compiler holds it complete: every name of names.ts has its descriptor, no other key is
 * allowed, and each descriptor has every field (`satisfies OperationDescriptor` in its file).
 */
export const OPERATION_DESCRIPTORS = { cancel, contract, register } satisfies {
  // `any`: each descriptor is checked against its own change and order in its file.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [Name in OperationName]: OperationDescriptor<Name, any, any>;
};
type Descriptors = typeof OPERATION_DESCRIPTORS;

/** The change of each operation as stored in a request record: the union the registry makes. */
const changeSchemas = OPERATION_NAMES.map((name) => OPERATION_DESCRIPTORS[name].change);
export const requestedChangeSchema = z.discriminatedUnion('operation', changeSchemas as [(typeof changeSchemas)[number], ...typeof changeSchemas]);
export type RequestedChange = z.infer<typeof requestedChangeSchema>;

/** The Freebit order of an operation: what a form makes, and what execute.ts sends. */
export type OrderOf<Name extends OperationName> = Parameters<Descriptors[Name]['changeOf']>[0];

/** What a form asks for, before it is recorded: the operation and the Freebit order it makes. */
export type ChangeDraft = { [Name in OperationName]: { operation: Name; order: OrderOf<Name> } }[OperationName];

/** A descriptor whatever its operation: what code that does not know the operation calls. */
export type AnyOperationDescriptor = OperationDescriptor<OperationName, RequestedChange, ChangeDraft['order']>;

/** The descriptor of the operation a change (or a draft, or a follow-up job) is for. */
export function operationOf(change: { operation: OperationName }): AnyOperationDescriptor {
  // Keyed by name: the descriptor found under a change's `operation` is the one made for that
  // change (TypeScript cannot follow the correlation through the union; the registry's type can).
  return OPERATION_DESCRIPTORS[change.operation] as unknown as AnyOperationDescriptor;
}
