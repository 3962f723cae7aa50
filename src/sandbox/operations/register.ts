import { PROCESSING_MS } from '../lines.js';
import { processingStart, readDate } from '../run-date.js';
import type { SandboxLine } from '../types.js';
import { isMvnoAccount, scaled, type Operation } from './context.js';

/**
 * PA02-01 account registration, without the User Management Service (the only way this MVNO
 * uses it, docs/freebit.md). The line exists at once as `waiting` with `async: {func: 'regist'}` and
 * becomes `active` 10 minutes (scaled) after its start date begins, or after the request.
 */
export const register: Operation = (request, context) => {
  const { createType, startDate, requestDatas } = request;
  // PA02-01: "add" is not allowed without the User Management Service, and neither is a
  // master account or relation code: the service is not provided here (233).
  if (createType === 'add' || request.masterAccount !== undefined || request.relationCode !== undefined) return { code: 233 };
  if (createType !== 'new') return { code: 204 };
  // Choice: exactly one entry, since a line is registered per request here; more is 204.
  if (!Array.isArray(requestDatas) || requestDatas.length !== 1) return { code: 204 };
  const entry: unknown = requestDatas[0];
  if (entry === null || typeof entry !== 'object') return { code: 204 };
  const { kind, account, planCode, password } = entry as Record<string, unknown>;
  if (kind !== 'MVNO') return { code: 200 };
  if (!isMvnoAccount(account)) return { code: 201 };
  // PA02-01: the login password is "not specified for MVNO".
  if (password !== undefined) return { code: 202 };
  // Choice: a missing plan is a malformed request (204); a plan that does not exist is 220.
  if (typeof planCode !== 'string' || planCode === '') return { code: 204 };
  if (!context.planCodes.has(planCode)) return { code: 220 };
  let date = context.today;
  if (startDate !== undefined) {
    // Choice: startDate is YYYYMMDD (docs/freebit.md, "Dates"); the other runDate formats and past days are 204.
    const read = typeof startDate === 'string' && /^\d{8}$/.test(startDate) ? readDate(startDate) : undefined;
    if (read === undefined || read < context.today) return { code: 204 };
    date = read;
  }
  // Choice: any line in the book, a cancelled one included, keeps its number: 208.
  if (context.book.get(account, context.now)) return { code: 208 };
  const dueAt = processingStart(date, context.today, context.now);
  context.book.put(
    newLine(account, planCode, date, {
      func: 'regist',
      date,
      requestedAt: context.now,
      dueAt,
      completesAt: dueAt + scaled(PROCESSING_MS.regist, context),
      outcome: { state: 'active' },
    }),
  );
  return { code: 100, rest: { responseDatas: [{ kind: 'MVNO', account, ipv4: '', ipv6: '', resultCode: '100' }] } };
};

/**
 * A freshly registered line. Choices: a nano SIM with an ICCID and IMSI derived from the number
 * (19 and 15 digits, so every new line also carries an ICCID no double can hold), data only
 * (voice and SMS are options this API does not order: talk and sms 20), quota 0, no master account,
 * and a 5G contract line only for an `LTE5G` plan.
 */
function newLine(account: string, planCode: string, startDate: string, pending: SandboxLine['pending']): SandboxLine {
  const contractLine = planCode.startsWith('LTE5G') ? '5G' : '4G';
  return {
    account,
    state: 'waiting',
    planCode,
    contractLine,
    iccid: `89811000${account}`,
    imsi: `44010${account.slice(1)}`,
    size: 'nano',
    sms: 20,
    talk: 20,
    ipv4: '',
    ipv6: '',
    quota: 0,
    startDate,
    masterAccount: '',
    pending,
  };
}
