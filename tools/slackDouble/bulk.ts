/**
 * A request form of several numbers as people fill it in Slack, for the demo, the benchmark and the
 * e2e tests: the form submitted with numbers pasted into its number field, the pre-flight's
 * summary that replaces "Checking…" in the same modal, and that summary's submit.
 */
import { FIELDS, VIEWS } from '../../src/slack/kit/ids.js';
import type { SlackRig, ViewJson } from './rig.js';
import { AGENT, state, viewSubmission, type StateValues } from './requests.js';

/** Form values by field name (ids.ts FIELDS), as Slack sends them. */
export const fields = (entries: Partial<Record<keyof typeof FIELDS, Record<string, unknown>>>): StateValues =>
  Object.fromEntries(
    Object.entries(entries).map(([field, value]) => [
      FIELDS[field as keyof typeof FIELDS].block,
      { [FIELDS[field as keyof typeof FIELDS].action]: value },
    ]),
  );

let views = 0;

/**
 * `/freebit cancel <first number>`, then its form submitted with `typed` in the number field
 * (several numbers, as a person types or pastes them); the modal's view id is the call's own.
 */
export async function submitCancellation(
  rig: Pick<SlackRig, 'command' | 'openedView' | 'send'>,
  typed: string,
  options: { userId?: string; reason?: string; channelId?: string; runDate?: string } = {},
) {
  const userId = options.userId ?? AGENT.id;
  const first = typed.split(/[\n,]/)[0]!.trim();
  const { triggerId, responseUrl } = await rig.command(`cancel ${first}`, { user_id: userId });
  const { view: form } = await rig.openedView({ triggerId });
  const viewId = `V0BULK${String(views++).padStart(4, '0')}`;
  const metadata = options.channelId
    ? JSON.stringify({ ...JSON.parse(form.private_metadata!), c: options.channelId })
    : form.private_metadata;
  const ack = await rig.send(
    viewSubmission({
      callbackId: form.callback_id,
      privateMetadata: metadata,
      viewId,
      userId,
      values: fields({
        phone: state.text(typed),
        runDate: state.date(options.runDate ?? null),
        reason: state.text(options.reason ?? 'branch closing'),
      }),
    }),
  );
  return { ack, responseUrl, viewId, userId };
}

/** What replaced "Checking…" in the modal `viewId`: the pre-flight's summary (or the sentence). */
export async function summaryIn(rig: Pick<SlackRig, 'double'>, viewId: string, options: { timeoutMs?: number } = {}): Promise<ViewJson> {
  const call = await rig.double.waitForCall(
    'views.update',
    (each) => each.body.view_id === viewId && (each.body.view as ViewJson).callback_id === VIEWS.lineCheck,
    options,
  );
  return call.body.view as ViewJson;
}

/** The summary's submit, as Slack sends it (the modal's metadata, no values). */
export function submitSummary(rig: Pick<SlackRig, 'send'>, summary: ViewJson, viewId: string, userId: string = AGENT.id) {
  return rig.send(
    viewSubmission({ callbackId: summary.callback_id, privateMetadata: summary.private_metadata, viewId, userId, values: {} }),
  );
}
