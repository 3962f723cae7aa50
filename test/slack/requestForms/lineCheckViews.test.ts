import { describe, expect, test } from 'vitest';
import type { PhoneNumber } from '../../../src/phone.js';
import { CATALOGS, type Catalog } from '../../../src/slack/i18n/index.js';
import { ACTIONS, VIEWS } from '../../../src/slack/kit/ids.js';
import { BLOCK_KIT_LIMITS } from '../../../src/slack/kit/limits.js';
import { Voice } from '../../../src/slack/kit/voice.js';
import { lineCheckView } from '../../../src/slack/requestForms/lineCheckViews.js';
import type { LineCheck, LineVerdict } from '../../../src/workflow/index.js';
import { blockKitViolations } from '../../../tools/slackDouble/blockKitLimits.js';
import { actionIds, visibleText } from '../../../tools/slackDouble/blockText.js';

/** A pre-flight of `verdicts` (defaults: two lines that can be requested, one that cannot). */
function aCheck(overrides: Partial<LineCheck> = {}): LineCheck {
  return {
    id: '0b6f4a8e-3c1d-4f6a-9a57-2d7c1e0f9b21',
    requesterId: 'U0AGENT01',
    reason: 'shop closing',
    change: { operation: 'cancel' },
    verdicts: [{ phone: phone(1) }, { phone: phone(2), refusal: 'line_cancelled' }, { phone: phone(3) }],
    checkedAt: 0,
    tookMs: 1_000,
    ...overrides,
  };
}
const phone = (n: number) => `0806666${String(n).padStart(4, '0')}` as PhoneNumber;
const shown = (n: number) => `080-6666-${String(n).padStart(4, '0')}`;

const asViewUpdate = (view: unknown) => ({ method: 'views.update', token: undefined, at: 0, body: { view_id: 'V0', view } });

describe.each(Object.values(CATALOGS))('the summary of several lines ($locale)', (t: Catalog) => {
  const render = (check: LineCheck) => lineCheckView(new Voice(t, true), check, { locale: t.locale });

  test('names each line that cannot be requested with its reason, lists those that can, and offers Back', () => {
    const view = render(aCheck());
    const text = visibleText(view.blocks);
    expect(text).toContain(t.bulkForms.counts(2, 1));
    expect(text).toContain(t.bulkForms.refusedLine(shown(2) as never, t.bulkForms.refusals.line_cancelled));
    expect(text).toContain(`${shown(1)}${t.bulkForms.numberSeparator}${shown(3)}`);
    expect(view.callback_id).toBe(VIEWS.lineCheck);
    expect(actionIds(view.blocks)).toEqual([ACTIONS.lineCheckBack]);
  });

  test('a hundred lines that cannot be requested, each with a long reason, still fit in one modal', () => {
    const verdicts: LineVerdict[] = Array.from({ length: 100 }, (_, index) => ({
      phone: phone(index),
      refusal: 'open_request_exists',
      holderId: 'FR-ABCDE',
    }));
    verdicts.push({ phone: phone(500) });
    const view = render(aCheck({ verdicts }));
    expect(blockKitViolations(asViewUpdate(view))).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.blocksPerView);
    for (const index of [0, 50, 99]) expect(visibleText(view.blocks)).toContain(shown(index));
    expect(visibleText(view.blocks)).toContain(shown(500));
  });

  test('more lines than a modal can show are counted, not dropped silently, and the modal stays within its limits', () => {
    // Far more than BULK_MAX_LINES allows (1,000 at most, which fit): the cut itself is what is tried.
    const verdicts: LineVerdict[] = Array.from({ length: 8_000 }, (_, index) => ({
      phone: phone(index),
      refusal: 'lookup_failed',
      freebitCode: 'timeout',
    }));
    const view = render(aCheck({ verdicts }));
    expect(blockKitViolations(asViewUpdate(view))).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.blocksPerView);
    const text = visibleText(view.blocks);
    const listed = text.match(/• 080-6666-\d{4}/g)?.length ?? 0;
    expect(listed).toBeGreaterThan(1_000);
    expect(text).toContain(t.bulkForms.more(8_000 - listed));
  });
});
