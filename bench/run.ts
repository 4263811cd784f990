/**
 * `npm run bench [filter]`: runs every bench/<area>.bench.ts (or those whose file name contains
 * the filter), prints a table and writes bench/results.json as [{name, value, unit, goal}].
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchResult } from './lib.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const quick = process.env.YTE_BENCH_QUICK === '1';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

const results: BenchResult[] = [];
for (const file of files) {
  process.stderr.write(`== ${file}\n`);
  const mod = (await import(join(here, file))) as { default: Bench };
  const rows = await mod.default({ quick, log: (m) => process.stderr.write(`   ${m}\n`) });
  results.push(...rows);
}

const width = Math.max(4, ...results.map((r) => r.name.length));
console.log(`${'name'.padEnd(width)}  ${'value'.padStart(14)}  ${'unit'.padEnd(10)}  goal`);
for (const r of results) {
  const v = Number.isInteger(r.value) ? String(r.value) : r.value.toPrecision(6);
  console.log(`${r.name.padEnd(width)}  ${v.padStart(14)}  ${r.unit.padEnd(10)}  ${r.goal ?? ''}`);
}
// A filtered run updates its own figures and keeps the others from earlier runs.
const out = join(here, 'results.json');
let merged = results;
if (filter && existsSync(out)) {
  const earlier = JSON.parse(readFileSync(out, 'utf8')) as BenchResult[];
  const fresh = new Set(results.map((r) => r.name));
  merged = [...earlier.filter((r) => !fresh.has(r.name)), ...results];
}
writeFileSync(out, JSON.stringify(merged, null, 2) + '\n');
console.log(`\nwrote bench/results.json (${merged.length} figures, ${results.length} from this run${quick ? ', quick mode' : ''})`);
