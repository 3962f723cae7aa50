import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore, type RecordCollection, type Store } from '../../src/store/index.js';
import { describeStoreBackends, freshStoreLocation } from './support.js';

const itemSchema = z.object({ id: z.string(), state: z.enum(['open', 'done']), n: z.number(), line: z.string() });
type Item = z.infer<typeof itemSchema>;
const holdSchema = z.object({ itemId: z.string() });
const item = (id: string, line: string, n = 0): Item => ({ id, state: 'open', n, line });
const ids = (items: readonly Item[]) => items.map((entry) => entry.id);

describeStoreBackends('updateMany on %s', (backend) => {
  let prefix: string;
  let url: string;
  let cleanup: () => Promise<void>;
  const stores: Store[] = [];
  const open = async () => {
    const store = await openStore(url, { prefix });
    stores.push(store);
    return store;
  };
  const items = (store: Store): RecordCollection<Item> =>
    store.records('items', itemSchema, 1, { indexes: (value) => [{ index: value.state, score: value.n }] });
  const holds = (store: Store) => store.records('holds', holdSchema, 1, { indexes: () => [{ index: 'all', score: 0 }] });
  /** Closes the item and lets go of its line (if the line's hold names it), with an audit entry: the expiry sweep's shape. */
  const closeAll = (collection: RecordCollection<Item>, wanted: readonly string[], at = 1) =>
    collection.updateMany(
      wanted.map((id) => ({
        id,
        change: (current: Item) => (current.state === 'open' ? { ...current, state: 'done' as const } : undefined),
        alongside: (after: Item, before: Item) => ({
          audit: [{ requestId: after.id, phone: after.line, actor: 'test', action: 'done', from: before.state, to: after.state, at }],
          deleteWhere: [{ namespace: 'holds', id: after.line, has: { itemId: after.id } }],
        }),
      })),
    );

  beforeEach(async () => {
    ({ prefix, url, cleanup } = await freshStoreLocation(backend));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await cleanup();
  });

  it('writes each update with its audit entries and its compare-and-deletes, and says what happened to each, in order', async () => {
    const store = await open();
    const collection = items(store);
    const lineHolds = holds(store);
    for (const [id, line] of [
      ['a', 'L1'],
      ['b', 'L2'],
      ['c', 'L3'],
      ['d', 'L4'],
    ] as const)
      await collection.create(id, item(id, line));
    await collection.update('c', (current) => ({ ...current, state: 'done' }));
    await lineHolds.create('L1', { itemId: 'a' });
    // L2's hold names another item: it stays.
    await lineHolds.create('L2', { itemId: 'someone-else' });
    await store.audit.append({ requestId: 'a', phone: 'L1', actor: 'test', action: 'opened', to: 'open', at: 0 });

    const outcomes = await closeAll(collection, ['a', 'missing', 'b', 'c']);
    expect(outcomes.map((outcome) => outcome.updated)).toEqual([true, false, true, false]);
    expect(outcomes[1]).toEqual({ updated: false, current: undefined });
    expect(outcomes[3]).toEqual({ updated: false, current: { ...item('c', 'L3'), state: 'done' } });
    expect(outcomes[0]).toEqual({ updated: true, value: { ...item('a', 'L1'), state: 'done' } });

    expect((await collection.get('a'))?.state).toBe('done');
    expect((await collection.get('b'))?.state).toBe('done');
    expect((await collection.get('d'))?.state).toBe('open');
    // The records moved in their indexes, and the hold deleted left its index.
    expect(ids(await collection.inIndex('open'))).toEqual(['d']);
    expect(ids(await collection.inIndex('done')).sort()).toEqual(['a', 'b', 'c']);
    expect(await lineHolds.get('L1')).toBeUndefined();
    expect(await lineHolds.get('L2')).toEqual({ itemId: 'someone-else' });
    expect(await lineHolds.countIndex('all')).toBe(1);
    // Audit entries: only for what was written, after what was there, readable by request and by line.
    expect((await store.audit.forRequest('a')).map((entry) => entry.action)).toEqual(['opened', 'done']);
    expect((await store.audit.forLine('L2')).map((entry) => [entry.requestId, entry.from, entry.to])).toEqual([['b', 'open', 'done']]);
    expect(await store.audit.forRequest('c')).toEqual([]);
    // Appends after the batch still come after it.
    await store.audit.append({ requestId: 'a', phone: 'L1', actor: 'test', action: 'later', at: 2 });
    expect((await store.audit.forLine('L1')).map((entry) => entry.action)).toEqual(['opened', 'done', 'later']);
  });

  it('takes more than one write for many, and refuses the same id twice', async () => {
    const store = await open();
    const collection = items(store);
    const wanted = Array.from({ length: 250 }, (_, index) => `i${String(index).padStart(3, '0')}`);
    for (const id of wanted) await collection.create(id, item(id, `L-${id}`));
    for (const id of wanted.slice(0, 200)) await holds(store).create(`L-${id}`, { itemId: id });
    const outcomes = await closeAll(collection, wanted);
    expect(outcomes.every((outcome) => outcome.updated)).toBe(true);
    expect(await collection.countIndex('done')).toBe(250);
    expect(await holds(store).countIndex('all')).toBe(0);
    expect((await store.audit.forRequest('i249')).map((entry) => entry.action)).toEqual(['done']);
    await expect(
      collection.updateMany([
        { id: 'i000', change: (current) => current },
        { id: 'i000', change: (current) => current },
      ]),
    ).rejects.toThrow(/same id twice/);
  });

  it('loses no write of another writer on the same records: a compare-and-set that lost is asked again', async () => {
    const first = items(await open());
    // A second store on the same file or Redis: another writer, with its own locks.
    const second = items(await open());
    const wanted = Array.from({ length: 30 }, (_, index) => `r${index}`);
    for (const id of wanted) await first.create(id, item(id, `L-${id}`));
    const seen = new Map<string, number[]>();
    const bump = (id: string) => (current: Item) => {
      seen.set(id, [...(seen.get(id) ?? []), current.n]);
      return { ...current, n: current.n + 1 };
    };
    await Promise.all([
      first.updateMany(wanted.map((id) => ({ id, change: bump(id) }))),
      first.updateMany(wanted.map((id) => ({ id, change: bump(id) }))),
      ...wanted.flatMap((id) => Array.from({ length: 3 }, () => second.update(id, (current) => ({ ...current, n: current.n + 1 })))),
    ]);
    for (const id of wanted) expect((await first.get(id))?.n).toBe(5);
    expect(await first.countIndex('open', { min: 5, max: 5 })).toBe(30);
  });

  it('writes nothing of an update whose change throws, nor of the others in its round', async () => {
    const store = await open();
    const collection = items(store);
    for (const id of ['a', 'b']) await collection.create(id, item(id, `L-${id}`));
    await expect(
      collection.updateMany([
        { id: 'a', change: (current) => ({ ...current, n: 1 }) },
        // Invalid: the store refuses to write what it could not read back.
        { id: 'b', change: (current) => ({ ...current, n: 'x' as unknown as number }) },
      ]),
    ).rejects.toThrow(/Refused to write items record b/);
    expect((await collection.get('a'))?.n).toBe(0);
  });
});
