/**
 * What only the tests look at of the approval workflow: the change calls Freebit received. The
 * workflow as people meet it in Slack is tools/slackDouble/approvals.ts (the demo runs on it too).
 */
import type { SlackRig } from '../../tools/slackDouble/rig.js';
import { CHANGE_PATHS } from './freebit.js';

/** How many change calls (cancel, contract change, registration) the sandbox received. */
export function changeCalls(rig: Pick<SlackRig, 'sandbox'>): Array<{ path: string; json: unknown }> {
  return rig.sandbox.received.filter((entry) => CHANGE_PATHS.includes(entry.path));
}
