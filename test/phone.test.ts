import { describe, expect, it } from 'vitest';
import { findPhoneNumbers, formatPhoneNumber, parsePhoneNumber, phoneNumber } from '../src/phone.js';

describe('reading a phone number as people type it', () => {
  it.each([
    ['090-1234-5678'],
    ['09012345678'],
    ['+81 90 1234 5678'],
    ['+81-90-1234-5678'],
    ['０９０－１２３４－５６７８'],
    ['(090) 1234 5678'],
    ['＋８１　９０－１２３４－５６７８'],
    ['+819012345678'],
  ])('%s is 09012345678', (typed) => {
    expect(parsePhoneNumber(typed)).toEqual({ ok: true, phone: '09012345678' });
  });

  it('accepts a well-formed number nobody has (existence is Freebit’s answer, not ours)', () => {
    expect(parsePhoneNumber('099-9999-0000')).toEqual({ ok: true, phone: '09999990000' });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['090-1234', 'wrong_length'],
    ['03-1234-5678', 'wrong_length'],
    ['090-1234-56789', 'wrong_length'],
    ['+1 415 555 1234', 'not_japanese'],
    // Issue 17: Japanese numbering is a trunk 0, then a digit 1-9; nothing else gets a 0 put in front of it.
    ['1234567890', 'not_japanese'],
    ['9012345678', 'not_japanese'],
    ['415-555-1234', 'not_japanese'],
    ['00012345678', 'not_japanese'],
    ['12', 'not_japanese'],
    ['+81 090 1234 5678', 'not_japanese'],
    ['+44 20 7946 0958', 'not_japanese'],
    ['+81 90 1234', 'wrong_length'],
    ['+81 3 1234 5678', 'wrong_length'],
    ['0', 'wrong_length'],
    ['090+1234+5678', 'not_a_number'],
    ['09012345678 tomorrow', 'not_a_number'],
    ['tel:09012345678', 'not_a_number'],
  ])('refuses %j (%s)', (typed, reason) => {
    expect(parsePhoneNumber(typed)).toEqual({ ok: false, reason });
  });

  it('shows every number one way', () => {
    expect(formatPhoneNumber(phoneNumber('+81 80 3843 3843'))).toBe('080-3843-3843');
  });

  it('finds the numbers in a message, each once, up to a limit', () => {
    const text = 'Customer on 090-1234-5678 (also ０８０３８４３３８４３), landline 03-1234-5678, again 09012345678, and 070-1111-2222';
    expect(findPhoneNumbers(text, 10)).toEqual(['09012345678', '08038433843', '07011112222']);
    expect(findPhoneNumbers(text, 2)).toEqual(['09012345678', '08038433843']);
  });

  // Issue 17: an order number is not a phone number because the digits after its 0 would be.
  it('finds only numbers written as Japanese numbers, not digits that would be one with a 0 in front', () => {
    expect(findPhoneNumbers('order #9012345678 for 080-3843-3843', 10)).toEqual(['08038433843']);
    expect(findPhoneNumbers('US customer 415 555 1234, JP +81 90 1234 5678', 10)).toEqual(['09012345678']);
    expect(findPhoneNumbers('order #9012345678', 10)).toEqual([]);
  });

  it('finds every number of a list separated by commas or semicolons', () => {
    expect(findPhoneNumbers('090-1234-5678,080-3843-3843; 070-1111-2222', 10)).toEqual(['09012345678', '08038433843', '07011112222']);
  });
});
