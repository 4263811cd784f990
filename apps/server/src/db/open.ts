import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../config.ts';
import { SERVER_SRC } from '../paths.ts';
import { acquireDataDirLock } from './datadir-lock.ts';
import { type Db, openPglite, openPostgres } from './db.ts';
import { migrate } from './migrate.ts';

export const pgliteDir = (dataDir: string) => join(dataDir, 'pg');

/** Creates the embedded cluster in a short-lived child process (see pglite-initdb.mjs for why). */
async function initPgliteCluster(dir: string) {
  const script = join(SERVER_SRC, 'db/pglite-initdb.mjs');
  try {
    await promisify(execFile)(process.execPath, [script, dir], { timeout: 120_000 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`could not create the embedded database in ${dir}: ${err.stderr?.trim() || err.message}`);
  }
}

/**
 * Opens the configured database and brings its schema up to date. The embedded database is opened
 * only under the data directory's lock (see datadir-lock.ts): a second process gets a
 * DataDirInUseError naming the first; `db.close()` releases the lock.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'pgliteSharedBuffersMb'>,
  opts: { log?: (message: string) => void } = {},
): Promise<{ db: Db; applied: string[] }> {
  let db: Db;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    const lock = acquireDataDirLock(config.dataDir, { log: opts.log ?? ((m) => console.warn(`yte: ${m}`)) });
    try {
      const dir = pgliteDir(config.dataDir);
      mkdirSync(dir, { recursive: true });
      if (!existsSync(join(dir, 'PG_VERSION'))) await initPgliteCluster(dir); // a child, under our lock
      const lite = await openPglite(dir, { sharedBuffersMb: config.pgliteSharedBuffersMb });
      db = { ...lite, close: () => lite.close().finally(() => lock.release()) };
    } catch (e) {
      lock.release();
      throw e;
    }
  }
  try {
    const applied = await migrate(db);
    return { db, applied };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
