/**
 * The approval workflow as people meet it in Slack (tools/slackDouble/approvals.ts, which the
 * demo runs on too), and what only the tests look at: the change calls Freebit received.
 */
import type { SlackRig } from '../../tools/slackDouble/rig.js';
import { CHANGE_PATHS } from './freebit.js';

/** How many change calls (cancel, contract change, registration) the sandbox received. */
export function changeCalls(rig: Pick<SlackRig, 'sandbox'>): Array<{ path: string; json: unknown }> {
  return rig.sandbox.received.filter((entry) => CHANGE_PATHS.includes(entry.path));
}
