import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { declareIndexes, openStore, type RecordCollection, type Store } from '../../src/store/index.js';
import { describeStoreBackends, freshStoreLocation, readRaw, writeRaw } from './support.js';

const itemSchema = z.object({ id: z.string(), owner: z.string(), state: z.enum(['open', 'done']), at: z.number() });
type Item = z.infer<typeof itemSchema>;
const indexes = (item: Item) => [
  { index: `owner:${item.owner}`, score: item.at },
  ...(item.state === 'open' ? [{ index: 'open', score: item.at }] : [{ index: 'done', score: item.at }]),
];
const item = (id: string, owner: string, at: number, state: Item['state'] = 'open'): Item => ({ id, owner, state, at });
const ids = (items: readonly Item[]) => items.map((entry) => entry.id);

describeStoreBackends('record indexes on %s', (backend) => {
  let prefix: string;
  let url: string;
  let cleanup: () => Promise<void>;
  const stores: Store[] = [];
  const open = async () => {
    const store = await openStore(url, { prefix });
    stores.push(store);
    return store;
  };
  const items = (store: Store): RecordCollection<Item> => store.records('items', itemSchema, 1, { indexes });

  beforeEach(async () => {
    ({ prefix, url, cleanup } = await freshStoreLocation(backend));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await cleanup();
  });

  it('keeps each index with every write: create, update, delete, deleteIf', async () => {
    const collection = items(await open());
    for (const [id, at] of [
      ['a', 3],
      ['b', 1],
      ['c', 2],
      ['d', 5],
    ] as const)
      await collection.create(id, item(id, id === 'd' ? 'U2' : 'U1', at));
    expect(ids(await collection.inIndex('open'))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(await collection.inIndex('owner:U1', { descending: true }))).toEqual(['a', 'c', 'b']);
    expect(ids(await collection.inIndex('owner:U1', { descending: true, limit: 2 }))).toEqual(['a', 'c']);
    expect(ids(await collection.inIndex('open', { min: 2, max: 3 }))).toEqual(['c', 'a']);
    expect(await collection.countIndex('owner:U1')).toBe(3);
    expect(await collection.countIndex('open', { max: 2 })).toBe(2);

    await collection.update('c', (current) => ({ ...current, state: 'done' }));
    expect(ids(await collection.inIndex('open'))).toEqual(['b', 'a', 'd']);
    expect(ids(await collection.inIndex('done'))).toEqual(['c']);
    // A score that moves moves the member.
    await collection.update('b', (current) => ({ ...current, at: 10 }));
    expect(ids(await collection.inIndex('open'))).toEqual(['a', 'd', 'b']);
    // A declined update changes nothing.
    await collection.update('a', () => undefined);
    expect(await collection.countIndex('open')).toBe(3);

    await collection.delete('a');
    expect(await collection.deleteIf('d', (current) => current.state === 'done')).toBe(false);
    expect(await collection.deleteIf('c', (current) => current.state === 'done')).toBe(true);
    expect(ids(await collection.inIndex('open'))).toEqual(['d', 'b']);
    expect(await collection.countIndex('done')).toBe(0);
    expect(await collection.countIndex('owner:U1')).toBe(1);
  });

  it('ids with any characters, and names with ":" and "%", round-trip', async () => {
    const collection = items(await open());
    await collection.create('携帯 / 1%:x', item('携帯 / 1%:x', 'U:1%', 1));
    expect(ids(await collection.inIndex('owner:U:1%'))).toEqual(['携帯 / 1%:x']);
    await collection.delete('携帯 / 1%:x');
    expect(await collection.countIndex('owner:U:1%')).toBe(0);
  });

  it('a records() of a namespace whose indexes are declared writes through them, given no options', async () => {
    const store = await open();
    declareIndexes('declared-items', { indexes });
    await store.records('declared-items', itemSchema, 1).create('a', item('a', 'U1', 1));
    const plain = store.records('declared-items', itemSchema, 1);
    await plain.update('a', (current) => ({ ...current, state: 'done' }));
    expect(ids(await plain.inIndex('done'))).toEqual(['a']);
    expect(await plain.countIndex('open')).toBe(0);
  });

  it('a record that does not parse is skipped by an index read, and the rest are read', async () => {
    const store = await open();
    const collection = items(store);
    await collection.create('good', item('good', 'U1', 1));
    await collection.create('bad', item('bad', 'U1', 2));
    const key = `${prefix}:records:items:bad`;
    const raw = (await readRaw(url, key))!;
    // Damaged in place (the index entry stays: its write was the record's).
    const damaged = raw.replace('"owner":"U1"', '"owner":7');
    await writeRaw(url, key, damaged);
    expect(ids(await collection.inIndex('owner:U1'))).toEqual(['good']);
  });

  it('buildIndexes: a store written before the indexes gets them once, idempotently, with two builders at once', async () => {
    // Written the way the store wrote records before indexes existed: the versioned envelope, no entries.
    const before = await open();
    const plain = before.records('items', itemSchema, 1);
    const count = 1_200; // more than two pages of the build
    for (let i = 0; i < count; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, count - i) }, (_, j) =>
          plain.create(`i${i + j}`, item(`i${i + j}`, `U${(i + j) % 3}`, i + j, (i + j) % 4 === 0 ? 'open' : 'done')),
        ),
      );
    }
    expect(await items(before).countIndex('open')).toBe(0);

    // Redis: two stores (two replicas starting together). SQLite is one process by contract: two builders in it.
    const first = await open();
    const second = backend === 'redis' ? await open() : first;
    const rewritten = await Promise.all([items(first).buildIndexes(), items(second).buildIndexes()]);
    // One builds (under the lease), the other waits for it: every record rewritten exactly once.
    expect(rewritten.reduce((a, b) => a + b, 0)).toBe(count);
    expect(await items(first).countIndex('open')).toBe(count / 4);
    expect(await items(first).countIndex('owner:U1')).toBe(count / 3);
    expect(ids(await items(first).inIndex('open', { limit: 3 }))).toEqual(['i0', 'i4', 'i8']);
    // Built once: a later start rewrites nothing.
    expect(await items(await open()).buildIndexes()).toBe(0);
    const all = await items(first).list();
    expect(all).toHaveLength(count);
  });
});
