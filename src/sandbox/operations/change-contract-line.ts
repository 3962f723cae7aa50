import { PROCESSING_MS } from '../lines.js';
import { isMvnoAccount, scaled, type Operation } from './context.js';

/**
 * PA05-38 contract line change (4G ⇄ 5G). Takes about 30 minutes (scaled); the line is locked
 * from the moment the request is accepted, and the change cannot be undone.
 */
export const changeContractLine: Operation = (request, context) => {
  const { account, contractLine, productNumber } = request;
  if (!isMvnoAccount(account)) return { code: 201 };
  if (contractLine !== '4G' && contractLine !== '5G') return { code: 360 };
  // PA05-38: 15 characters, the first 2 uppercase letters, the other 13 digits.
  if (productNumber !== undefined && !(typeof productNumber === 'string' && /^[A-Z]{2}\d{13}$/.test(productNumber))) return { code: 266 };
  const line = context.book.get(account, context.now);
  // Choice: a cancelled line is no longer a contract that can change: 210, as if not found.
  if (!line || line.state === 'obsolete') return { code: 210 };
  // PA05-38: "the request is immediately locked": a second change while one runs is 362,
  // checked before 361 because the line type has not flipped yet.
  if (line.pending?.func === 'chgctract') return { code: 362 };
  // Choice: PA05-38 lists no code for "another request is pending" (230 is PA02-04's); the
  // sandbox holds one async request per line and refuses with 900 rather than override it.
  if (line.pending) return { code: 900 };
  if (line.contractLine === contractLine) return { code: 361 };
  line.pending = {
    func: 'chgctract',
    date: context.today,
    requestedAt: context.now,
    dueAt: context.now,
    completesAt: context.now + scaled(PROCESSING_MS.chgctract, context),
    outcome: { contractLine },
  };
  context.book.put(line);
  return { code: 100 };
};
