import { PROCESSING_MS } from '../lines.js';
import { processingStart, readDate } from '../run-date.js';
import { isMvnoAccount, scaled, type Operation } from './context.js';

/**
 * PA02-04 account cancellation. Asynchronous: the line shows `async: {func: 'cancel', date}` and
 * turns `obsolete` 10 minutes (scaled) after the run date begins, or after the request when the
 * cancellation is immediate or dated today.
 */
export const cancel: Operation = (request, context) => {
  const { kind, account, runDate } = request;
  // PA02-04: "Master account cannot be cancelled via this API": MASTER is a kind error like any other.
  if (kind !== 'MVNO') return { code: 200 };
  if (!isMvnoAccount(account)) return { code: 201 };
  let date = context.today;
  if (runDate !== undefined) {
    // Choice: runDate is read as text whether sent as a string or a bare number; null or anything else is 204.
    const read = typeof runDate === 'string' || typeof runDate === 'number' ? readDate(String(runDate)) : undefined;
    if (read === undefined || read < context.today) return { code: 204 };
    date = read;
  }
  const line = context.book.get(account, context.now);
  if (!line) return { code: 210 };
  if (line.state === 'obsolete') return { code: 101 };
  // Choice: any pending request, a cancellation already scheduled included, is 230: the line
  // is not cancelled yet (so not 101) and only one async request is held per line.
  if (line.pending) return { code: 230 };
  const dueAt = processingStart(date, context.today, context.now);
  line.pending = {
    func: 'cancel',
    date,
    requestedAt: context.now,
    dueAt,
    completesAt: dueAt + scaled(PROCESSING_MS.cancel, context),
    outcome: { state: 'obsolete' },
  };
  context.book.put(line);
  return { code: 100 };
};
