/** `npm run docs:api`: writes docs/api.md from the route schemas (see lib/api-doc.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../app.ts';
import { openPglite } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { renderApiMarkdown, type OpenApiDoc } from '../lib/api-doc.ts';
import { REPO_ROOT } from '../paths.ts';
import { testConfig } from '../testing/harness.ts';

const db = await openPglite(undefined);
try {
  await migrate(db);
  const app = await build({ db, config: testConfig() });
  await app.ready();
  const md = renderApiMarkdown(app.swagger() as unknown as OpenApiDoc);
  await app.close();
  const file = join(REPO_ROOT, 'docs/api.md');
  writeFileSync(file, md);
  console.log(`wrote ${file} (${md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| method')).length} operations)`);
} finally {
  await db.close();
}
