import type { Operation, RequestedChange } from '../../workflow/index.js';
import type { Catalog, Mrkdwn } from '../i18n/index.js';
import { SLACK_OPERATIONS, type AnySlackOperation } from './index.js';

/** The operation's Slack side, when which one is known only at run time (a request, a picked form). */
export function slackOperation(operation: Operation): AnySlackOperation {
  return SLACK_OPERATIONS[operation];
}

/** "cancel 090-1234-5678 on 2026-11-30", in the reader's words. */
export function changeSummary(t: Catalog, phone: Mrkdwn, change: RequestedChange): Mrkdwn {
  return slackOperation(change.operation).summary(t, phone, change);
}

/** What Freebit does next with an accepted change (as PA03-02 shows it: PA02-01, PA02-04, PA05-38). */
export function nextStep(t: Catalog, change: RequestedChange): Mrkdwn {
  return slackOperation(change.operation).nextStep(t, change);
}
