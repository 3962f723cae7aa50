import { parsePhoneList, type PhoneNumber } from '../../phone.js';
import { actions, button, type Block } from '../kit/blocks.js';
import { ACTIONS, BLOCKS } from '../kit/ids.js';
import { BLOCK_KIT_LIMITS } from '../kit/limits.js';
import type { Catalog } from '../i18n/index.js';

/** How many numbers a button's value carries: 2,000 characters, eleven digits and a comma each. */
export const NUMBERS_IN_A_BUTTON = Math.floor(BLOCK_KIT_LIMITS.buttonValue / 12);

/**
 * Under the message shortcut's cards: "Request a change for these 7 lines…", a button
 * carrying every number the message holds (not only the cards shown), which opens the operation
 * picker with them filled in. The value is only the numbers; the click is checked as any form is.
 */
export function requestForNumbersBlock(t: Catalog, phones: readonly PhoneNumber[]): Block {
  const carried = phones.slice(0, NUMBERS_IN_A_BUTTON);
  return actions(BLOCKS.messageNumbersActions, [
    button({ text: t.bulkForms.requestForNumbers(carried.length), actionId: ACTIONS.requestForNumbers, value: carried.join(',') }),
  ]);
}

/** The numbers a click on that button carries, read as any typed list is (at most `max`); undefined when they are not numbers. */
export function numbersOfButton(value: string | undefined, max: number): PhoneNumber[] | undefined {
  // No button of ours carries more: a longer value is not ours to read.
  if (value !== undefined && value.length > BLOCK_KIT_LIMITS.buttonValue) return undefined;
  const read = parsePhoneList(value ?? '', max);
  return read.ok && read.phones.length > 0 ? read.phones : undefined;
}
