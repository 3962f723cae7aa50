import type { Middleware } from '@slack/bolt';
import { refusalToAskQuickly, voiceOf, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import type { AnySlackOperation } from '../../changeForms/index.js';
import { WorkflowError } from '../../../workflow/index.js';
import { originOfClick, readCardClick, tellClicker, type ButtonArgs } from '../../interactions/cardClick.js';

/**
 * "Request cancellation…" / "Request 4G/5G change…": the request's modal, pre-filled with the
 * card's number. From a card in a modal the form is pushed on top, and answers where that
 * modal was opened from (if anywhere); from a message it opens, and its answer later goes back
 * through this click's response_url. A refusal, or a form Slack would not open, is told
 * where the person is looking (tellClicker).
 */
export function openChangeForm(deps: SlackDeps, operation: AnySlackOperation): Middleware<ButtonArgs> {
  return async ({ ack, body, client }) => {
    await ack();
    const click = readCardClick(deps, body);
    if (!click) return;
    const voice = await voiceOf(deps, click.userId);
    const origin = originOfClick(click, voice);
    const describe = (error: unknown) => describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
    const beforeAsking = deps.approvals.refusalBeforeAsking(origin.channelId);
    const refusal = beforeAsking ? new WorkflowError(beforeAsking) : await refusalToAskQuickly(deps, click.userId);
    if (refusal) {
      // Said before the form, not after someone has filled it in.
      await tellClicker(deps, client, click, voice, describe(refusal));
      return;
    }
    const view = operation.modal(voice, { phone: click.phone }, origin, deps);
    const triggerId = click.payload.trigger_id;
    try {
      if (click.inModal) await client.views.push({ trigger_id: triggerId, view });
      else await client.views.open({ trigger_id: triggerId, view });
    } catch (error) {
      await tellClicker(deps, client, click, voice, describe(error));
    }
  };
}
