import type { Store } from '../store/index.js';
import { requestCollections } from './context.js';
import { followUpJobs } from './followUps.js';
import { lineChecks } from './preflight.js';

/**
 * At start, before anything reads the store: the indexes of every collection the workflow keeps
 * are built for records stored before they existed (or before their current version), and the
 * fields a schema no longer keeps (a line's ICCID and IMSI) are stripped from every record. Once per
 * version, under a lease, so replicas starting together build them once and the others wait.
 * Returns how many records were rewritten (0 once built).
 */
export async function prepareStore(store: Store): Promise<number> {
  const { requests, lineHolds } = requestCollections(store);
  let rewritten = 0;
  for (const collection of [requests, lineHolds, followUpJobs(store), lineChecks(store)]) rewritten += await collection.buildIndexes();
  return rewritten;
}
