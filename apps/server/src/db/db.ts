/**
 * One database interface over two engines with PostgreSQL semantics: PGlite (embedded, a data
 * directory on a station PC) and node-postgres (a PostgreSQL server at a hospital). Repos only
 * see `Queryable`; services open transactions with `db.tx`.
 */
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL: the connection pool's counters (for /metrics). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  /** PostgreSQL: the schema this pool is confined to ('' = default), so NOTIFY channels can be per schema. */
  readonly scope?: string;
  /**
   * PostgreSQL: LISTEN on a channel over a dedicated connection (re-opened after a drop); returns
   * the function that stops it. Replicas on one database fan events out through NOTIFY.
   */
  listen?(channel: string, onMessage: (payload: string) => void, onError?: (e: Error) => void): Promise<() => Promise<void>>;
}

// DATE stays a 'YYYY-MM-DD' string: a JS Date would shift it by the server's time zone.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

export interface PgliteOptions {
  /**
   * shared_buffers in MB. PostgreSQL touches all of it at start, so it is resident memory for the
   * process's life: PGlite's 128 MB default is most of a station PC's budget; 32 MB holds a
   * station's working set (a hospital runs PostgreSQL).
   */
  sharedBuffersMb?: number;
}

export async function openPglite(dataDir: string | undefined, opts: PgliteOptions = {}): Promise<Db> {
  const lite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    // One in-process backend: a handful of connection slots is plenty and saves shared memory.
    postgresqlconf: [`shared_buffers=${opts.sharedBuffersMb ?? 32}MB`, 'max_connections=5'],
    extensions: { pg_trgm, fuzzystrmatch, btree_gin },
    parsers: {
      [DATE_OID]: (v: string) => v,
      [INT8_OID]: (v: string) => Number(v),
      [NUMERIC_OID]: (v: string) => Number(v),
    },
  });
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const r = await q.query<T>(sql, params as unknown[]);
      return r.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(lite),
    tx: (fn) => lite.transaction((t) => fn(wrap(t))),
    close: () => lite.close(),
  };
}

export async function openPostgres(url: string, opts: { schema?: string; max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === DATE_OID) return (v: string) => v;
        if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
    // A test schema isolates parallel test files on the shared `test` database.
    ...(opts.schema ? { options: `-c search_path=${opts.schema},public` } : {}),
  });
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const r = await c.query(sql, params as unknown[]);
      return r.rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql); // no parameters: simple protocol, several statements allowed
    },
  });
  const max = opts.max ?? 10;
  return {
    kind: 'postgres',
    scope: opts.schema ?? '',
    ...wrap(pool),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    async listen(channel, onMessage, onError) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name ${channel}`);
      let stopped = false;
      let client: pg.Client | null = null;
      const reopen = (): void => {
        if (!stopped) setTimeout(() => open().catch((err: Error) => { onError?.(err); reopen(); }), 1000).unref();
      };
      const open = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url, ...(opts.schema ? { options: `-c search_path=${opts.schema},public` } : {}) });
        c.on('notification', (m) => { if (m.channel === channel && m.payload !== undefined) onMessage(m.payload); });
        c.on('error', (e) => {
          onError?.(e);
          c.end().catch(() => undefined);
          reopen();
        });
        await c.connect();
        await c.query(`LISTEN ${channel}`);
        if (stopped) await c.end();
        else client = c;
      };
      await open();
      return async () => {
        stopped = true;
        await client?.end().catch(() => undefined);
      };
    },
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
