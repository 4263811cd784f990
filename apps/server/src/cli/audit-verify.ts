/**
 * `npm run audit:verify`: walks the audit log's hash chain and reports the first broken entry.
 * Uses the same database settings as `npm start` (DATABASE_URL or YTE_DATA_DIR). Exit 0 intact,
 * 1 broken, 2 usage/configuration error, 3 refused: the embedded database is in use by a running
 * server (PGlite admits one process; stop the server, then verify).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { DataDirInUseError } from '../db/datadir-lock.ts';
import { openDatabase } from '../db/open.ts';
import { verifyAuditChain } from '../modules/audit/audit.repo.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

async function main() {
  if (process.argv.includes('--help')) {
    console.log('usage: npm run audit:verify   (reads DATABASE_URL or YTE_DATA_DIR like npm start)');
    return 0;
  }
  const config = loadConfig(process.env, repoRoot);
  if (!config.databaseUrl && !existsSync(config.dataDir)) {
    console.error(`audit:verify: no database at ${config.dataDir} (set YTE_DATA_DIR or DATABASE_URL)`);
    return 2;
  }
  const { db } = await openDatabase(config);
  try {
    const started = performance.now();
    const { checked, firstBreak } = await verifyAuditChain(db, (n) => process.stderr.write(`\r  checked ${n} entries…`));
    process.stderr.write('\n');
    const ms = Math.round(performance.now() - started);
    if (!firstBreak) {
      console.log(`audit log intact: ${checked} entries verified in ${ms} ms`);
      return 0;
    }
    const [row] = await db.query<{ at: Date; action: string; resource_type: string; user_id: string | null }>(
      'SELECT at, action, resource_type, user_id FROM audit_log WHERE seq = $1', [firstBreak.seq]);
    console.log(`audit log BROKEN at entry ${firstBreak.seq} (${firstBreak.reason}); ${checked} entries before it verified`);
    if (row) console.log(`  entry ${firstBreak.seq}: ${new Date(row.at).toISOString()} ${row.action} ${row.resource_type} by ${row.user_id ?? 'system'}`);
    return 1;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (e) => {
  if (e instanceof DataDirInUseError) {
    // The embedded database admits one process: never open it beside a running server.
    console.error(`audit:verify: refused: ${e.message} audit:verify reads the embedded database itself: stop the server, then run it again.`);
    process.exit(3);
  }
  console.error('audit:verify failed:', e instanceof Error ? e.message : e);
  process.exit(2);
});
