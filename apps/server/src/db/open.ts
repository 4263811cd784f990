import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../config.ts';
import { SERVER_SRC } from '../paths.ts';
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

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'pgliteSharedBuffersMb'>): Promise<{ db: Db; applied: string[] }> {
  let db: Db;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
  } else {
    const dir = pgliteDir(config.dataDir);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'PG_VERSION'))) await initPgliteCluster(dir);
    db = await openPglite(dir, { sharedBuffersMb: config.pgliteSharedBuffersMb });
  }
  const applied = await migrate(db);
  return { db, applied };
}
