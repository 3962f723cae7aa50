/**
 * Two open requests on one line, once a bug: releasing a line hold read it, then deleted it. A
 * request that took the hold over in between (requestChange.ts takes over the hold of a closed
 * request) lost it to the late delete, and a third request could open beside it.
 */
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { openStore, type RecordCollection, type Store } from '../../src/store/index.js';
import { releaseLines, requestCollections } from '../../src/workflow/context.js';
import { deleteRedisKeys, describeStoreBackends, makeTempDir, randomPrefix, REDIS_URL } from '../store/support.js';

type Hold = { requestId: string };

const PHONE = '09012345678';
const closedRequest = { id: 'FR-AAAAA', phones: [PHONE] };
const temp = await makeTempDir();
afterAll(() => temp.remove());

describeStoreBackends('releasing a line hold on %s', (backend) => {
  let store: Store | undefined;
  const prefix = randomPrefix();
  afterEach(async () => {
    await store?.close();
    if (backend === 'redis') await deleteRedisKeys(prefix);
  });

  const holds = async (): Promise<RecordCollection<Hold>> => {
    store = await openStore(backend === 'sqlite' ? `sqlite://${join(temp.dir, `${prefix}.sqlite`)}` : REDIS_URL, { prefix });
    return requestCollections(store).lineHolds;
  };

  /**
   * The hold collection as the release sees it, with another request (FR-BBBBB) taking the
   * hold over from the closed one right after the release reads it: after `get`, or inside the
   * read of a compare-and-delete.
   */
  const racedBy = (lineHolds: RecordCollection<Hold>) => {
    let takeover: Promise<boolean> | undefined;
    const takeOver = () =>
      (takeover ??= lineHolds
        .update(PHONE, (hold) => (hold.requestId === closedRequest.id ? { requestId: 'FR-BBBBB' } : undefined))
        .then((outcome) => outcome.updated));
    const raced: RecordCollection<Hold> = {
      ...lineHolds,
      get: async (id) => {
        const hold = await lineHolds.get(id);
        await takeOver();
        return hold;
      },
      deleteIf: async (id, predicate) => {
        const deleted = await lineHolds.deleteIf(id, (hold) => {
          void takeOver();
          return predicate(hold);
        });
        await takeover;
        return deleted;
      },
    };
    return { raced, tookOver: async () => (await takeover) ?? false };
  };

  it('never deletes a hold another request took over while it was being released', async () => {
    const lineHolds = await holds();
    await lineHolds.create(PHONE, { requestId: closedRequest.id });
    const { raced, tookOver } = racedBy(lineHolds);
    await releaseLines({ lineHolds: raced }, closedRequest);
    // Whoever believes it holds the line does: the takeover either won (and keeps the hold) or found it released.
    expect(await lineHolds.get(PHONE)).toEqual((await tookOver()) ? { requestId: 'FR-BBBBB' } : undefined);
  });

  it('releases its own hold, and leaves another request’s alone', async () => {
    const lineHolds = await holds();
    await lineHolds.create(PHONE, { requestId: 'FR-BBBBB' });
    await releaseLines({ lineHolds }, closedRequest);
    expect(await lineHolds.get(PHONE)).toEqual({ requestId: 'FR-BBBBB' });
    await lineHolds.update(PHONE, () => ({ requestId: closedRequest.id }));
    await releaseLines({ lineHolds }, closedRequest);
    expect(await lineHolds.get(PHONE)).toBeUndefined();
  });
});
