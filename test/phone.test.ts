import { describe, expect, it } from 'vitest';
import { findPhoneNumbers, formatPhoneNumber, parsePhoneList, parsePhoneNumber, phoneNumber } from '../src/phone.js';

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
    // Japanese numbering is a trunk 0, then a digit 1-9; nothing else gets a 0 put in front of it.
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

  // An order number is not a phone number because the digits after its 0 would be.
  it('finds only numbers written as Japanese numbers, not digits that would be one with a 0 in front', () => {
    expect(findPhoneNumbers('order #9012345678 for 080-3843-3843', 10)).toEqual(['08038433843']);
    expect(findPhoneNumbers('US customer 415 555 1234, JP +81 90 1234 5678', 10)).toEqual(['09012345678']);
    expect(findPhoneNumbers('order #9012345678', 10)).toEqual([]);
  });

  it('finds numbers inside Japanese sentences and among other digits', () => {
    expect(findPhoneNumbers('お客様の電話番号は０９０－１２３４－５６７８です。予備：+81 80 3843 3843', 10)).toEqual([
      '09012345678',
      '08038433843',
    ]);
    expect(findPhoneNumbers('2026-11-30 ticket 12345: 070 1111 2222 then 080-1111-0001.', 10)).toEqual(['07011112222', '08011110001']);
  });

  it('reads hostile text without finding numbers that are not there', () => {
    expect(findPhoneNumbers('+81 9 '.repeat(5_000), 10)).toEqual([]);
    expect(findPhoneNumbers(`${'(-'.repeat(20_000)}090-1234-5678`, 10)).toEqual(['09012345678']);
    expect(parsePhoneList('+8 '.repeat(5_000), 100)).toMatchObject({ ok: false, reason: 'malformed', count: 1 });
  });

  it('finds every number of a list separated by commas or semicolons', () => {
    expect(findPhoneNumbers('090-1234-5678,080-3843-3843; 070-1111-2222', 10)).toEqual(['09012345678', '08038433843', '07011112222']);
  });
});

describe('reading several numbers as people type or paste them', () => {
  const ok = (...phones: string[]) => ({ ok: true, phones });

  it.each([
    ['one per line', '080-1111-0001\n080-1111-0002\n080-1111-0003'],
    ['separated by commas', '080-1111-0001,080-1111-0002, 080-1111-0003'],
    ['separated by 、', '080-1111-0001、080-1111-0002、080-1111-0003'],
    ['separated by full-width commas', '080-1111-0001，080-1111-0002，080-1111-0003'],
    ['apart on one line, separated by spaces', '080-1111-0001 080-1111-0002   080-1111-0003'],
    ['in full-width digits', '０８０－１１１１－０００１\n０８０１１１１０００２　０８０ １１１１ ０００３'],
    ['in every accepted form at once', '+81 80 1111 0001\n08011110002, (080) 1111 0003'],
    ['with blank lines and trailing separators', '\n080-1111-0001,\n\n080-1111-0002 ,, 080-1111-0003\r\n'],
  ])('%s', (_, typed) => {
    expect(parsePhoneList(typed, 100)).toEqual(ok('08011110001', '08011110002', '08011110003'));
  });

  it('reads a line that is one number written with spaces as that one number', () => {
    expect(parsePhoneList('+81 80 1111 0032', 100)).toEqual(ok('08011110032'));
    expect(parsePhoneList('080 1111 0032', 100)).toEqual(ok('08011110032'));
    expect(parsePhoneList('080 1111 0032\n+81 80 1111 0033', 100)).toEqual(ok('08011110032', '08011110033'));
  });

  it('tells numbers written with spaces apart when they stand on one line', () => {
    expect(parsePhoneList('+81 80 1111 0032 080 1111 0033', 100)).toEqual(ok('08011110032', '08011110033'));
  });

  it('keeps a number written twice, in different forms, once, where it was first written', () => {
    expect(parsePhoneList('080-1111-0002, 080-1111-0001, +81 80 1111 0002, ０８０１１１１０００１, 08011110003', 100)).toEqual(
      ok('08011110002', '08011110001', '08011110003'),
    );
  });

  it('reads nothing from an empty field', () => {
    expect(parsePhoneList('  \n , 、 ', 100)).toEqual(ok());
  });

  it('names each entry that is no number by its position among the numbers written, as written', () => {
    expect(parsePhoneList('080-1111-0001, 080-1111-0002\n080-111\n080-1111-0001, abc', 100)).toEqual({
      ok: false,
      reason: 'malformed',
      count: 5,
      malformed: [
        { position: 3, input: '080-111', reason: 'wrong_length' },
        { position: 5, input: 'abc', reason: 'not_a_number' },
      ],
    });
  });

  it('names the stray words between numbers on one line as one entry', () => {
    expect(parsePhoneList('080-1111-0001 and then 080-1111-0002', 100)).toMatchObject({
      reason: 'malformed',
      count: 3,
      malformed: [{ position: 2, input: 'and then', reason: 'not_a_number' }],
    });
    expect(parsePhoneList('080-1111-0001 +1 415 555 1234', 100)).toMatchObject({
      malformed: [{ position: 2, input: '+1 415 555 1234', reason: 'not_japanese' }],
    });
  });

  it('refuses more distinct numbers than one request may carry, counting each number once', () => {
    const numbers = (count: number) => Array.from({ length: count }, (_, index) => `080-2222-${String(index).padStart(4, '0')}`);
    expect(parsePhoneList(numbers(3).join('\n'), 2)).toEqual({ ok: false, reason: 'too_many', count: 3, max: 2 });
    expect(parsePhoneList([...numbers(2), ...numbers(2)].join('\n'), 2)).toEqual(ok('08022220000', '08022220001'));
    expect(parsePhoneList(numbers(100).join(', '), 100)).toMatchObject({ ok: true, phones: expect.arrayContaining(['08022220099']) });
  });
});
