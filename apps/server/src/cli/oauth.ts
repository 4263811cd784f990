/**
 * `npm run --silent oauth -- <command>`: manage OAuth integration clients from the shell.
 *   add-client --name "PACS" --facility BVDK-TN --scope "dicomweb.write system/*.read"
 *       prints client_id and client_secret (shown once) as JSON
 *   list                      all clients
 *   revoke <client_id>        revokes the client; its tokens stop working at once
 * Uses the same database settings as `npm start`. Exit 0 ok, 2 usage error, 3 database in use.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { DataDirInUseError } from '../db/datadir-lock.ts';
import { openDatabase } from '../db/open.ts';
import { createClient, describeClient, revoke } from '../modules/oauth/oauth.service.ts';
import type { ClientRow } from '../modules/oauth/oauth.repo.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const USAGE = 'usage: npm run --silent oauth -- add-client --name NAME --facility CODE --scope "SCOPE ..." | list | revoke CLIENT_ID';

async function main(): Promise<number> {
  const [cmd, ...rest] = process.argv.slice(2);
  if (!cmd || cmd === '--help') {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  const { values, positionals } = parseArgs({ args: rest, options: { name: { type: 'string' }, facility: { type: 'string' }, scope: { type: 'string' } }, allowPositionals: true });
  let opened;
  try {
    opened = await openDatabase(loadConfig(process.env, repoRoot));
  } catch (e) {
    if (e instanceof DataDirInUseError) {
      console.error(`oauth: ${e.message}`);
      return 3;
    }
    throw e;
  }
  const { db } = opened;
  try {
    if (cmd === 'add-client') {
      if (!values.name || !values.facility || !values.scope) {
        console.error(USAGE);
        return 2;
      }
      const [f] = await db.query<{ id: string }>('SELECT id FROM facility WHERE code = $1 OR id::text = $1', [values.facility]);
      if (!f) {
        console.error(`oauth: no facility ${values.facility}`);
        return 2;
      }
      const c = await createClient(db, null, { name: values.name, facilityId: f.id, scopes: values.scope.split(/[ ,]+/).filter(Boolean) });
      console.log(JSON.stringify({ client_id: c.clientId, client_secret: c.clientSecret, facility_id: c.facilityId, scope: c.scopes.join(' ') }, null, 2));
      return 0;
    }
    if (cmd === 'list') {
      const rows = await db.query<ClientRow>('SELECT id, client_id, name, secret_hash, facility_id::text AS facility_id, scopes, created_at, revoked_at FROM oauth_client ORDER BY created_at');
      for (const r of rows.map(describeClient)) console.log(`${r.clientId}\t${r.name}\t${r.facilityId}\t${r.scopes.join(' ')}\t${r.revokedAt ? `revoked ${r.revokedAt}` : 'active'}`);
      return 0;
    }
    if (cmd === 'revoke' && positionals[0]) {
      const c = await revoke(db, null, positionals[0]);
      console.log(`revoked ${c.clientId} at ${c.revokedAt}`);
      return 0;
    }
    console.error(USAGE);
    return 2;
  } catch (e) {
    console.error(`oauth: ${(e as Error).message}`);
    return 2;
  } finally {
    await db.close();
  }
}

process.exitCode = await main();
