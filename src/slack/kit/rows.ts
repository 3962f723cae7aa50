import type { Mrkdwn } from '../i18n/mrkdwn.js';
import { section, type Block } from './blocks.js';
import { BLOCK_KIT_LIMITS as LIMITS } from './limits.js';

/**
 * Lists longer than one block holds (the lines of a request for several): rows of mrkdwn packed
 * into as few sections as Block Kit's limits allow, each row whole. `clip` in blocks.ts would
 * cut a long list mid-row, and could cut an escaped `&amp;` or a `<@U…>` in two, which Slack
 * then shows as raw markup.
 */

/** Shortens mrkdwn to `max` characters without ending inside an entity (`&amp;`) or a mention or link (`<…>`). */
export function clipMrkdwn(text: Mrkdwn, max: number): Mrkdwn {
  const characters = Array.from(text);
  if (characters.length <= max) return text;
  let kept = characters.slice(0, Math.max(0, max - 1)).join('');
  // An `&` or `<` with no `;` or `>` after it was opened and not closed within what is kept.
  const openEntity = kept.lastIndexOf('&');
  if (openEntity >= 0 && !kept.includes(';', openEntity)) kept = kept.slice(0, openEntity);
  const openTag = kept.lastIndexOf('<');
  if (openTag >= 0 && !kept.includes('>', openTag)) kept = kept.slice(0, openTag);
  return `${kept}…` as Mrkdwn;
}

/**
 * `rows`, one per line, in sections of at most `sectionText` characters, using at most
 * `maxBlocks` blocks: rows that do not fit are left out, and `leftOut(count)` says how many (its
 * own section, counted in `maxBlocks`). A row longer than a section is clipped.
 */
export function rowSections(
  rows: readonly Mrkdwn[],
  options: { maxBlocks: number; leftOut: (count: number) => Mrkdwn; maxRow?: number },
): Block[] {
  const maxRow = Math.min(options.maxRow ?? LIMITS.sectionText, LIMITS.sectionText);
  const chunks: Mrkdwn[][] = [];
  let size = 0;
  for (const whole of rows) {
    const row = clipMrkdwn(whole, maxRow);
    const length = Array.from(row).length;
    const last = chunks.at(-1);
    if (last && size + 1 + length <= LIMITS.sectionText) {
      last.push(row);
      size += 1 + length;
    } else {
      chunks.push([row]);
      size = length;
    }
  }
  const sectionOf = (chunk: readonly Mrkdwn[]) => section(chunk.join('\n') as Mrkdwn);
  if (chunks.length <= options.maxBlocks) return chunks.map(sectionOf);
  // One block less for the rows, to say how many did not fit.
  const kept = chunks.slice(0, Math.max(0, options.maxBlocks - 1));
  const shown = kept.reduce((count, chunk) => count + chunk.length, 0);
  return [...kept.map(sectionOf), section(options.leftOut(rows.length - shown))];
}
