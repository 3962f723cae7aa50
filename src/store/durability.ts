/**
 * Whether the store keeps what it is given: a request, its holds and its audit trail must
 * survive a restart of the store, and must never be evicted to make room. SQLite is a file on
 * disk; a Redis says so in `INFO` (its `persistence` and `memory` sections). `INFO` is read
 * rather than `CONFIG GET`, which managed Redis services often refuse.
 */
export interface Durability {
  /** False: a restart of the store loses what it holds (Redis without AOF and without RDB snapshots seen). */
  persistent: boolean;
  /** Redis `maxmemory_policy`; absent on SQLite (nothing is ever evicted). */
  evictionPolicy?: string;
  /** How persistence was told: `aof` (appendonly yes), `rdb` (snapshots seen, no AOF), `none`, `file` (SQLite), or `unknown` (INFO refused). */
  persistence: 'file' | 'aof' | 'rdb' | 'none' | 'unknown';
}

/** The one eviction policy under which Redis never drops a key to make room: it refuses writes instead. */
export const SAFE_EVICTION_POLICY = 'noeviction';

/** `INFO` text as fields (`field:value` lines; `# Section` headers and blank lines skipped). */
export function infoFields(info: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * A Redis's durability from its `INFO persistence` and `INFO memory`.
 *
 * AOF is told exactly (`aof_enabled`). RDB save points are not in `INFO` (only in `CONFIG GET
 * save`), so they are inferred: RDB counts as on when `INFO` shows a snapshot taken since Redis
 * started (`rdb_saves` > 0, Redis 7; or `rdb_last_bgsave_time_sec` other than -1, older
 * versions). A Redis with save points that has not snapshotted yet (just started, or no write
 * since) is therefore reported as not persistent until its first snapshot; the check is read
 * again at each scrape and readiness probe, so it turns once one is taken. With `appendonly yes`
 * (what the README asks) it is known at once.
 */
export function redisDurability(info: string): Durability {
  const fields = infoFields(info);
  const evictionPolicy = fields.get('maxmemory_policy') ?? SAFE_EVICTION_POLICY;
  if (fields.get('aof_enabled') === '1') return { persistent: true, persistence: 'aof', evictionPolicy };
  const saves = Number(fields.get('rdb_saves') ?? '0');
  const lastBgsave = Number(fields.get('rdb_last_bgsave_time_sec') ?? '-1');
  const snapshotted = (Number.isFinite(saves) && saves > 0) || (Number.isFinite(lastBgsave) && lastBgsave >= 0);
  return snapshotted
    ? { persistent: true, persistence: 'rdb', evictionPolicy }
    : { persistent: false, persistence: 'none', evictionPolicy };
}
