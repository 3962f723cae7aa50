import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { voiceFor, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import type { ModalView } from '../../kit/blocks.js';
import { decodeOrigin } from '../../kit/origin.js';
import { modalButtonPayload } from '../../kit/payloads.js';
import { slackOperation } from '../../changeForms/index.js';
import { lineCheckRefusedView } from '../../requestForms/lineCheckViews.js';

/**
 * Back, on the summary of several lines: the request form again in the same modal, with the
 * numbers, the operation's own fields and the reason as they were submitted (the pre-flight
 * keeps them: lineCheck), so the requester can change the numbers and submit again. A pre-flight gone or older than an hour
 * cannot give them back: its sentence says to start again.
 */
export function lineCheckBack(deps: SlackDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, client }) => {
    await ack();
    const payload = modalButtonPayload.safeParse(body);
    const origin = payload.success ? decodeOrigin(payload.data.view.private_metadata) : undefined;
    if (!payload.success || !origin?.checkId) {
      deps.logger.warn({ event: 'slack.unreadable_line_check_back' }, 'Back on a summary of several lines not understood');
      return;
    }
    const { checkId, ...formOrigin } = origin;
    const voice = voiceFor(deps, origin.locale);
    const { view: shown, user } = payload.data;
    let view: ModalView;
    try {
      const check = await deps.approvals.lineCheck(checkId, user.id);
      const operation = slackOperation(check.change.operation);
      const prefill = {
        ...operation.prefillOf(check.change),
        phones: check.verdicts.map((verdict) => verdict.phone),
        reason: check.reason,
      };
      view = operation.modal(voice, prefill, formOrigin, deps);
    } catch (error) {
      const sentence = describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
      view = lineCheckRefusedView(voice, voice.t.titles.picker, sentence, formOrigin);
    }
    try {
      // A modal changed since the click (a second Back) is not drawn over.
      await client.views.update({ view_id: shown.id, ...(shown.hash ? { hash: shown.hash } : {}), view });
    } catch (error) {
      deps.logger.warn(
        { event: 'slack.views_update_failed', error: String(error) },
        'could not draw the form again (the modal was probably closed)',
      );
    }
  };
}
