import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { tellPrivately } from '../../kit/answer.js';
import { refusalToAskQuickly, voiceOf, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import type { FormOrigin } from '../../kit/origin.js';
import { messageButtonPayload } from '../../kit/payloads.js';
import { numbersOfButton } from '../../requestForms/numbersButton.js';
import { operationPickerModal } from '../../requestForms/operationPickerModal.js';
import { WorkflowError } from '../../../workflow/index.js';

/**
 * "Request a change for these 7 lines…" under the message shortcut's cards: the operation picker,
 * with every number of the message filled in; "Next" opens the chosen change's form with them.
 * A refusal, or a form Slack would not open, is told privately where the shortcut was used.
 */
export function requestForNumbers(deps: SlackDeps): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, client }) => {
    await ack();
    const payload = messageButtonPayload.safeParse(body);
    const phones = payload.success ? numbersOfButton(payload.data.actions[0]!.value, deps.bulkMaxLines) : undefined;
    if (!payload.success || !phones) {
      deps.logger.warn({ event: 'slack.unreadable_numbers_button' }, 'button of the numbers in a message not understood');
      return;
    }
    const { user, trigger_id: triggerId, response_url: responseUrl, channel } = payload.data;
    const voice = await voiceOf(deps, user.id);
    const origin: FormOrigin = {
      locale: voice.t.locale,
      ...(responseUrl ? { responseUrl } : {}),
      ...(channel?.id ? { channelId: channel.id } : {}),
    };
    const describe = (error: unknown) => describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
    try {
      // Said before the form, not after someone has filled it in.
      const beforeAsking = deps.approvals.refusalBeforeAsking(origin.channelId);
      const refusal = beforeAsking ? new WorkflowError(beforeAsking) : await refusalToAskQuickly(deps, user.id);
      if (refusal) throw refusal;
      await client.views.open({ trigger_id: triggerId, view: operationPickerModal(voice, origin, deps, phones) });
    } catch (error) {
      try {
        await tellPrivately(client, deps.logger, user.id, origin, voice.message(describe(error)));
      } catch (caught) {
        deps.logger.error(
          { event: 'slack.answer_lost', error: String(caught) },
          'could not tell the person why no form opened for the numbers of a message',
        );
      }
    }
  };
}
