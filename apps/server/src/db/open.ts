import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { type Db, openPglite, openPostgres } from './db.ts';
import { migrate } from './migrate.ts';

export const pgliteDir = (dataDir: string) => join(dataDir, 'pg');

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<{ db: Db; applied: string[] }> {
  let db: Db;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
  } else {
    mkdirSync(pgliteDir(config.dataDir), { recursive: true });
    db = await openPglite(pgliteDir(config.dataDir));
  }
  const applied = await migrate(db);
  return { db, applied };
}
