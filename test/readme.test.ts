/**
 * The README shows a request for several lines as people see it (the summary that replaces the
 * form, the approval message), in English and in Japanese. Those blocks are the builders' own
 * words: each line of a block marked `<!-- rendered: <name> -->` is a line of the render, in
 * order, or, where the README cut it short with "…", pieces of one. A change of wording that
 * leaves the README behind fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { PhoneNumber } from '../src/phone.js';
import { approvalMessage } from '../src/slack/approvals/approvalMessage.js';
import { CATALOGS, type Catalog } from '../src/slack/i18n/index.js';
import { Voice } from '../src/slack/kit/voice.js';
import { lineCheckView } from '../src/slack/requestForms/lineCheckViews.js';
import type { LineCheck, LineVerdict } from '../src/workflow/index.js';
import { readable, render, type Names } from '../tools/slackDouble/asSeen.js';
import { bulkRequest, phoneAt, BULK_REQUESTER } from './support/bulkRequests.js';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const NAMES: Names = { person: (userId) => (userId === BULK_REQUESTER ? 'agent' : 'approver'), channel: (channelId) => `#${channelId}` };
const REASONS: Record<string, string> = { en: 'corporate customer leaves', ja: '法人契約の終了' };

/** Forty numbers asked to be cancelled on 2026-11-30; the last three cannot be (cancelled, a change pending, unknown). */
function aCheck(): LineCheck {
  const refusals = ['line_cancelled', 'change_in_progress', 'line_not_found'] as const;
  const verdicts: LineVerdict[] = Array.from({ length: 40 }, (_, index) => ({ phone: phoneAt(index) as PhoneNumber, ...(index >= 37 ? { refusal: refusals[index - 37] } : {}) }));
  return { id: 'check', requesterId: BULK_REQUESTER, reason: 'x', change: { operation: 'cancel', runDate: '20261130' }, verdicts, checkedAt: 0, tookMs: 0 };
}

/** What the requester sees in the form once its 40 numbers were checked: the modal's title, its blocks, its submit button. */
function summaryAsSeen(t: Catalog): string {
  const view = lineCheckView(new Voice(t, false), aCheck(), { locale: t.locale });
  return readable(`${view.title.text}\n${render(view.blocks, view.submit)}`, NAMES);
}

/** The approval message of the 37 lines that could be requested, waiting for two approvals. */
function messageAsSeen(t: Catalog): string {
  const request = bulkRequest({ id: 'FR-9M2WD', reason: REASONS[t.locale] });
  return readable(render(approvalMessage(new Voice(t, false), request).blocks), NAMES);
}

/** The lines of the README's code block marked `<!-- rendered: name -->`. */
function readmeBlock(name: string): string[] {
  const block = new RegExp(`<!-- rendered: ${name} -->\\n\`\`\`\\n([\\s\\S]*?)\\n\`\`\``).exec(README)?.[1];
  if (block === undefined) throw new Error(`README.md has no block marked <!-- rendered: ${name} -->`);
  return block.split('\n');
}

/** The README's lines not found, in order, among the render's: each whole, or its pieces around "…" in one line. */
function notInRender(shown: string[], rendered: string): string[] {
  const lines = rendered.split('\n');
  const missing: string[] = [];
  let at = 0;
  for (const line of shown) {
    const pieces = line
      .split('…')
      .map((piece) => piece.trim().replace(/^[,、]\s*|[,、]$/g, '').trim())
      .filter(Boolean);
    const holds = (candidate: string) => {
      if (candidate === line) return true;
      let from = 0;
      for (const piece of pieces) {
        const found = candidate.indexOf(piece, from);
        if (found < 0) return false;
        from = found + piece.length;
      }
      return line.includes('…');
    };
    if (pieces.length === 0) continue; // a line of its own "…": rows left out
    const found = lines.findIndex((candidate, index) => index >= at && holds(candidate));
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

describe.each(Object.values(CATALOGS))('README: a request for several lines as people see it ($locale)', (t: Catalog) => {
  test('the summary of the checked lines is the form’s own', () => {
    const rendered = summaryAsSeen(t);
    expect(notInRender(readmeBlock(`bulk-summary-${t.locale}`), rendered), rendered).toEqual([]);
  });

  test('the approval message is the builder’s own', () => {
    const rendered = messageAsSeen(t);
    expect(notInRender(readmeBlock(`bulk-message-${t.locale}`), rendered), rendered).toEqual([]);
  });
});
