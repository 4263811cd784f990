/**
 * `npm run governance:replay`: replays the real CheXNet-reproduction outputs
 * (../shared/datasets/chexnet-predictions/predictions.csv) as the high-risk vendor tool
 * 'vendor-chexnet-replay' in shadow mode, with NIH reference labels as outcomes, then prints the
 * per-finding AUROC the governance API computes. Uses the same database settings as `npm start`
 * (DATABASE_URL or YTE_DATA_DIR); seeds the demo first when the database is empty.
 * Exit 0 done, 2 usage/configuration error, 3 refused: the embedded database is in use by a running server.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.ts';
import { DataDirInUseError } from '../db/datadir-lock.ts';
import { openDatabase } from '../db/open.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { CHEXNET_TOOL_ID, FINDINGS, replayChexnet } from '../modules/governance/chexnet-replay.ts';
import { performanceCases } from '../modules/governance/governance.service.ts';
import { auroc } from '@yte/governance';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

async function main() {
  if (process.argv.includes('--help')) {
    console.log('usage: npm run governance:replay [-- --limit N]   (reads DATABASE_URL or YTE_DATA_DIR like npm start)');
    return 0;
  }
  const config = loadConfig(process.env, repoRoot);
  const li = process.argv.indexOf('--limit');
  const limit = li > 0 ? Number(process.argv[li + 1]) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) { console.error('--limit must be a positive integer'); return 2; }
  const { db } = await openDatabase(config);
  try {
    const anchor = new Date();
    await seedDemo(db, anchor);
    const r = await replayChexnet(db, { sharedDir: config.sharedDir, anchor, ...(limit ? { limit } : {}) });
    console.log(r.skipped ? `already replayed: ${r.suggestions} suggestions of ${CHEXNET_TOOL_ID}` : `replayed ${r.suggestions} suggestions (${r.patients} synthetic demo patients) in ${Math.round(r.ms)} ms`);
    const claims = await db.query<{ label: string; auroc: number | null }>("SELECT label, (claims->>'auroc')::float8 AS auroc FROM governance_baseline WHERE tool_id = $1", [CHEXNET_TOOL_ID]);
    for (const f of FINDINGS) {
      const c = await performanceCases(db, CHEXNET_TOOL_ID, { label: f });
      const a = auroc(c.scores, c.labels);
      const claim = claims.find((x) => x.label === f)?.auroc;
      console.log(`  ${f.padEnd(20)} AUROC ${a.estimate?.toFixed(4) ?? '—'} [${a.lower?.toFixed(4) ?? '—'}, ${a.upper?.toFixed(4) ?? '—'}]  claimed ${claim?.toFixed(4) ?? '—'}  n=${c.scores.length}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (e) => {
  if (e instanceof DataDirInUseError) {
    // The embedded database admits one process: never open it beside a running server.
    console.error(`governance:replay: refused: ${e.message}`);
    process.exit(3);
  }
  console.error('governance:replay failed:', e instanceof Error ? e.message : e);
  process.exit(2);
});
