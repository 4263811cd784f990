/**
 * Applies db/migrations/*.sql in name order, each in its own transaction, recording it in
 * schema_migrations. The same files run on PGlite and PostgreSQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_SRC } from '../paths.ts';
import type { Db } from './db.ts';

const migrationsDir = join(SERVER_SRC, 'db/migrations');

export async function migrate(db: Db): Promise<string[]> {
  // Extensions are database-wide; parallel test schemas may race to create them.
  // pg_trgm: migration 001's (since replaced) name index; fuzzystrmatch: levenshtein() for name
  // typos; btree_gin: a scalar column beside an array in one GIN index (name search).
  for (const ext of ['pg_trgm', 'fuzzystrmatch', 'btree_gin']) {
    try {
      await db.exec(`CREATE EXTENSION IF NOT EXISTS ${ext} SCHEMA public`);
    } catch (e) {
      if (!/already exists|duplicate key/.test(String(e))) throw e;
    }
  }
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const files = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = readFileSync(join(migrationsDir, file), 'utf8');
    await db.tx(async (q) => {
      await q.exec(sql);
      await q.query('INSERT INTO schema_migrations(name) VALUES ($1)', [file]);
    });
    applied.push(file);
  }
  return applied;
}
