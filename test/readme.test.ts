/**
 * The READMEs show a request for several lines as people see it (the summary that replaces the
 * form, the approval message), in English and in Japanese, and README.ja.md the line card and a
 * one-line approval message in Japanese. Those blocks are the builders' own words: each line of a
 * block marked `<!-- rendered: <name> -->` is a line of the render, in order, or, where the README
 * cut it short with "…", pieces of one. A change of wording that leaves a README behind fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Line } from '../src/freebit/index.js';
import { phoneNumber, type PhoneNumber } from '../src/phone.js';
import { approvalMessage } from '../src/slack/approvals/approvalMessage.js';
import { CATALOGS, esc, userMention, type Catalog } from '../src/slack/i18n/index.js';
import { stateBadge } from '../src/slack/i18n/speak.js';
import { Voice } from '../src/slack/kit/voice.js';
import { lineCardBlocks } from '../src/slack/lineCard/lineCard.js';
import { lineCheckView } from '../src/slack/requestForms/lineCheckViews.js';
import type { LineCheck, LineVerdict } from '../src/workflow/index.js';
import { emojify, readable, render, type Names } from '../tools/slackDouble/asSeen.js';
import { bulkRequest, phoneAt, BULK_CREATED_AT, BULK_REQUESTER } from './support/bulkRequests.js';
import { aRequest } from './support/approvalRequests.js';

const READMES = ['README.md', 'README.ja.md'] as const;
type Readme = (typeof READMES)[number];
const TEXT: Record<Readme, string> = Object.fromEntries(
  READMES.map((file) => [file, readFileSync(join(import.meta.dirname, '..', file), 'utf8')]),
) as Record<Readme, string>;
const NAMES: Names = { person: (userId) => (userId === BULK_REQUESTER ? 'agent' : 'approver'), channel: (channelId) => `#${channelId}` };
const REASONS: Record<string, string> = { en: 'corporate customer leaves', ja: '法人契約の終了' };

/** Forty numbers asked to be cancelled on 2026-11-30; the last three cannot be (cancelled, a change pending, unknown). */
function aCheck(): LineCheck {
  const refusals = ['line_cancelled', 'change_in_progress', 'line_not_found'] as const;
  const verdicts: LineVerdict[] = Array.from({ length: 40 }, (_, index) => ({
    phone: phoneAt(index) as PhoneNumber,
    ...(index >= 37 ? { refusal: refusals[index - 37] } : {}),
  }));
  return {
    id: 'check',
    requesterId: BULK_REQUESTER,
    reason: 'x',
    change: { operation: 'cancel', runDate: '20261130' },
    verdicts,
    checkedAt: 0,
    tookMs: 0,
  };
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

/** An active 4G line, voice and SMS on, read at 2026-11-22 14:02 JST: the caller's own card. */
function lineCardAsSeen(t: Catalog, overrides: Partial<Line> = {}): string {
  const line: Line = {
    phone: phoneNumber('09012345678'),
    state: 'active',
    planCode: 'LTE3G_P01',
    contractLine: '4G',
    simSize: 'nano',
    voice: true,
    sms: true,
    iccid: '8981100005012345671',
    imsi: '440103123456789',
    quota: '3161.31',
    startDate: '20240401',
    ...overrides,
  };
  return readable(render(lineCardBlocks({ line, readAt: BULK_CREATED_AT, placement: { kind: 'ephemeral' } }, t)), NAMES);
}

/** A cancellation as soon as possible, one of its two approvals given. */
function oneLineMessageAsSeen(t: Catalog): string {
  const request = aRequest({
    id: 'FR-7K3QX',
    requesterId: BULK_REQUESTER,
    reason: t.locale === 'ja' ? '海外転居のため' : 'customer moved abroad',
    change: { operation: 'cancel' },
    approvals: [{ userId: 'U0APPROVER1', at: BULK_CREATED_AT + 8 * 60_000 }],
  });
  return readable(render(approvalMessage(new Voice(t, false), request).blocks), NAMES);
}

const { en, ja } = CATALOGS;
/** Every render a README may show, by the name its block is marked with. */
const RENDERS: Record<string, () => string> = {
  'bulk-summary-en': () => summaryAsSeen(en),
  'bulk-summary-ja': () => summaryAsSeen(ja),
  'bulk-message-en': () => messageAsSeen(en),
  'bulk-message-ja': () => messageAsSeen(ja),
  'line-card-ja': () => lineCardAsSeen(ja),
  'approval-message-ja': () => oneLineMessageAsSeen(ja),
};

/** The blocks each README must show. */
const SHOWN: Record<Readme, string[]> = {
  'README.md': ['bulk-summary-en', 'bulk-summary-ja', 'bulk-message-en', 'bulk-message-ja'],
  'README.ja.md': ['line-card-ja', 'approval-message-ja', 'bulk-summary-ja', 'bulk-message-ja'],
};

/** The names of the README's blocks marked `<!-- rendered: name -->`. */
function markedBlocks(file: Readme): string[] {
  return [...TEXT[file].matchAll(/<!-- rendered: ([\w-]+) -->/g)].map((match) => match[1]!);
}

/** The lines of the README's code block marked `<!-- rendered: name -->`. */
function readmeBlock(file: Readme, name: string): string[] {
  const block = new RegExp(`<!-- rendered: ${name} -->\\n\`\`\`\\n([\\s\\S]*?)\\n\`\`\``).exec(TEXT[file])?.[1];
  if (block === undefined) throw new Error(`${file} has no code block right under <!-- rendered: ${name} -->`);
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
      .map((piece) =>
        piece
          .trim()
          .replace(/^[,、]\s*|[,、]$/g, '')
          .trim(),
      )
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

describe.each(READMES)('%s: what people see is the builders’ own', (file) => {
  test('it shows the renders it should, each marked', () => {
    expect(markedBlocks(file)).toEqual(expect.arrayContaining(SHOWN[file]));
  });

  test.each(markedBlocks(file).map((name) => [name]))('%s', (name) => {
    const asSeen = RENDERS[name];
    if (asSeen === undefined)
      throw new Error(`${file} marks a block "${name}", which test/readme.test.ts does not render: add it to RENDERS`);
    const rendered = asSeen();
    expect(notInRender(readmeBlock(file, name), rendered), rendered).toEqual([]);
  });
});

test('README.md and README.ja.md link to each other at the top', () => {
  const top = (file: Readme) => TEXT[file].split('\n').slice(0, 5).join('\n');
  expect(top('README.md')).toContain('[日本語](README.ja.md)');
  expect(top('README.ja.md')).toContain('[English](README.md)');
});

/**
 * What README.ja.md quotes in its sentences (「…」), and what the bot says there: the quote is the
 * whole of it, or, ending in "…", its beginning.
 */
const QUOTED_IN_JAPANESE: Array<[quote: string, said: () => string]> = [
  ...(['active', 'waiting', 'temporary', 'suspended', 'obsolete'] as const).map((state): [string, () => string] => [
    readable(stateBadge(ja, state), NAMES),
    () => readable(stateBadge(ja, state), NAMES),
  ]),
  ['日本の電話番号ではありません（090-1234-5678 または +81 90-1234-5678 の形で入力してください）', () => ja.phoneProblems.not_japanese],
  ['⏳ 解約：2026-11-30 に実行予定', () => lineCardAsSeen(ja, { pendingChange: { func: 'cancel', date: '20261130' } }).split('\n')[2]!],
  ['共有カードでは非表示', () => ja.hiddenWhenShared],
  ['Freebit に 090-9999-0000 の回線はありません。…', () => ja.lineNotFound(esc('090-9999-0000'))],
  ['Freebit から 8 秒以内に応答がありませんでした。1 分ほどしてから再度お試しください。…', () => ja.freebitTimeout(esc('8'))],
  ['申請を承認・却下できるのは承認者だけです。…', () => ja.approval.refusal('not_approver')],
  [
    '✅ @approver が 2026-11-22 14:10 JST に承認',
    () => readable(ja.approval.status.approved(userMention('U0APPROVER1'), esc('2026-11-22 14:10 JST')), NAMES),
  ],
  ['期限までに完了せず', () => ja.approval.requestStates.stuck],
  ['承認者が設定されていない…', () => ja.approval.refusal('no_approvers')],
  ['この 6 回線の変更を申請…', () => ja.bulkForms.requestForNumbers(6)],
  ['40 回線を Freebit で確認しています…', () => emojify(ja.bulkForms.checking(40))],
];

describe('README.ja.md: the bot’s sentences it quotes', () => {
  test.each(QUOTED_IN_JAPANESE)('「%s」', (quote, said) => {
    expect(TEXT['README.ja.md']).toContain(quote);
    const sentence = said();
    expect(sentence === quote || (quote.endsWith('…') && sentence.startsWith(quote.slice(0, -1))), `the bot says: ${sentence}`).toBe(true);
  });
});
