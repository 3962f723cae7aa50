import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs, webApi } from '@slack/bolt';
import type { PhoneNumber } from '../../phone.js';
import { tellPrivately } from '../kit/answer.js';
import type { Block } from '../kit/blocks.js';
import type { SlackDeps } from '../deps.js';
import { readCardValue } from '../lineCard/lineCard.js';
import { decodeOrigin, type FormOrigin } from '../kit/origin.js';
import { cardActionPayload, type CardActionPayload } from '../kit/payloads.js';
import { lineCardModalWithNotice } from '../lineCard/lineCardModal.js';
import type { Mrkdwn } from '../i18n/index.js';
import type { Voice } from '../kit/voice.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export interface CardClick {
  payload: CardActionPayload;
  userId: string;
  phone: PhoneNumber;
  sharedBy?: string;
  /** The card sits in a modal (the lookup shortcut), not in a message. */
  inModal: boolean;
}

/** What every card button needs from its payload, checked; `undefined` (and a log line) when it is not there. */
export function readCardClick(deps: SlackDeps, body: unknown): CardClick | undefined {
  const parsed = cardActionPayload.safeParse(body);
  const value = parsed.success ? readCardValue(parsed.data.actions[0]?.value) : undefined;
  if (!parsed.success || !value) {
    deps.logger.warn({ event: 'slack.unreadable_card_action' }, 'card button payload not understood');
    return undefined;
  }
  return {
    payload: parsed.data,
    userId: parsed.data.user.id,
    phone: value.phone,
    ...(value.sharedBy ? { sharedBy: value.sharedBy } : {}),
    inModal: parsed.data.container.type === 'view',
  };
}

/**
 * Where the click came from, for a form it opens and for answers sent after it: the click's
 * own response_url and channel; a click in a modal has neither, and takes those the modal
 * was opened with (a card shown from `/freebit`'s picker remembers the command's).
 */
export function originOfClick(click: CardClick, voice: Voice): FormOrigin {
  const { response_url: responseUrl, channel, view } = click.payload;
  const opened = click.inModal ? decodeOrigin(view?.private_metadata) : undefined;
  const answerTo = responseUrl ?? opened?.responseUrl;
  const channelId = channel?.id ?? opened?.channelId;
  return { locale: voice.t.locale, ...(answerTo ? { responseUrl: answerTo } : {}), ...(channelId ? { channelId } : {}) };
}

/**
 * Tells the person who clicked a card button something only they should see, where they are
 * looking: on a card in a modal, under its buttons (the modal is updated); otherwise, or when
 * the modal cannot be updated (closed), through the click's response_url, else ephemerally
 * in its channel, else by DM. Never throws: a sentence that cannot be delivered is logged.
 */
export async function tellClicker(
  deps: SlackDeps,
  client: webApi.WebClient,
  click: CardClick,
  voice: Voice,
  sentence: Mrkdwn,
): Promise<void> {
  const view = click.payload.view;
  if (click.inModal && view) {
    try {
      const shown = (view.blocks ?? []) as unknown as Block[];
      await client.views.update({
        view_id: view.id,
        // A modal changed since the click (a Refresh) is not overwritten with the card as it was.
        ...(view.hash ? { hash: view.hash } : {}),
        view: lineCardModalWithNotice(voice, shown, sentence, decodeOrigin(view.private_metadata)),
      });
      return;
    } catch (error) {
      deps.logger.warn(
        { event: 'slack.views_update_failed', error: String(error) },
        'could not answer in the card’s modal; answering privately',
      );
    }
  }
  try {
    await tellPrivately(client, deps.logger, click.userId, originOfClick(click, voice), voice.message(sentence));
  } catch (error) {
    deps.logger.error(
      { event: 'slack.answer_lost', error: String(error) },
      'could not tell the person what became of their click on a card',
    );
  }
}
