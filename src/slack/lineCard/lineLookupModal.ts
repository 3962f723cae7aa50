import type { PhoneNumber } from '../../phone.js';
import type { Catalog } from '../i18n/index.js';
import { section } from '../kit/blocks.js';
import { Reader, type FormReading } from '../kit/formReader.js';
import type { ViewStateValues } from '../kit/payloads.js';
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

/** The lookup form, read: the one number. */
export function readLookupForm(values: ViewStateValues, t: Catalog): FormReading<PhoneNumber> {
  const read = new Reader(values, t);
  const phone = read.phone('phone', true);
  return read.result(() => phone!);
}
