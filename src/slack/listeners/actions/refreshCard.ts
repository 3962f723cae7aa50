import type { Middleware } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { lineCardContent, lineCardMessage, readLineFor } from '../../lineCard/lineLookup.js';
import { decodeOrigin } from '../../kit/origin.js';
import { lineCardModal } from '../../lineCard/lineCardModal.js';
import { readCardClick, tellClicker, type ButtonArgs } from '../../interactions/cardClick.js';

/** "Refresh": reads the line again and replaces the card where it is (message or modal). */
export function refreshCard(deps: SlackDeps): Middleware<ButtonArgs> {
  return async ({ ack, body, client, respond }) => {
    await ack();
    const click = readCardClick(deps, body);
    if (!click) return;
    const { voice, reading } = await readLineFor(
      deps,
      { userId: click.userId, surface: 'refresh', channelId: click.payload.channel?.id },
      click.phone,
    );
    if (!reading.ok) {
      // The card stays as it was (with its read time); the person alone learns why it could not be renewed.
      await tellClicker(deps, client, click, voice, reading.sentence);
      return;
    }

    const view = click.payload.view;
    if (click.inModal && view) {
      const origin = decodeOrigin(view.private_metadata);
      await client.views.update({ view_id: view.id, view: lineCardModal(voice, lineCardContent(voice, reading), origin) });
      return;
    }
    const placement = click.payload.container.is_ephemeral
      ? ({ kind: 'ephemeral' } as const)
      : ({ kind: 'channel', sharedBy: click.sharedBy ?? click.userId, fullIdentifiers: deps.shareFullIdentifiers } as const);
    await respond({ replace_original: true, ...lineCardMessage(voice, reading, placement) });
  };
}
