import type { types } from '@slack/bolt';
import type { Mrkdwn } from '../i18n/mrkdwn.js';
import { section } from './blocks.js';
import { BLOCK_KIT_LIMITS as LIMITS } from './limits.js';
import { clipMrkdwn } from './rows.js';

// Kept free in every section for the sentence that counts what did not fit.
const ROOM_FOR_MORE = 100;
const MOST_PER_SECTION = LIMITS.sectionText - ROOM_FOR_MORE;

/**
 * A list too long for one section (a hundred lines and why each cannot be requested) as the
 * fewest sections that hold it, each within a section's 3,000 characters, and at most
 * `maxBlocks` of them: the items that do not fit are counted by `more(count)` at the end of the
 * last. `header` opens the first section (a line of its own); the items follow it, each after
 * `separator` (a line break, or a comma of the reader's language). An item
 * longer than a section is shortened. Empty `items`: no section.
 */
export function listSections(
  items: readonly Mrkdwn[],
  options: { header?: Mrkdwn; separator: string; maxBlocks: number; more: (count: number) => Mrkdwn },
): types.SectionBlock[] {
  if (items.length === 0 || options.maxBlocks < 1) return [];
  const texts: string[] = [];
  let current = options.header ?? '';
  let shown = 0;
  for (const whole of items) {
    // Never cut inside an escaped `&amp;` or a `<…>` (rows.ts).
    const item = clipMrkdwn(whole, MOST_PER_SECTION - 1);
    const separator = current === '' ? '' : current === options.header ? '\n' : options.separator;
    if (current.length + separator.length + item.length <= MOST_PER_SECTION) {
      current += separator + item;
      shown += 1;
      continue;
    }
    if (texts.length + 1 >= options.maxBlocks) break;
    texts.push(current);
    current = item;
    shown += 1;
  }
  const rest = items.length - shown;
  if (rest > 0) current += `${current === '' ? '' : options.separator.includes('\n') ? '\n' : ' '}${options.more(rest)}`;
  texts.push(current);
  return texts.map((text) => section(text as Mrkdwn));
}
