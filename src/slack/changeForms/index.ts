import type { Operation } from '../../workflow/index.js';
import { cancel } from './cancel.js';
import { contract } from './contract.js';
import type { Prefill, SlackOperation } from './operation.js';
import { register } from './register.js';

export type { FormContext, Prefill, SlackOperation } from './operation.js';
export { changeSummary, nextStep, slackOperation } from './ofChange.js';

/**
 * Every change operation of the workflow, on the Slack side: one file each, collected here.
 * The compiler checks that each of the workflow's operations has its entry and that each
 * entry is whole; everything else in src/slack goes through these and names none of them.
 */
export const SLACK_OPERATIONS = { cancel, contract, register } satisfies {
  [O in Operation]: SlackOperation<O, Prefill, { reason: string }>;
};

/** Any one of them, when which one is known only at run time. */
export type AnySlackOperation = SlackOperation<Operation, Prefill, { reason: string }>;

/** In the order the picker lists them and a card shows their buttons. */
export const OPERATION_LIST: readonly AnySlackOperation[] = Object.values(SLACK_OPERATIONS);

/** What an operation's command word opens its form with. */
export type PrefillOf<O extends Operation> =
  (typeof SLACK_OPERATIONS)[O] extends SlackOperation<O, infer P, { reason: string }> ? P : never;
