import { describe, expect, test } from 'vitest';
import { FIELDS } from '../../../src/slack/kit/ids.js';
import type { ViewStateValues } from '../../../src/slack/kit/payloads.js';
import { readCancellationForm } from '../../../src/slack/changeForms/cancel.js';
import { readContractChangeForm } from '../../../src/slack/changeForms/contract.js';
import { readRegistrationForm } from '../../../src/slack/changeForms/register.js';
import { readPickerForm } from '../../../src/slack/requestForms/operationPickerModal.js';
import { readChangeForm } from '../../../src/slack/changeForms/readChangeForm.js';
import { SLACK_OPERATIONS } from '../../../src/slack/changeForms/index.js';
import { en } from '../../../src/slack/i18n/index.js';
import { state } from '../../../tools/slackDouble/requests.js';

const NOW = Date.UTC(2026, 10, 22, 3, 0, 0);

type Field = keyof typeof FIELDS;
function values(entries: Partial<Record<Field, Record<string, unknown>>>): ViewStateValues {
  return Object.fromEntries(
    Object.entries(entries).map(([field, value]) => [FIELDS[field as Field].block, { [FIELDS[field as Field].action]: value }]),
  ) as ViewStateValues;
}

describe('the cancellation form', () => {
  const valid = { phone: state.text('090-1234-5678'), runDate: state.date(null), reason: state.text('customer asked') };

  test('reads a number and a reason into a request for as soon as possible', () => {
    expect(readCancellationForm(values(valid), en, NOW)).toEqual({ ok: true, value: { phone: '09012345678', reason: 'customer asked' } });
  });

  test('reads the picked date as a Freebit date', () => {
    expect(readCancellationForm(values({ ...valid, runDate: state.date('2026-11-30') }), en, NOW)).toMatchObject({
      ok: true,
      value: { runDate: '20261130' },
    });
  });

  test('puts a past date’s error on the date field', () => {
    expect(readCancellationForm(values({ ...valid, runDate: state.date('2026-11-21') }), en, NOW)).toEqual({
      ok: false,
      errors: { run_date: en.fieldErrors.dateInPast },
    });
  });

  test('puts a bad number’s error on the number field', () => {
    expect(readCancellationForm(values({ ...valid, phone: state.text('0901234') }), en, NOW)).toEqual({
      ok: false,
      errors: { phone: en.fieldErrors.phoneInvalid('wrong_length') },
    });
  });

  test('names every wrong field at once', () => {
    const result = readCancellationForm(
      values({ phone: state.text('abc'), runDate: state.date('2020-01-01'), reason: state.text('   ') }),
      en,
      NOW,
    );
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['phone', 'reason', 'run_date']);
  });
});

describe('the contract change form', () => {
  const valid = {
    phone: state.text('09012345678'),
    contractLine: state.radio('5G'),
    productNumber: state.text(null),
    reason: state.text('5G phone'),
  };

  test('reads 4G/5G and leaves the product number out when empty', () => {
    expect(readContractChangeForm(values(valid), en)).toEqual({
      ok: true,
      value: { phone: '09012345678', contractLine: '5G', reason: '5G phone' },
    });
  });

  test('refuses a product number that is not two capitals and 13 digits', () => {
    expect(readContractChangeForm(values({ ...valid, productNumber: state.text('AB123') }), en)).toEqual({
      ok: false,
      errors: { product_number: en.fieldErrors.productNumberInvalid },
    });
  });

  test('reads a good product number', () => {
    expect(readContractChangeForm(values({ ...valid, productNumber: state.text('AB1234567890123') }), en)).toMatchObject({
      ok: true,
      value: { productNumber: 'AB1234567890123' },
    });
  });

  test('asks for 4G or 5G when neither is picked', () => {
    expect(readContractChangeForm(values({ ...valid, contractLine: state.radio(null) }), en)).toEqual({
      ok: false,
      errors: { contract_line: en.fieldErrors.contractLineRequired },
    });
  });
});

describe('the registration form', () => {
  const valid = {
    phone: state.text('080-1111-3333'),
    planCode: state.select('LTE3G_P01'),
    startDate: state.date(null),
    reason: state.text('new customer'),
  };

  test('reads a configured plan', () => {
    expect(readRegistrationForm(values(valid), en, ['LTE3G_P01'], NOW)).toEqual({
      ok: true,
      value: { phone: '08011113333', planCode: 'LTE3G_P01', reason: 'new customer' },
    });
  });

  test('refuses a plan that is not configured', () => {
    expect(readRegistrationForm(values({ ...valid, planCode: state.select('LTE5G_P99') }), en, ['LTE3G_P01'], NOW)).toEqual({
      ok: false,
      errors: { plan_code: en.fieldErrors.planUnknown },
    });
  });
});

describe('the operation picker', () => {
  test('needs a number for a lookup', () => {
    expect(readPickerForm(values({ operation: state.radio('lookup'), phone: state.text(null) }), en, 100)).toEqual({
      ok: false,
      errors: { phone: en.fieldErrors.phoneRequired },
    });
  });

  test('lets the other operations ask for the number later', () => {
    expect(readPickerForm(values({ operation: state.radio('register'), phone: state.text(null) }), en, 100)).toEqual({
      ok: true,
      value: { operation: 'register' },
    });
  });
});

describe('a request form of several numbers', () => {
  const context = { planCodes: ['LTE3G_P01'], bulkMaxLines: 3, nowMs: NOW };
  const contract = (numbers: string) =>
    values({
      phone: state.text(numbers),
      contractLine: state.radio('5G'),
      productNumber: state.text(null),
      reason: state.text('5G handsets'),
    });

  test('reads every number, each once, and the operation’s own fields into a change made for the first', () => {
    expect(readChangeForm(SLACK_OPERATIONS.contract, contract('080-1111-0001\n080-1111-0002, +81 80 1111 0001'), en, context)).toEqual({
      ok: true,
      value: {
        draft: { operation: 'contract', order: { phone: '08011110001', contractLine: '5G' } },
        reason: '5G handsets',
        phones: ['08011110001', '08011110002'],
      },
    });
  });

  test('names a malformed number by its position, beside the operation’s own errors', () => {
    const form = values({ phone: state.text('080-1111-0001, 080-1111'), contractLine: state.radio(null), reason: state.text('x') });
    expect(readChangeForm(SLACK_OPERATIONS.contract, form, en, context)).toEqual({
      ok: false,
      errors: {
        phone: en.bulkForms.fieldErrors.malformed(2, '080-1111', en.phoneProblems.wrong_length),
        contract_line: en.fieldErrors.contractLineRequired,
      },
    });
  });

  test('counts the malformed numbers it does not name', () => {
    const typed = Array.from({ length: 7 }, (_, index) => `bad${index}`).join('\n');
    const result = readChangeForm(SLACK_OPERATIONS.contract, contract(typed), en, context);
    expect(result.ok ? '' : result.errors.phone).toContain(en.bulkForms.fieldErrors.moreMalformed(2));
  });

  test('refuses more numbers than BULK_MAX_LINES', () => {
    expect(readChangeForm(SLACK_OPERATIONS.contract, contract('08011110001 08011110002 08011110003 08011110004'), en, context)).toEqual({
      ok: false,
      errors: { phone: en.bulkForms.fieldErrors.tooMany(4, 3) },
    });
  });
});

describe('the operation picker with several numbers', () => {
  test('passes them on to a change', () => {
    expect(readPickerForm(values({ operation: state.radio('cancel'), phone: state.text('08011110001, 08011110002') }), en, 100)).toEqual({
      ok: true,
      value: { operation: 'cancel', phones: ['08011110001', '08011110002'] },
    });
  });

  test('looks up one number at a time', () => {
    expect(readPickerForm(values({ operation: state.radio('lookup'), phone: state.text('08011110001, 08011110002') }), en, 100)).toEqual({
      ok: false,
      errors: { phone: en.bulkForms.fieldErrors.lookUpOne },
    });
  });
});
