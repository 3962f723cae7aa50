import { describe, expect, test } from 'vitest';
import { esc, type Mrkdwn } from '../../../src/slack/i18n/index.js';
import { BLOCK_KIT_LIMITS } from '../../../src/slack/kit/limits.js';
import { clipMrkdwn, rowSections } from '../../../src/slack/kit/rows.js';
import { visibleText } from '../../../tools/slackDouble/blockText.js';

const text = (block: unknown) => visibleText(block);

describe('rows of a list in sections (kit/rows.ts)', () => {
  test('clipping never leaves half an entity or half a mention', () => {
    expect(clipMrkdwn(esc('ab & cd'), 6)).toBe('ab …');
    expect(clipMrkdwn('ab <@U0123456> cd' as Mrkdwn, 8)).toBe('ab …');
    expect(clipMrkdwn(esc('ab & cd'), 9)).toBe('ab &amp;…');
    expect(clipMrkdwn('short' as Mrkdwn, 5)).toBe('short');
  });

  test('rows are kept whole and packed into as few sections as the limit allows', () => {
    const rows = Array.from({ length: 30 }, (_, index) => `row ${index} ${'x'.repeat(200)}` as Mrkdwn);
    const blocks = rowSections(rows, { maxBlocks: 10, leftOut: (count) => `${count} left out` as Mrkdwn });
    expect(blocks.length).toBe(3);
    for (const block of blocks) expect(Array.from(text(block)).length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.sectionText);
    expect(blocks.map(text).join('\n')).toBe(rows.join('\n'));
  });

  test('more rows than the blocks allowed: the last block says how many are left out', () => {
    const rows = Array.from({ length: 100 }, (_, index) => `row ${index} ${'x'.repeat(1_000)}` as Mrkdwn);
    const blocks = rowSections(rows, { maxBlocks: 5, leftOut: (count) => `${count} left out` as Mrkdwn });
    expect(blocks).toHaveLength(5);
    // Two rows of 1 007 characters to a section, four sections: 8 rows shown.
    expect(text(blocks[4])).toBe('92 left out');
  });

  test('a row longer than allowed is cut, alone', () => {
    const blocks = rowSections(['a'.repeat(5_000) as Mrkdwn, 'b' as Mrkdwn], { maxBlocks: 5, maxRow: 100, leftOut: () => '' as Mrkdwn });
    expect(text(blocks[0])).toBe(`${'a'.repeat(99)}…\nb`);
  });
});
