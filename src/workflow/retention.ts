import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { WorkflowContext } from './context.js';
import { REQUEST_INDEX, closedAt, needsSweep } from './requestIndexes.js';

/** Requests deleted per batch, and batches per sweep: a round's share stays small. */
const BATCH = 100;
const BATCHES_PER_ROUND = 10;

/**
 * HISTORY_RETENTION_DAYS: finished requests (their outbox empty) that finished before `now - retentionMs`
 * are deleted with their audit trail, oldest first, in small batches that yield to the event
 * loop between them, at most BATCH × BATCHES_PER_ROUND a sweep (the rest at the next). The trail
 * goes first: a prune cut short leaves a request without its trail, which the next round deletes,
 * never a trail nobody can find. Returns how many requests were deleted.
 */
export async function pruneHistory(
  context: Pick<WorkflowContext, 'requests' | 'store' | 'clock' | 'logger'>,
  retentionMs: number,
): Promise<number> {
  const cutoff = context.clock.now() - retentionMs;
  let deleted = 0;
  for (let round = 0; round < BATCHES_PER_ROUND; round++) {
    const old = await context.requests.inIndex(REQUEST_INDEX.closed, { max: cutoff, limit: BATCH });
    for (const request of old) {
      await context.store.audit.forgetRequest(request.id);
      if (await context.requests.deleteIf(request.id, (current) => !needsSweep(current) && closedAt(current) <= cutoff)) deleted += 1;
    }
    if (old.length < BATCH) break;
    await yieldToEventLoop();
  }
  return deleted;
}
