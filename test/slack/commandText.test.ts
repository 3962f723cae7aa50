import { describe, expect, test } from 'vitest';
import { parseFreebitCommand } from '../../src/slack/commandText.js';

// 2026-11-22 12:00 in Japan.
const NOW = Date.UTC(2026, 10, 22, 3, 0, 0);
const parse = (text: string) => parseFreebitCommand(text, NOW);

describe('/freebit text', () => {
  test('a bare number is a lookup, however it is typed', () => {
    for (const typed of ['09012345678', '090-1234-5678', '+81 90 1234 5678', '０９０－１２３４－５６７８']) {
      expect(parse(typed)).toEqual({ kind: 'lookup', phone: '09012345678' });
    }
  });

  test('lookup <phone> is a lookup', () => {
    expect(parse('lookup 090-1234-5678')).toEqual({ kind: 'lookup', phone: '09012345678' });
  });

  test('subcommands are case-insensitive', () => {
    expect(parse('LOOKUP 09012345678')).toEqual({ kind: 'lookup', phone: '09012345678' });
  });

  test('nothing at all opens the picker', () => {
    expect(parse('   ')).toEqual({ kind: 'picker' });
  });

  test('history takes a number, however it is typed, and needs one', () => {
    expect(parse('history +81 90 1234 5678')).toEqual({ kind: 'history', phone: '09012345678' });
    expect(parse('history')).toEqual({ kind: 'invalid', problem: { kind: 'phone_missing', subcommand: 'history' } });
  });

  test('help is help', () => {
    expect(parse('help')).toEqual({ kind: 'help' });
  });

  test('cancel takes a number and no date', () => {
    expect(parse('cancel 090-1234-5678')).toEqual({ kind: 'cancel', phone: '09012345678' });
  });

  test('cancel takes a number with spaces and a date', () => {
    expect(parse('cancel +81 90 1234 5678 2026-11-30')).toEqual({ kind: 'cancel', phone: '09012345678', runDate: '20261130' });
  });

  test('cancel accepts the date forms Freebit accepts', () => {
    expect(parse('cancel 09012345678 2026/11/30')).toMatchObject({ runDate: '20261130' });
    expect(parse('cancel 09012345678 20261130')).toMatchObject({ runDate: '20261130' });
  });

  test('cancel with a date in the past says so', () => {
    expect(parse('cancel 09012345678 2026-11-21')).toEqual({ kind: 'invalid', problem: { kind: 'date_in_past', input: '2026-11-21' } });
  });

  test('cancel with today is accepted', () => {
    expect(parse('cancel 09012345678 2026-11-22')).toMatchObject({ kind: 'cancel', runDate: '20261122' });
  });

  test('cancel with a date that does not exist says it is not a date', () => {
    expect(parse('cancel 09012345678 2026-02-30')).toEqual({ kind: 'invalid', problem: { kind: 'date_invalid', input: '2026-02-30' } });
  });

  test('cancel with a word where the date goes says it is not a date', () => {
    expect(parse('cancel 09012345678 tomorrow')).toEqual({ kind: 'invalid', problem: { kind: 'date_invalid', input: 'tomorrow' } });
  });

  test('cancel without a number says the number is missing', () => {
    expect(parse('cancel')).toEqual({ kind: 'invalid', problem: { kind: 'phone_missing', subcommand: 'cancel' } });
  });

  test('contract takes the line type after the number', () => {
    expect(parse('contract 090-1234-5678 5g')).toEqual({ kind: 'contract', phone: '09012345678', contractLine: '5G' });
  });

  test('contract also takes the line type before the number', () => {
    expect(parse('contract 4G 09012345678')).toEqual({ kind: 'contract', phone: '09012345678', contractLine: '4G' });
  });

  test('contract without a line type says it is missing', () => {
    expect(parse('contract 09012345678')).toEqual({ kind: 'invalid', problem: { kind: 'contract_line_missing' } });
  });

  test('contract with another line type says it is not one', () => {
    expect(parse('contract 09012345678 3G')).toEqual({ kind: 'invalid', problem: { kind: 'contract_line_invalid', input: '3G' } });
  });

  test('register may come without a number', () => {
    expect(parse('register')).toEqual({ kind: 'register' });
    expect(parse('register 080-1111-2222')).toEqual({ kind: 'register', phone: '08011112222' });
  });

  test('an unknown word is an unknown subcommand, not a bad number', () => {
    expect(parse('suspend 09012345678')).toEqual({ kind: 'invalid', problem: { kind: 'unknown_subcommand', word: 'suspend' } });
  });

  test('a short number is a number of the wrong length', () => {
    expect(parse('0901234')).toEqual({ kind: 'invalid', problem: { kind: 'phone_invalid', input: '0901234', reason: 'wrong_length' } });
  });

  test('a foreign number is refused as not Japanese', () => {
    expect(parse('+1 415 555 2671')).toMatchObject({ kind: 'invalid', problem: { kind: 'phone_invalid', reason: 'not_japanese' } });
  });

  test('a well-formed number that may not exist is still a lookup (existence is Freebit’s answer)', () => {
    expect(parse('090-9999-0000')).toEqual({ kind: 'lookup', phone: '09099990000' });
  });
});

describe('/freebit text, stray words', () => {
  test('a word after the number of a lookup is pointed out, not dropped', () => {
    expect(parse('lookup 09012345678 please')).toMatchObject({
      kind: 'invalid',
      problem: { kind: 'phone_invalid', reason: 'not_a_number' },
    });
  });
});
