import { z } from 'zod';
import { parseFutureDate, type FreebitDate } from '../dates.js';
import { parseContractLine, parseProductNumber, type ContractLine, type ProductNumber } from '../freebit/index.js';
import { parsePhoneNumber, type PhoneNumber } from '../phone.js';
import { clipTo } from './limits.js';
import { FIELDS, type FieldName } from './ids.js';
import type { Catalog, OperationName } from './messages.js';

/**
 * Reading a submitted modal: pure and local, because the answer (`response_action: errors`,
 * the message under each field) must go back in the `ack()` itself, within Slack's 3 s.
 */

/** `view.state.values`: the parts of Slack's shape we read; anything else passes by. */
export const viewStateValuesSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      type: z.string(),
      value: z.string().nullish(),
      selected_date: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
    }),
  ),
);
export type ViewStateValues = z.infer<typeof viewStateValuesSchema>;

/** Keyed by input block id, as `response_action: errors` wants it. */
export type FieldErrors = Record<string, string>;
export type FormReading<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export interface CancellationForm {
  phone: PhoneNumber;
  runDate?: FreebitDate;
  reason: string;
}

export interface ContractChangeForm {
  phone: PhoneNumber;
  contractLine: ContractLine;
  productNumber?: ProductNumber;
  reason: string;
}

export interface RegistrationForm {
  phone: PhoneNumber;
  planCode: string;
  startDate?: FreebitDate;
  reason: string;
}

export interface PickerForm {
  operation: OperationName;
  phone?: PhoneNumber;
}

class Reader {
  readonly errors: FieldErrors = {};

  constructor(
    private readonly values: ViewStateValues,
    private readonly t: Catalog,
  ) {}

  private entry(field: FieldName) {
    return this.values[FIELDS[field].block]?.[FIELDS[field].action];
  }

  private fail(field: FieldName, message: string): undefined {
    this.errors[FIELDS[field].block] = clipTo(message, 'fieldError');
    return undefined;
  }

  text(field: FieldName): string {
    return (this.entry(field)?.value ?? '').trim();
  }

  phone(field: FieldName, required: boolean): PhoneNumber | undefined {
    const typed = this.text(field);
    if (typed === '') return required ? this.fail(field, this.t.fieldErrors.phoneRequired) : undefined;
    const parsed = parsePhoneNumber(typed);
    return parsed.ok ? parsed.phone : this.fail(field, this.t.fieldErrors.phoneInvalid(parsed.reason));
  }

  /** A date picker's `YYYY-MM-DD`, checked against today in Japan. */
  futureDate(field: FieldName, nowMs: number): FreebitDate | undefined {
    const picked = this.entry(field)?.selected_date;
    if (!picked) return undefined;
    const parsed = parseFutureDate(picked, nowMs);
    if (parsed.ok) return parsed.date;
    return this.fail(field, parsed.reason === 'in_the_past' ? this.t.fieldErrors.dateInPast : this.t.fieldErrors.dateInvalid);
  }

  option(field: FieldName): string | undefined {
    return this.entry(field)?.selected_option?.value;
  }

  /** A reason that must not be blank: the request forms' own, or `field` (the reject form's) with its `blank` sentence. */
  reason(field: FieldName = 'reason', blank = this.t.fieldErrors.reasonBlank): string {
    const reason = this.text(field);
    if (reason === '') this.fail(field, blank);
    return reason;
  }

  failWith(field: FieldName, message: string): undefined {
    return this.fail(field, message);
  }

  result<T>(value: () => T): FormReading<T> {
    return Object.keys(this.errors).length > 0 ? { ok: false, errors: this.errors } : { ok: true, value: value() };
  }
}

export function readCancellationForm(values: ViewStateValues, t: Catalog, nowMs: number): FormReading<CancellationForm> {
  const read = new Reader(values, t);
  const phone = read.phone('phone', true);
  const runDate = read.futureDate('runDate', nowMs);
  const reason = read.reason();
  return read.result(() => ({ phone: phone!, ...(runDate ? { runDate } : {}), reason }));
}

export function readContractChangeForm(values: ViewStateValues, t: Catalog): FormReading<ContractChangeForm> {
  const read = new Reader(values, t);
  const phone = read.phone('phone', true);
  const contractLine = parseContractLine(read.option('contractLine') ?? '') ?? read.failWith('contractLine', t.fieldErrors.contractLineRequired);
  const typedProductNumber = read.text('productNumber');
  const productNumber =
    typedProductNumber === ''
      ? undefined
      : (parseProductNumber(typedProductNumber) ?? read.failWith('productNumber', t.fieldErrors.productNumberInvalid));
  const reason = read.reason();
  return read.result(() => ({ phone: phone!, contractLine: contractLine!, ...(productNumber ? { productNumber } : {}), reason }));
}

export function readRegistrationForm(values: ViewStateValues, t: Catalog, planCodes: readonly string[], nowMs: number): FormReading<RegistrationForm> {
  const read = new Reader(values, t);
  const phone = read.phone('phone', true);
  const chosen = read.option('planCode');
  // The menu only offers configured plans; anything else is refused here, not by Freebit (220).
  const planCode = chosen !== undefined && planCodes.includes(chosen) ? chosen : read.failWith('planCode', t.fieldErrors.planUnknown);
  const startDate = read.futureDate('startDate', nowMs);
  const reason = read.reason();
  return read.result(() => ({ phone: phone!, planCode: planCode!, ...(startDate ? { startDate } : {}), reason }));
}

/** The reject form: why the approver rejects, never blank. */
export function readRejectionForm(values: ViewStateValues, t: Catalog): FormReading<string> {
  const read = new Reader(values, t);
  const reason = read.reason('rejectionReason', t.approval.rejectModal.reasonBlank);
  return read.result(() => reason);
}

const OPERATIONS: readonly OperationName[] = ['lookup', 'cancel', 'contract', 'register'];

export function readPickerForm(values: ViewStateValues, t: Catalog): FormReading<PickerForm> {
  const read = new Reader(values, t);
  const chosen = read.option('operation');
  const operation = OPERATIONS.find((each) => each === chosen) ?? read.failWith('operation', t.fieldErrors.operationRequired);
  // Only a lookup needs the number here; the other forms ask for it themselves.
  const phone = read.phone('phone', operation === 'lookup');
  return read.result(() => ({ operation: operation!, ...(phone ? { phone } : {}) }));
}

export function readLookupForm(values: ViewStateValues, t: Catalog): FormReading<PhoneNumber> {
  const read = new Reader(values, t);
  const phone = read.phone('phone', true);
  return read.result(() => phone!);
}
