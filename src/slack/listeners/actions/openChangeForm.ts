import type { Middleware } from '@slack/bolt';
import { voiceOf, type SlackDeps } from '../../deps.js';
import { describeError } from '../../errors.js';
import type { FormOrigin } from '../../origin.js';
import type { Voice } from '../../voice.js';
import type { PhoneNumber } from '../../../phone.js';
import { WorkflowError } from '../../../workflow/index.js';
import { readCardClick, type ButtonArgs } from './cardAction.js';
import type { ModalView } from '../../blocks.js';

export type ModalFor = (voice: Voice, phone: PhoneNumber, origin: FormOrigin) => ModalView;

/**
 * "Request cancellation…" / "Request 4G/5G change…": the request's modal, pre-filled with the
 * card's number. From a card in a modal the form is pushed on top; from a message it opens,
 * and its answer later goes back through this click's response_url.
 */
export function openChangeForm(deps: SlackDeps, modalFor: ModalFor): Middleware<ButtonArgs> {
  return async ({ ack, body, client, respond }) => {
    await ack();
    const click = readCardClick(deps, body);
    if (!click) return;
    const voice = await voiceOf(deps, click.userId);
    const { response_url: responseUrl, channel, trigger_id: triggerId } = click.payload;
    const origin: FormOrigin = {
      locale: voice.t.locale,
      ...(responseUrl ? { responseUrl } : {}),
      ...(channel?.id ? { channelId: channel.id } : {}),
    };
    const refusal = deps.approvals.refusalBeforeAsking(channel?.id);
    if (refusal) {
      // Said before the form, not after someone has filled it in.
      const sentence = describeError(new WorkflowError(refusal), voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
      if (responseUrl) await respond({ response_type: 'ephemeral', replace_original: false, ...voice.message(sentence) });
      return;
    }
    const view = modalFor(voice, click.phone, origin);
    try {
      if (click.inModal) await client.views.push({ trigger_id: triggerId, view });
      else await client.views.open({ trigger_id: triggerId, view });
    } catch (error) {
      const sentence = describeError(error, voice.t, { logger: deps.logger, freebitTimeoutMs: deps.freebitTimeoutMs });
      if (responseUrl) await respond({ response_type: 'ephemeral', replace_original: false, ...voice.message(sentence) });
    }
  };
}
