import type { BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { PhoneNumber } from '../../../phone.js';
import type { SlackDeps } from '../../deps.js';
import { readCardValue } from '../../lineCard.js';
import { cardActionPayload, type CardActionPayload } from '../../payloads.js';

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
