/**
 * The names of the operations a request can ask for, by their `/freebit` names: the keys of
 * the registry (index.ts, which the compiler holds to exactly these). Apart and without
 * imports so that config.ts can read APPROVALS_REQUIRED's keys without loading the workflow.
 */
export const OPERATION_NAMES = ['cancel', 'contract', 'register'] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];
