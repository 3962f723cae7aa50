import type { SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { voiceFor, type SlackDeps } from '../deps.js';
import type { ViewStateValues } from '../kit/payloads.js';
import { decodeOrigin, type FormOrigin } from '../kit/origin.js';
import { viewSubmissionPayload } from '../kit/payloads.js';
import type { Voice } from '../kit/voice.js';

export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction>;

export interface Submission {
  userId: string;
  viewId: string;
  values: ViewStateValues;
  origin: FormOrigin;
  /** In the language the modal was drawn in (from its metadata): no Slack call before `ack()`. */
  voice: Voice;
}

/** What every form submission needs, checked; `undefined` (and a log line) when it is not there. */
export function readSubmission(deps: SlackDeps, body: unknown): Submission | undefined {
  const parsed = viewSubmissionPayload.safeParse(body);
  if (!parsed.success) {
    deps.logger.warn(
      { event: 'slack.unreadable_view_submission', issues: parsed.error.issues.slice(0, 3) },
      'view submission not understood',
    );
    return undefined;
  }
  const origin = decodeOrigin(parsed.data.view.private_metadata);
  return {
    userId: parsed.data.user.id,
    viewId: parsed.data.view.id,
    values: parsed.data.view.state.values,
    origin,
    voice: voiceFor(deps, origin.locale),
  };
}
