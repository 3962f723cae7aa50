import { section } from '../kit/blocks.js';
import { VIEWS } from '../kit/ids.js';
import { encodeOrigin, type FormOrigin } from '../kit/origin.js';
import type { Voice } from '../kit/voice.js';
import { phoneField } from '../kit/fields.js';

/** "Look up a line" (global shortcut, App Home): the number; the card then replaces the form. */
export function lineLookupModal(voice: Voice, origin: FormOrigin) {
  const { t } = voice;
  return voice.modal({
    callbackId: VIEWS.lineLookup,
    title: t.titles.lookup,
    submit: t.submit.lookUp,
    privateMetadata: encodeOrigin(origin),
    blocks: [section(t.intro.lookup), phoneField(t, undefined)],
  });
}
