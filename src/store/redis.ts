import KeyvRedis, { createClient } from '@keyv/redis';
import type { Logger } from '../logger.js';
import { withDeadline } from '../timeout.js';
import type { Backend, IndexChange, WriteGroup } from './backend.js';
import { StoreError, describe } from './errors.js';
import { redisPace } from './pace.js';
import { redisDurability } from './durability.js';

/** Start-up must fail fast when Redis is not there: one attempt, bounded by this. */
const CONNECT_TIMEOUT_MS = 3_000;
/** Once running, a lost connection is retried with backoff up to this period, for ever. */
const MAX_RECONNECT_DELAY_MS = 2_000;
/**
 * How long one store call may wait for Redis before it fails (StoreError 'timeout'): a stalled
 * Redis (paused, swapping, a network that drops packets silently) keeps a connected socket, so
 * node-redis' own timeout, which covers only a command not yet written, never fires.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** How long close() waits for the replies still owed before it drops the connection. */
const CLOSE_TIMEOUT_MS = 1_000;
/** Keys asked for per SCAN step: a few round trips for tens of thousands of keys. */
const SCAN_COUNT = 1_000;

// Each script reads and writes one key; Redis runs a script without interleaving anything else.
/** Compare-and-set on the exact stored string. */
const REPLACE_IF_EQUAL = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0`;
/** Compare-and-delete on the exact stored string. */
const REMOVE_IF_EQUAL = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;
/**
 * The indexed writes: the record and its index entries (sorted sets, member = the encoded id) in
 * one script, so no reader and no crash ever sees one without the other.
 * KEYS: the record, then `ARGV[3]` index keys the member leaves, then the index keys it is put in.
 */
/** ARGV: value, member, count of removals (0), then one score per index added. */
const INSERT_INDEXED = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
local removing = tonumber(ARGV[3])
for i = removing + 2, #KEYS do redis.call('ZADD', KEYS[i], ARGV[i - removing + 2], ARGV[2]) end
return 1`;
/** ARGV: expected, next, member, count of removals, then one score per index added. */
const REPLACE_INDEXED = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
local removing = tonumber(ARGV[4])
for i = 2, removing + 1 do redis.call('ZREM', KEYS[i], ARGV[3]) end
for i = removing + 2, #KEYS do redis.call('ZADD', KEYS[i], ARGV[i - removing + 3], ARGV[3]) end
return 1`;
/** ARGV: expected, member. KEYS: the record, then every index it leaves. */
const REMOVE_INDEXED = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
for i = 2, #KEYS do redis.call('ZREM', KEYS[i], ARGV[2]) end
return 1`;
/**
 * commitGroups: every group in one script (one round trip; Redis runs it without interleaving).
 * KEYS and ARGV are read in order, group after group:
 *   KEYS: the record, the index keys it leaves, the index keys it is put in; per removal: its key
 *         and the index keys it leaves; per append: its list keys.
 *   ARGV: expected, next, member, count of index removals, count of index additions, one score
 *         per addition; count of removals, per removal: expected, member, count of its index
 *         removals; count of appends, per append: entry, count of its lists.
 * Returns one 1 (written) or 0 (lost its compare-and-set) per group.
 */
const COMMIT_GROUPS = `
local k, a = 1, 1
local function key() k = k + 1; return KEYS[k - 1] end
local function arg() a = a + 1; return ARGV[a - 1] end
local written = {}
local groups = tonumber(arg())
for g = 1, groups do
  local record = key()
  local expected, next, member = arg(), arg(), arg()
  local leaving, joining = tonumber(arg()), tonumber(arg())
  local won = redis.call('GET', record) == expected
  if won then redis.call('SET', record, next) end
  for i = 1, leaving do local index = key(); if won then redis.call('ZREM', index, member) end end
  for i = 1, joining do local index, score = key(), arg(); if won then redis.call('ZADD', index, score, member) end end
  for r = 1, tonumber(arg()) do
    local target = key()
    local targetExpected, targetMember, targetLeaving = arg(), arg(), tonumber(arg())
    local removing = won and redis.call('GET', target) == targetExpected
    if removing then redis.call('DEL', target) end
    for i = 1, targetLeaving do local index = key(); if removing then redis.call('ZREM', index, targetMember) end end
  end
  for p = 1, tonumber(arg()) do
    local entry, lists = arg(), tonumber(arg())
    for i = 1, lists do local list = key(); if won then redis.call('RPUSH', list, entry) end end
  end
  written[g] = won and 1 or 0
end
return written`;
/** Take a lease that is free (an expired one is gone, thanks to PX) or renew our own. */
const ACQUIRE_OR_RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;
/** Drop a lease only if we still hold it (it may have lapsed and been taken over). */
const RELEASE_IF_HOLDER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * Redis through keyv's adapter for plain get/set/delete, and the same node-redis client for
 * the atomic steps: SET NX PX for claims, Lua scripts for compare-and-set and leases, MULTI
 * RPUSH for the audit lists. Expiry is Redis' own (PX), so replicas need no shared clock.
 * `shownUrl` is the URL with any password masked, for messages.
 */
export async function openRedisBackend(
  url: string,
  shownUrl: string,
  logger: Logger,
  timeoutMs = REDIS_COMMAND_TIMEOUT_MS,
): Promise<Backend> {
  let connectedOnce = false;
  let reportedOutage = false;
  const client = createClient({
    url,
    // While disconnected, commands fail at once (the caller sees a retryable StoreError) instead of queueing without limit.
    disableOfflineQueue: true,
    // A command still waiting to be written (a busy socket) fails within the same deadline as one already out.
    commandOptions: { timeout: timeoutMs },
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Before the first connection: give up (start-up reports it). After: reconnect with backoff.
      reconnectStrategy: (retries, cause) => (connectedOnce ? Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS) : cause),
    },
  });
  client.on('error', (error: unknown) => {
    // node-redis emits one error per failed attempt; one log line per outage is enough.
    if (connectedOnce && !reportedOutage) {
      reportedOutage = true;
      logger.warn({ err: error, url: shownUrl }, 'store: lost the connection to Redis; reconnecting');
    }
  });
  client.on('ready', () => {
    if (reportedOutage) logger.info({ url: shownUrl }, 'store: reconnected to Redis');
    reportedOutage = false;
  });

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
    connectedOnce = true;
  } catch (error) {
    // Stop any attempt still under way (a timed-out one); a client that gave up is already closed.
    if (client.isOpen) client.destroy();
    throw new StoreError(
      'unreachable',
      `Cannot connect to the Redis store at ${shownUrl}: ${describe(error)}. Check that Redis is running there and the URL is right.`,
      {
        cause: error,
      },
    );
  } finally {
    clearTimeout(timer);
  }

  const adapter = new KeyvRedis<string>(client, { throwOnErrors: true });
  // The adapter re-emits client errors; they are already handled above.
  adapter.on('error', () => undefined);

  let closed = false;
  /** Every command goes through here, so failures become StoreErrors that say whether a retry may help. */
  const late = (): never => {
    throw new StoreError('timeout', `The Redis store at ${shownUrl} did not answer within ${timeoutMs} ms.`);
  };
  /** One command (or one script, one MULTI) within the store's deadline. */
  const bounded = <T>(command: Promise<T>): Promise<T> => withDeadline(command, timeoutMs, late);
  const run = async <T>(work: () => Promise<T>, deadline: 'per call' | 'per command' = 'per call'): Promise<T> => {
    // Checked here because keyv's adapter would otherwise quietly reconnect a closed client.
    if (closed) throw new StoreError('closed', `The Redis store at ${shownUrl} was used after it was closed.`);
    try {
      // A call of many commands (a SCAN of every key) bounds each of its commands instead.
      return await (deadline === 'per call' ? bounded(work()) : work());
    } catch (error) {
      if (error instanceof StoreError) throw error;
      if (error instanceof Error && error.name === 'TimeoutError')
        throw new StoreError('timeout', `The Redis store at ${shownUrl} did not answer within ${timeoutMs} ms.`, { cause: error });
      if (!client.isReady) {
        throw new StoreError('unreachable', `The Redis store at ${shownUrl} is not connected: ${describe(error)}.`, { cause: error });
      }
      throw new StoreError('backend_failed', `The Redis store at ${shownUrl} failed: ${describe(error)}.`, { cause: error });
    }
  };
  const evalScript = async (script: string, key: string | readonly string[], args: Array<string | number>): Promise<number> =>
    Number(await client.eval(script, { keys: typeof key === 'string' ? [key] : [...key], arguments: args.map(String) }));
  /** The keys and score arguments of an index change: removals first, then additions. */
  const indexKeys = (key: string, index: IndexChange) => [key, ...index.remove, ...index.add.map(([indexKey]) => indexKey)];
  const scores = (index: IndexChange) => index.add.map(([, score]) => score);
  const bound = (value: number, open: '-inf' | '+inf') => (Number.isFinite(value) ? String(value) : open);
  const px = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs));

  return {
    kind: 'redis',
    // INFO, not CONFIG GET: managed Redis services often refuse CONFIG.
    durability: () =>
      run(async () => redisDurability(`${String(await client.info('persistence'))}\n${String(await client.info('memory'))}`)),
    get: (key) => run(() => adapter.get<string>(key)),
    getMany: (keys) => run(async () => (keys.length === 0 ? [] : (await client.mGet([...keys])).map((value) => value ?? undefined))),
    set: (key, value) => run(() => adapter.set(key, value)),
    insert: (key, value, index) =>
      run(async () =>
        index
          ? (await evalScript(INSERT_INDEXED, indexKeys(key, index), [value, index.member, index.remove.length, ...scores(index)])) === 1
          : (await client.set(key, value, { condition: 'NX' })) !== null,
      ),
    replace: (key, expected, next, index) =>
      run(async () =>
        index
          ? (await evalScript(REPLACE_INDEXED, indexKeys(key, index), [
              expected,
              next,
              index.member,
              index.remove.length,
              ...scores(index),
            ])) === 1
          : (await evalScript(REPLACE_IF_EQUAL, key, [expected, next])) === 1,
      ),
    remove: (key) =>
      run(async () => {
        await adapter.delete(key);
      }),
    removeIfEqual: (key, expected, index) =>
      run(async () =>
        index
          ? // Leaves every index the stored value was in (the additions of a removal are none).
            (await evalScript(
              REMOVE_INDEXED,
              [key, ...index.remove, ...index.add.map(([indexKey]) => indexKey)],
              [expected, index.member],
            )) === 1
          : (await evalScript(REMOVE_IF_EQUAL, key, [expected])) === 1,
      ),
    scanPage: (prefix, cursor, count) =>
      run(async () => {
        const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
        const step = await client.scan(cursor ?? '0', { MATCH: match, COUNT: count, TYPE: 'string' });
        const values = step.keys.length === 0 ? [] : await client.mGet(step.keys);
        const entries = step.keys.flatMap((key, index): Array<[string, string]> =>
          typeof values[index] === 'string' ? [[key, values[index]]] : [],
        );
        const next = String(step.cursor);
        return { entries, cursor: next === '0' ? undefined : next };
      }),
    indexRange: (indexKey, recordPrefix, { min = -Infinity, max = Infinity, limit, descending = false }) =>
      run(async () => {
        const [from, to] = descending ? [bound(max, '+inf'), bound(min, '-inf')] : [bound(min, '-inf'), bound(max, '+inf')];
        const members = (await client.sendCommand([
          'ZRANGE',
          indexKey,
          from,
          to,
          'BYSCORE',
          ...(descending ? ['REV'] : []),
          ...(limit !== undefined ? ['LIMIT', '0', String(limit)] : []),
        ])) as string[];
        if (members.length === 0) return [];
        const values = await client.mGet(members.map((member) => recordPrefix + member));
        return members.flatMap((member, index): Array<[string, string]> =>
          typeof values[index] === 'string' ? [[member, values[index]]] : [],
        );
      }),
    indexCount: (indexKey, min, max) => run(() => client.zCount(indexKey, bound(min, '-inf'), bound(max, '+inf'))),
    removeListEntries: (listKey, entries) =>
      run(async () => {
        if (entries.length === 0) return;
        const transaction = client.multi();
        for (const entry of entries) transaction.lRem(listKey, 0, entry);
        await transaction.exec();
      }),
    removeList: (listKey) =>
      run(async () => {
        await client.del(listKey);
      }),
    pace: (key, rate) => redisPace(client, key, rate, timeoutMs),
    scan: (prefix) =>
      run(async () => {
        const found = new Map<string, string>(); // SCAN may return a key twice
        const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
        let cursor = '0';
        do {
          const step = await bounded(client.scan(cursor, { MATCH: match, COUNT: SCAN_COUNT, TYPE: 'string' }));
          cursor = String(step.cursor);
          if (step.keys.length === 0) continue;
          const values = await bounded(client.mGet(step.keys));
          step.keys.forEach((key, index) => {
            const value = values[index];
            if (typeof value === 'string') found.set(key, value); // null: deleted since the SCAN
          });
        } while (cursor !== '0');
        return [...found];
      }, 'per command'),
    claim: (key, owner, ttlMs) =>
      run(async () => (await client.set(key, owner, { condition: 'NX', expiration: { type: 'PX', value: px(ttlMs) } })) !== null),
    acquireLease: (key, owner, ttlMs) => run(async () => (await evalScript(ACQUIRE_OR_RENEW, key, [owner, px(ttlMs)])) === 1),
    releaseLease: (key, owner) =>
      run(async () => {
        await evalScript(RELEASE_IF_HOLDER, key, [owner]);
      }),
    appendToLists: (listKeys, entry) =>
      run(async () => {
        const transaction = client.multi();
        for (const listKey of listKeys) transaction.rPush(listKey, entry);
        await transaction.exec();
      }),
    appendAllToLists: (items) =>
      run(async () => {
        if (items.length === 0) return;
        const transaction = client.multi();
        for (const { listKeys, entry } of items) for (const listKey of listKeys) transaction.rPush(listKey, entry);
        await transaction.exec();
      }),
    commitGroups: (groups) =>
      run(async () => {
        if (groups.length === 0) return [];
        const { keys, args } = commitArguments(groups);
        const written = (await client.eval(COMMIT_GROUPS, { keys, arguments: args })) as number[];
        return groups.map((_, index) => Number(written[index]) === 1);
      }),
    readList: (listKey) => run(() => client.lRange(listKey, 0, -1)),
    readListTail: (listKey, count) => run(() => client.lRange(listKey, -count, -1)),
    readListHead: (listKey, count) => run(() => client.lRange(listKey, 0, count - 1)),
    dropListHead: (listKey, count) =>
      run(async () => {
        if (count > 0) await client.lTrim(listKey, count, -1);
      }),
    async close() {
      closed = true;
      if (!client.isOpen) return;
      try {
        // A stalled Redis never answers the replies close() waits for: dropped after a while.
        await withDeadline(client.close(), CLOSE_TIMEOUT_MS, late);
      } catch {
        if (client.isOpen) client.destroy();
      }
    },
  };
}

/** The KEYS and ARGV of COMMIT_GROUPS, in the order the script reads them. */
function commitArguments(groups: readonly WriteGroup[]): { keys: string[]; args: string[] } {
  const keys: string[] = [];
  const args: string[] = [String(groups.length)];
  for (const { replace, removeIfEqual = [], append = [] } of groups) {
    const index = replace.index ?? { member: '', remove: [], add: [] };
    keys.push(replace.key, ...index.remove, ...index.add.map(([indexKey]) => indexKey));
    args.push(
      replace.expected,
      replace.next,
      index.member,
      String(index.remove.length),
      String(index.add.length),
      ...index.add.map(([, score]) => String(score)),
    );
    args.push(String(removeIfEqual.length));
    for (const removal of removeIfEqual) {
      const leaving = removal.index ? [...removal.index.remove, ...removal.index.add.map(([indexKey]) => indexKey)] : [];
      keys.push(removal.key, ...leaving);
      args.push(removal.expected, removal.index?.member ?? '', String(leaving.length));
    }
    args.push(String(append.length));
    for (const { listKeys, entry } of append) {
      keys.push(...listKeys);
      args.push(entry, String(listKeys.length));
    }
  }
  return { keys, args };
}
