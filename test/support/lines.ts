import type { RunningSandbox } from '../../src/sandbox/index.js';
import type { SandboxLine } from '../../src/sandbox/types.js';
import { freshLine } from '../../tools/slackDouble/approvals.js';

/**
 * Lines put into the sandbox for a test of several lines: `count` numbers from `first` on
 * (080-1111-0001, 080-1111-0002, …), each active on 4G (`freshLine`) unless `overrides` says
 * otherwise. Returns their numbers, in order.
 */
export function putLines(
  sandbox: RunningSandbox,
  count: number,
  options: { first?: number; prefix?: string; overrides?: Partial<SandboxLine> } = {},
): string[] {
  const { first = 1, prefix = '0801111', overrides = {} } = options;
  return Array.from({ length: count }, (_, i) => {
    const account = `${prefix}${String(first + i).padStart(4, '0')}`;
    freshLine({ sandbox }, account, overrides);
    return account;
  });
}
