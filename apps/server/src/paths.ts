/**
 * The repository's root, found from this file's location, so that paths to files the server reads
 * at run time (migrations, bundled models, the web build) hold both when running from source
 * (tsx, vitest) and from the bundle `npm start` builds (apps/server/dist).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'apps/server/src/db/migrations'))) return dir;
    if (dirname(dir) === dir) throw new Error(`yte: cannot find the repository root above ${start}`);
  }
}

export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const SERVER_SRC = join(REPO_ROOT, 'apps/server/src');
