import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { readContractChangeForm } from '../../forms.js';
import { changeSubmission } from './handOver.js';
import type { SubmitArgs } from './submission.js';

/** The 4G/5G form: field errors in the ack, else the request goes to the workflow. */
export function contractChangeSubmission(deps: SlackDeps): Middleware<SubmitArgs> {
  return changeSubmission(deps, readContractChangeForm, ({ phone, contractLine, productNumber }) => ({
    operation: 'contract',
    order: { phone, contractLine, ...(productNumber ? { productNumber } : {}) },
  }));
}
