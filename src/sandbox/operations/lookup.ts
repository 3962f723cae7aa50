import { bareNumber } from '../json-writer.js';
import type { SandboxLine } from '../types.js';
import { isMvnoAccount, type Operation } from './context.js';

const DISPLAY_PASS: unknown[] = [undefined, 10, 20, '10', '20'];

/**
 * PA03-02 account detail. Only the first requestDatas entry counts ("only 1 item recognized").
 * The answer copies the spec's MVNO example, quirks included: `responseDatas` is one object,
 * `account` a bare number without its leading 0, `iccid`/`imsi`/`startDate`/`async.date` bare
 * numbers, the per-line `resultCode` a string while the top-level codes are numbers.
 */
export const lookup: Operation = (request, context) => {
  // displayPass is "not processed for MVNO", but a value outside 10/20 is still refused.
  if (!DISPLAY_PASS.includes(request.displayPass)) return { code: 226 };
  if (request.version !== undefined && typeof request.version !== 'string' && typeof request.version !== 'number') return { code: 236 };
  const entries = request.requestDatas;
  if (!Array.isArray(entries) || entries.length === 0) return { code: 227 };
  const first: unknown = entries[0];
  if (first === null || typeof first !== 'object') return { code: 227 };
  const { kind, account } = first as Record<string, unknown>;
  // Choice: the sandbox has no master accounts, so a MASTER lookup finds nothing (210).
  if (kind === 'MASTER') return { code: 210 };
  if (kind !== 'MVNO') return { code: 200 };
  if (!isMvnoAccount(account)) return { code: 201 };
  const line = context.book.get(account, context.now);
  if (!line) return { code: 210 };
  return { code: 100, rest: { masterAccount: line.masterAccount, responseDatas: describe(line) } };
};

function describe(line: SandboxLine): Record<string, unknown> {
  const { account, state, planCode, startDate, iccid, imsi, contractLine, size, sms, talk, ipv4, ipv6, quota, voice, pending } = line;
  return {
    kind: 'MVNO',
    account: bareNumber(account),
    state,
    planCode,
    startDate: bareNumber(startDate),
    iccid: bareNumber(iccid),
    imsi: bareNumber(imsi),
    contractLine,
    size,
    sms,
    talk,
    ipv4,
    ipv6,
    quota,
    // The spec does not name the object holding the level-3 voice parameters; `voice` is the sandbox's guess.
    voice: voice ? { ...voice, async: {} } : undefined,
    async: pending ? { func: pending.func, date: bareNumber(pending.date) } : {},
    resultCode: '100',
  };
}
