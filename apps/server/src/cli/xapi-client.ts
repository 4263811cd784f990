/**
 * `npm run xapi:client -- add KEY FACILITY_CODE [NAME]`: registers an LRS client (HTTP Basic) for a
 * facility; the secret is read from YTE_XAPI_SECRET or generated and printed once. `list` shows
 * the clients. Same database settings as `npm start`. Exit 0 done, 2 usage/configuration error.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { registerClient } from '../modules/xapi/xapi.service.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const USAGE = 'usage: npm run xapi:client -- add KEY FACILITY_CODE [NAME]   |   npm run xapi:client -- list';

async function main(): Promise<number> {
  const [cmd, key, facilityCode, ...name] = process.argv.slice(2);
  if (cmd !== 'list' && !(cmd === 'add' && key && facilityCode)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(process.env, repoRoot);
  if (!config.databaseUrl && !existsSync(config.dataDir)) {
    console.error(`xapi:client: no database at ${config.dataDir} (run npm start once, or set YTE_DATA_DIR / DATABASE_URL)`);
    return 2;
  }
  const { db } = await openDatabase(config);
  try {
    if (cmd === 'list') {
      const rows = await db.query<{ key: string; name: string; code: string; active: boolean }>(
        'SELECT c.key, c.name, f.code, c.active FROM xapi_client c JOIN facility f ON f.id = c.facility_id ORDER BY c.key');
      for (const r of rows) console.log(`${r.key}\t${r.code}\t${r.active ? 'active' : 'inactive'}\t${r.name}`);
      return 0;
    }
    const [f] = await db.query<{ id: string }>('SELECT id FROM facility WHERE code = $1', [facilityCode]);
    if (!f) {
      console.error(`xapi:client: no facility with code ${facilityCode}`);
      return 2;
    }
    const secret = process.env.YTE_XAPI_SECRET || randomBytes(18).toString('base64url');
    await registerClient(db, { key: key!, secret, name: name.join(' ') || key!, facilityId: f.id });
    console.log(`registered LRS client ${key} for ${facilityCode}${process.env.YTE_XAPI_SECRET ? '' : `; secret (shown once): ${secret}`}`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (e) => {
  console.error('xapi:client failed:', e instanceof Error ? e.message : e);
  process.exit(2);
});
