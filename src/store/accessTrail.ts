import { z } from 'zod';
import type { Logger } from '../logger.js';
import { readEnvelope } from './audit.js';
import type { Backend } from './backend.js';
import { StoreError, describeIssues } from './errors.js';
import type { StoreKeys } from './keys.js';
import { ACCESS_APPEND_MAX, LOOKUP_SURFACES, type AccessTrail, type LineAccess } from './types.js';

const ACCESS_SCHEMA_VERSION = 1;
const PRUNE_PAGE = 200;

const lineAccessSchema = z.object({
  id: z.string().min(1),
  at: z.number().int().nonnegative(),
  userId: z.string().min(1),
  phone: z.string().min(1),
  surface: z.enum(LOOKUP_SURFACES),
  channelId: z.string().min(1).optional(),
});

const envelopeSchema = z.object({ v: z.literal(ACCESS_SCHEMA_VERSION), data: lineAccessSchema });

/**
 * The access log on the same lists as the audit trail: each entry goes to its line's list,
 * its person's list and one global list, all in the order of appending (which is the order
 * of time: entries are appended as they happen). Reading a line or a person reads the tail
 * of one list; retention trims the head of the global list and, entry by entry, the same
 * number of oldest entries from the line's and the person's lists, so no read or trim ever
 * lists everything.
 */
export function createAccessTrail(backend: Backend, keys: StoreKeys, logger: Logger): AccessTrail {
  const parse = (raw: string): LineAccess | undefined => {
    const entry = readEnvelope(raw, envelopeSchema);
    if (!entry) logger.warn({}, 'store: access log entry does not parse; skipped');
    return entry;
  };
  /** Drops the entries at the head of a list older than `before` (or unreadable), a page at a time. */
  const dropHeadBefore = async (listKey: string, before: number) => {
    for (;;) {
      const page = await backend.readListHead(listKey, PRUNE_PAGE);
      let old = 0;
      while (old < page.length && (parse(page[old]!)?.at ?? -1) < before) old += 1;
      if (old > 0) await backend.dropListHead(listKey, old);
      if (old < PRUNE_PAGE) return;
    }
  };
  /**
   * Replicas append what they saw a fraction of a second apart, so list order is nearly, not
   * exactly, time order: the tail is sorted by time. A batch written again after its write
   * answered an error (but landed) shows as the same entry twice: kept once.
   */
  const newestFirst = async (listKey: string, limit: number) => {
    if (limit < 1) return [];
    const seen = new Set<string>();
    return (await backend.readListTail(listKey, limit))
      .flatMap((raw) => parse(raw) ?? [])
      .filter((entry) => !seen.has(entry.id) && seen.add(entry.id))
      .reverse()
      .sort((a, b) => b.at - a.at);
  };

  return {
    async append(entries) {
      if (entries.length > ACCESS_APPEND_MAX) throw new RangeError(`At most ${ACCESS_APPEND_MAX} access log entries are appended at once, not ${entries.length}.`);
      const items = entries.map((entry) => {
        const parsed = lineAccessSchema.safeParse(entry);
        if (!parsed.success) throw new StoreError('invalid_record', `Refused to append an access log entry: ${describeIssues(parsed.error)}.`);
        const raw = JSON.stringify({ v: ACCESS_SCHEMA_VERSION, data: parsed.data });
        return { listKeys: [keys.accessOfLine(entry.phone), keys.accessOfPerson(entry.userId), keys.accessAll], entry: raw };
      });
      // One write for the batch (AccessLog flushes what a fraction of a second brought).
      await backend.appendAllToLists(items);
    },
    forLine: (phone, limit) => newestFirst(keys.accessOfLine(phone), limit),
    forPerson: (userId, limit) => newestFirst(keys.accessOfPerson(userId), limit),
    async pruneBefore(before, batch) {
      const head = await backend.readListHead(keys.accessAll, batch);
      let expired = 0;
      const lists = new Set<string>();
      for (const raw of head) {
        const entry = parse(raw);
        if (entry && entry.at >= before) break;
        expired += 1;
        if (entry) lists.add(keys.accessOfLine(entry.phone)).add(keys.accessOfPerson(entry.userId));
      }
      if (expired === 0) return 0;
      // Each line's and person's list is cut by time, not by a count: a prune cut short (a
      // store error, a kill) and run again cuts nothing twice. The global list goes last.
      for (const listKey of lists) await dropHeadBefore(listKey, before);
      await backend.dropListHead(keys.accessAll, expired);
      return expired;
    },
  };
}
