import { section, type Block } from '../blocks.js';
import { VIEWS } from '../ids.js';
import { encodeOrigin, type FormOrigin } from '../origin.js';
import type { Voice } from '../voice.js';

/** A modal that only shows: a line card, "Looking up…", or the sentence saying why there is no card. */
export function lineCardModal(voice: Voice, content: { blocks: Block[] } | { text: string }, origin: FormOrigin) {
  return voice.modal({
    callbackId: VIEWS.lineCard,
    title: voice.t.titles.lineCard,
    privateMetadata: encodeOrigin(origin),
    blocks: 'blocks' in content ? content.blocks : [section(content.text)],
  });
}
