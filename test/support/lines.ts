import type { RunningSandbox } from '../../src/sandbox/index.js';
import type { SandboxLine } from '../../src/sandbox/types.js';

/**
 * Lines put into the sandbox for a test of several lines: `count` numbers from `first` on
 * (080-1111-0001, 080-1111-0002, …), each active on 4G unless `overrides` says otherwise.
 * Returns their numbers, in order.
 */
export function putLines(sandbox: RunningSandbox, count: number, options: { first?: number; prefix?: string; overrides?: Partial<SandboxLine> } = {}): string[] {
  const { first = 1, prefix = '0801111', overrides = {} } = options;
  const phones: string[] = [];
  for (let i = 0; i < count; i++) {
    const account = `${prefix}${String(first + i).padStart(4, '0')}`;
    sandbox.putLine({
      account,
      state: 'active',
      planCode: 'LTE3G_P01',
      contractLine: '4G',
      iccid: `898110000${account}`,
      imsi: `4401031${account.slice(3)}`,
      size: 'nano',
      sms: 10,
      talk: 20,
      ipv4: '',
      ipv6: '',
      quota: 1024,
      startDate: '20240401',
      masterAccount: '',
      ...overrides,
    });
    phones.push(account);
  }
  return phones;
}
