import { section, type Block } from '../kit/blocks.js';
import type { Mrkdwn } from '../i18n/index.js';
import { BLOCKS, VIEWS } from '../kit/ids.js';
import { encodeOrigin, type FormOrigin } from '../kit/origin.js';
import type { Voice } from '../kit/voice.js';

/** A modal that only shows: a line card, "Looking up…", or the sentence saying why there is no card. */
export function lineCardModal(voice: Voice, content: { blocks: Block[] } | { text: Mrkdwn }, origin: FormOrigin) {
  return voice.modal({
    callbackId: VIEWS.lineCard,
    title: voice.t.titles.lineCard,
    privateMetadata: encodeOrigin(origin),
    blocks: 'blocks' in content ? content.blocks : [section(content.text)],
  });
}

/**
 * The card modal as the person sees it (`shown`: its blocks, as Slack sends them back with a
 * click), with a sentence for them right under the card's buttons, where they just clicked: a
 * click in a modal has no response_url, and the modal is where the person is looking. An
 * earlier sentence is replaced, and the SANDBOX banner is drawn again, not doubled.
 */
export function lineCardModalWithNotice(voice: Voice, shown: readonly Block[], notice: Mrkdwn, origin: FormOrigin) {
  const card = shown.filter((block) => block.block_id !== BLOCKS.sandboxBanner && block.block_id !== BLOCKS.cardNotice);
  const under = card.findIndex((block) => block.block_id === BLOCKS.cardActions) + 1;
  const blocks = [...card.slice(0, under), section(notice, { blockId: BLOCKS.cardNotice }), ...card.slice(under)];
  return lineCardModal(voice, { blocks }, origin);
}
