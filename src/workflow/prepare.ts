import { z } from 'zod';
import type { Store } from '../store/index.js';
import { requestCollections } from './context.js';
import { jobKeyOf } from './followUpJob.js';
import { followUpJobs } from './followUps.js';
import { lineChecks } from './preflight.js';
import { isOlderShape, lineKeyOf, normaliseStoredRequest, requestLineCollection, storedRequestOfAnyVersionSchema } from './requestLines.js';

/**
 * At start, before anything reads the store: the indexes of every collection the workflow keeps
 * are built for records stored before they existed (or before their current version), and the
 * fields a schema no longer keeps (a line's ICCID and IMSI) are stripped from every record. Once per
 * version, under a lease, so replicas starting together build them once and the others wait.
 * Before that, the lines of requests stored by older builds (inside their request, or on it)
 * are written as records of their own (`writeLinesOfOlderRequests`). Returns how many stored
 * records were rewritten (0 once done); the lines written are not counted.
 */
export async function prepareStore(store: Store): Promise<number> {
  await writeLinesOfOlderRequests(store);
  await moveFollowUpJobsToLineKeys(store);
  let rewritten = 0;
  const { requests, lineHolds } = requestCollections(store);
  for (const collection of [requests, lineHolds, followUpJobs(store), lineChecks(store)]) rewritten += await collection.buildIndexes();
  return rewritten;
}

/** Done once per store: the lines of every request an older build stored have records of their own. */
export const MIGRATIONS = 'migrations';
const LINES_OF_OLDER_REQUESTS = 'request-lines-v1';
const migrationSchema = z.object({ at: z.number() });

/**
 * The requests an older build stored (schema version 1: the record of one line, or of several
 * with `lines[]` inside) get their lines as records of their own (`normaliseStoredRequest`);
 * the request records themselves are rewritten without them by the index build that follows
 * (REQUEST_INDEX_VERSION 3). Idempotent (a line already written is left as it is): a start that
 * dies half-way, or two replicas starting together, write nothing twice.
 */
export async function writeLinesOfOlderRequests(store: Store): Promise<number> {
  const migrations = store.records(MIGRATIONS, migrationSchema, 1, {});
  if (await migrations.get(LINES_OF_OLDER_REQUESTS)) return 0;
  // Read as version 1: records of the current version are not listed (nor are they older).
  const older = await store.records('requests', storedRequestOfAnyVersionSchema, 1, {}).list();
  const lines = requestLineCollection(store);
  let written = 0;
  for (const stored of older) {
    if (!isOlderShape(stored)) continue;
    for (const line of normaliseStoredRequest(stored).lines) if (await lines.create(lineKeyOf(line), line)) written += 1;
  }
  await migrations.create(LINES_OF_OLDER_REQUESTS, { at: Date.now() });
  return written;
}

/**
 * Older builds stored the follow-up job of a one-line request under the request's id; every job
 * is keyed by its line now (`jobKeyOf`). Each such job is written under its line's key and the
 * old one deleted, so that it is polled, finished and its reply told as any other. Run at every
 * start (the jobs are few: a finished job is deleted once told), so that a job an older replica
 * wrote during a rolling deploy is moved by the next start. Idempotent: a job already under its
 * line's key is left as it is. Returns how many were moved.
 */
export async function moveFollowUpJobsToLineKeys(store: Store): Promise<number> {
  const jobs = followUpJobs(store);
  let moved = 0;
  for (const listed of await jobs.list()) {
    const old = await jobs.get(listed.requestId);
    if (!old || old.phone !== listed.phone) continue;
    await jobs.create(jobKeyOf(old), old);
    await jobs.delete(listed.requestId);
    moved += 1;
  }
  return moved;
}
