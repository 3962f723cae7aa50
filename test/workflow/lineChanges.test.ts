import { describe, expect, it } from 'vitest';
import { describeLineChanges, lineChangesBetween } from '../../src/workflow/lineChanges.js';

const ACTIVE_4G = { state: 'active', contractLine: '4G', planCode: 'P01' } as const;

describe('what moved on a line', () => {
  it('finds nothing when nothing moved, or the number was never there', () => {
    expect(lineChangesBetween(ACTIVE_4G, { ...ACTIVE_4G })).toEqual([]);
    expect(lineChangesBetween(undefined, null)).toEqual([]);
  });

  it('lists each fact that moved, as values, in one order', () => {
    const changes = lineChangesBetween(ACTIVE_4G, {
      state: 'suspended',
      contractLine: '5G',
      planCode: 'P01',
      pendingChange: { func: 'cancel', date: '20261130' },
    });
    expect(changes).toEqual([
      { fact: 'state', before: 'active', after: 'suspended' },
      { fact: 'contractLine', before: '4G', after: '5G' },
      { fact: 'pendingChange', before: null, after: { func: 'cancel', date: '20261130' } },
    ]);
    expect(describeLineChanges(changes)).toBe(
      'state: active → suspended; contract line: 4G → 5G; pending change: none → cancel (20261130)',
    );
  });

  it('says when the number appeared at or vanished from Freebit', () => {
    expect(describeLineChanges(lineChangesBetween(undefined, ACTIVE_4G))).toBe('the number now exists at Freebit (state active)');
    expect(describeLineChanges(lineChangesBetween(ACTIVE_4G, null))).toBe('Freebit no longer knows the number');
  });
});
