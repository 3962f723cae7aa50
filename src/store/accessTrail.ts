import { z } from 'zod';
import type { Logger } from '../logger.js';
import { readEnvelope } from './audit.js';
import type { Backend } from './backend.js';
import { StoreError, describeIssues } from './errors.js';
import type { StoreKeys } from './keys.js';
import { ACCESS_APPEND_MAX, ACCESS_REFUSALS, LOOKUP_SURFACES, type AccessTrail, type LineAccess } from './types.js';

const ACCESS_SCHEMA_VERSION = 1;
const PRUNE_PAGE = 200;

const lineAccessSchema = z.object({
  id: z.string().min(1),
  at: z.number().int().nonnegative(),
  userId: z.string().min(1),
  phone: z.string().min(1).optional(),
  surface: z.enum(LOOKUP_SURFACES),
  channelId: z.string().min(1).optional(),
  refused: z.enum(ACCESS_REFUSALS).optional(),
});

/** The lines a person looked at lately, each with when it was last looked at (LOOKUP_MAX_PER_HOUR). */
const windowSchema = z.object({ v: z.literal(1), lines: z.record(z.string(), z.number()) });
const EMPTY_WINDOW = JSON.stringify({ v: 1, lines: {} });
/** Compare-and-set rounds lost to another replica writing the same person's window before giving up. */
const ADMIT_ATTEMPTS = 8;
/** Entries one admit writes at most (a form's 150 lines, several asks merged): SQLite caps a statement's parameters, the store chunks the rows. */
const ADMIT_ENTRIES_MAX = 1_000;

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

  const itemOf = (entry: LineAccess) => {
    const parsed = lineAccessSchema.safeParse(entry);
    if (!parsed.success) throw new StoreError('invalid_record', `Refused to append an access log entry: ${describeIssues(parsed.error)}.`);
    const raw = JSON.stringify({ v: ACCESS_SCHEMA_VERSION, data: parsed.data });
    // A refusal that named no number goes to its person's list and the global one only.
    const listKeys = [...(entry.phone ? [keys.accessOfLine(entry.phone)] : []), keys.accessOfPerson(entry.userId), keys.accessAll];
    return { listKeys, entry: raw };
  };
  /** The person's window as stored (undefined: unreadable, taken for empty and written over). */
  const readWindow = (raw: string): Map<string, number> => {
    try {
      const parsed = windowSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return new Map(Object.entries(parsed.data.lines));
    } catch {
      // Falls through: an unreadable window is rebuilt from now on (the log itself is intact).
    }
    logger.warn({ event: 'access_log.window_unreadable' }, 'store: a lookup window does not parse; started afresh');
    return new Map();
  };

  return {
    async admit(userId, asks, { max, windowMs, now }) {
      const count = asks.reduce((sum, ask) => sum + ask.entries.length, 0);
      if (count > ADMIT_ENTRIES_MAX)
        throw new RangeError(`At most ${ADMIT_ENTRIES_MAX} access log entries are admitted at once, not ${count}.`);
      const key = keys.accessWindow(userId);
      for (let attempt = 0; attempt < ADMIT_ATTEMPTS; attempt++) {
        let raw = await backend.get(key);
        if (raw === undefined) {
          // First look in the store's life: the window is created (or another replica's taken), then compared and set as always.
          await backend.insert(key, EMPTY_WINDOW);
          raw = await backend.get(key);
          if (raw === undefined) continue;
        }
        const lines = readWindow(raw);
        for (const [phone, at] of lines) if (at <= now - windowMs) lines.delete(phone);
        const admitted = asks.map((ask) => {
          const phones = new Set(ask.entries.flatMap((entry) => (entry.phone ? [entry.phone] : [])));
          const fresh = [...phones].filter((phone) => !lines.has(phone)).length;
          // Lines already looked at this hour stay open; a new one past the ceiling does not.
          if (ask.enforce && fresh > 0 && lines.size + fresh > max) return false;
          for (const phone of phones) lines.set(phone, now);
          return true;
        });
        const entries = asks.flatMap((ask, index) =>
          admitted[index] ? ask.entries : ask.entries.map((entry) => ({ ...entry, refused: 'lookup_ceiling' as const })),
        );
        const next = JSON.stringify({ v: 1, lines: Object.fromEntries(lines) });
        // One write of the store: the window and every entry, or nothing (another replica moved the window: read again).
        const [written] = await backend.commitGroups([{ replace: { key, expected: raw, next }, append: entries.map(itemOf) }]);
        if (written) return { admitted, distinct: lines.size };
      }
      throw new StoreError('conflict', 'The lookup window of one person kept changing under this write; not recorded.');
    },
    async append(entries) {
      if (entries.length > ACCESS_APPEND_MAX)
        throw new RangeError(`At most ${ACCESS_APPEND_MAX} access log entries are appended at once, not ${entries.length}.`);
      // One write for the batch.
      await backend.appendAllToLists(entries.map(itemOf));
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
        if (entry?.phone) lists.add(keys.accessOfLine(entry.phone));
        if (entry) lists.add(keys.accessOfPerson(entry.userId));
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
