/** Test-only helpers: locate /work/shared (override with env YTE_SHARED_DIR) and read CSVs. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function sharedPath(rel: string): string {
  const base = process.env.YTE_SHARED_DIR ?? fileURLToPath(new URL('../../../../../shared', import.meta.url));
  return `${base.replace(/\/$/, '')}/${rel}`;
}

/** Whether ../shared holds these files: tests that read them skip, with the reason in their name, when not. */
export const hasShared = (...rels: string[]) => rels.every((r) => existsSync(sharedPath(r)));
/** The suffix a skipped describe carries, e.g. "(needs ../shared/reference/who-growth)". */
export const needs = (rel: string) => `(needs ../shared/${rel}; see README "../shared")`;

/** Minimal CSV reader for the reference files (no embedded commas in their fields). */
export function readCsv(rel: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(sharedPath(rel), 'utf8').trim().split(/\r?\n/);
  const cols = head!.split(',').map((c) => c.replace(/^"|"$/g, ''));
  return lines.map((line) => {
    const cells = line.split(',');
    const row: Record<string, string> = {};
    cols.forEach((c, i) => (row[c] = (cells[i] ?? '').replace(/^"|"$/g, '')));
    return row;
  });
}

export function numOrUndef(s: string | undefined): number | undefined {
  return s === undefined || s === '' || s === 'NA' ? undefined : Number(s);
}
