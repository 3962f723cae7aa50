import { describe, expect, it } from 'vitest';
import { parseContractLine, parseProductNumber } from '../../src/freebit/index.js';

describe('checking input before anything is sent', () => {
  it.each([
    ['4G', '4G'],
    ['5g', '5G'],
    ['５Ｇ', '5G'],
    [' 4g ', '4G'],
  ])('reads %j as %s', (typed, line) => {
    expect(parseContractLine(typed)).toBe(line);
  });

  it.each([['3G'], ['LTE'], ['']])('refuses %j as a contract line', (typed) => {
    expect(parseContractLine(typed)).toBeUndefined();
  });

  it('accepts two capitals and 13 digits as a product number', () => {
    expect(parseProductNumber('AX1234567890123')).toBe('AX1234567890123');
  });

  it.each([['ax1234567890123'], ['AX123456789012'], ['AX12345678901234'], ['A11234567890123']])(
    'refuses %j as a product number',
    (typed) => {
      expect(parseProductNumber(typed)).toBeUndefined();
    },
  );
});
