import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { FreebitService } from '../../src/freebit/index.js';
import type { ApprovalDesk, LineReader, SlackDeps } from '../../src/slack/index.js';

/**
 * Issue 6, "Done means": there is no path from Slack to a mutating Freebit call without an
 * approved request. Proved three ways: the Slack surface holds only a reader of lines and a
 * desk without `execute`; no file under src/slack names a mutating operation; and in the
 * workflow the only place that calls one is execute.ts, behind the approved → executing claim.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const MUTATING = ['cancelLine', 'changeContractLine', 'registerLine'] as const;

function sources(folder: string): Array<{ path: string; text: string }> {
  const found: Array<{ path: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) found.push({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, folder));
  return found;
}

/** A call or a reference to the operation as a member (`x.cancelLine(`, `{ cancelLine }`, `['cancelLine']` used as a key). */
const usesOperation = (text: string, name: string) => new RegExp(`(\\.\\s*${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\}\\s*=|\\[\\s*'${name}'\\s*\\]\\s*\\()`).test(text);

describe('no path from Slack to a mutating Freebit call', () => {
  test('the Slack surface holds a line reader and an approval desk, nothing that sends a change', () => {
    expectTypeOf<keyof LineReader>().toEqualTypeOf<'lookupLine'>();
    expectTypeOf<SlackDeps['lines']>().toEqualTypeOf<Pick<FreebitService, 'lookupLine'>>();
    expectTypeOf<keyof ApprovalDesk>().toEqualTypeOf<'approve' | 'reject' | 'withdraw' | 'get' | 'isApprover' | 'historyOf' | 'overviewFor'>();
  });

  test('no file under src/slack calls or takes cancelLine, changeContractLine or registerLine', () => {
    const offenders = sources('src/slack').flatMap(({ path, text }) => MUTATING.filter((name) => usesOperation(text, name)).map((name) => `${path}: ${name}`));
    expect(offenders).toEqual([]);
  });

  test('no file under src/slack builds its own Freebit client or reaches into the Freebit layer’s internals', () => {
    const offenders = sources('src/slack').filter(({ text }) => /new\s+FreebitClient\b|from '[./]*freebit\/(?!index\.js')/.test(text));
    expect(offenders.map((each) => each.path)).toEqual([]);
  });

  test('in the workflow only execute.ts sends a change, and only after claiming an approved request', () => {
    const senders = sources('src/workflow').filter(({ text }) => MUTATING.some((name) => usesOperation(text, name)));
    expect(senders.map((each) => each.path)).toEqual([join('src', 'workflow', 'execute.ts')]);
    const execute = senders[0]!.text;
    const claim = execute.indexOf("['approved'], (current) => ({");
    const send = execute.indexOf('await send(context, request)');
    expect(claim).toBeGreaterThan(-1);
    expect(send).toBeGreaterThan(claim);
  });
});
