import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Backend } from './backend.js';
import { StoreError, describeIssues } from './errors.js';
import type { StoreKeys } from './keys.js';
import type { AuditEntry, AuditTrail } from './types.js';

/** Bump when AuditEntry changes shape; older entries are then reported and skipped, not misread. */
const AUDIT_SCHEMA_VERSION = 1;

const auditEntrySchema = z.object({
  requestId: z.string().min(1),
  phone: z.string().min(1),
  actor: z.string().min(1),
  action: z.string().min(1),
  from: z.string().optional(),
  to: z.string().optional(),
  at: z.number().int().nonnegative(),
  detail: z.string().optional(),
});

const envelopeSchema = z.object({ v: z.literal(AUDIT_SCHEMA_VERSION), data: auditEntrySchema });

/**
 * Each entry is appended to two lists at once, its request's and its line's, so both
 * questions ("what happened to this request", "what happened to this line") are one read.
 */
export function createAuditTrail(backend: Backend, keys: StoreKeys, logger: Logger): AuditTrail {
  const read = async (listKey: string, what: Record<string, string>): Promise<AuditEntry[]> => {
    const entries: AuditEntry[] = [];
    const seen = new Set<string>();
    for (const raw of await backend.readList(listKey)) {
      // An append the store took but answered with an error is retried (workflow/context.ts):
      // the same entry, byte for byte, is then in the list twice. Two transitions never write the same
      // bytes (each moves the request from one state to another), so a repeat is that retry.
      if (seen.has(raw)) continue;
      seen.add(raw);
      const entry = readEnvelope(raw, envelopeSchema);
      if (entry) entries.push(entry);
      else logger.warn(what, 'store: audit entry does not parse; skipped');
    }
    return entries;
  };

  return {
    async append(entry) {
      const { listKeys, entry: raw } = auditAppend(keys, entry);
      await backend.appendToLists(listKeys, raw);
    },
    forRequest: (requestId) => read(keys.auditOfRequest(requestId), { requestId }),
    forLine: (phone) => read(keys.auditOfLine(phone), { phone }),
    async forgetRequest(requestId) {
      const listKey = keys.auditOfRequest(requestId);
      const byLine = new Map<string, string[]>();
      for (const raw of await backend.readList(listKey)) {
        const entry = readEnvelope(raw, envelopeSchema);
        if (entry) byLine.set(entry.phone, [...(byLine.get(entry.phone) ?? []), raw]);
      }
      // The line's copies first: cut short here, the request's own list still says what to delete next time.
      for (const [phone, entries] of byLine) await backend.removeListEntries(keys.auditOfLine(phone), entries);
      await backend.removeList(listKey);
    },
  };
}

/** What appending `entry` writes: the entry as stored, and the lists it goes to (its request's, its line's). Throws if it is not a valid entry. */
export function auditAppend(keys: StoreKeys, entry: AuditEntry): { listKeys: string[]; entry: string } {
  const parsed = auditEntrySchema.safeParse(entry);
  if (!parsed.success) {
    throw new StoreError('invalid_record', `Refused to append an audit entry: ${describeIssues(parsed.error)}.`);
  }
  return {
    listKeys: [keys.auditOfRequest(entry.requestId), keys.auditOfLine(entry.phone)],
    entry: JSON.stringify({ v: AUDIT_SCHEMA_VERSION, data: parsed.data }),
  };
}

/** A list entry's data, if it is JSON in the versioned envelope `schema` expects; undefined otherwise. */
export function readEnvelope<T>(raw: string, schema: z.ZodType<{ v: number; data: T }>): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data.data : undefined;
}
