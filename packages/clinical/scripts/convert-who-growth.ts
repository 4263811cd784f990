/**
 * Converts the WHO growth LMS tables in `../shared/reference/who-growth/` into the compact JSON
 * files in `src/growth/data/` that the growth rule imports (no I/O at run time).
 *
 * Run from the repo root: `npx tsx packages/clinical/scripts/convert-who-growth.ts`
 * (override the shared folder with env YTE_SHARED_DIR).
 *
 * Output per table: { provenance, key, step, unit, restricted, male: {start, l[], m[], s[]},
 * female: {...} } where row i of a sex holds the LMS for key = start + i * step.
 * The key is age in days (0-5 y age tables), length/height in cm (wfl/wfh, step 0.1) or
 * age in months (2007 reference). Rows are checked to be contiguous.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const shared = process.env.YTE_SHARED_DIR ?? resolve(here, '../../../../shared');
const src = join(shared, 'reference', 'who-growth');
const out = resolve(here, '../src/growth/data');
mkdirSync(out, { recursive: true });

const STANDARDS_0_5 =
  'WHO Child Growth Standards (WHO Multicentre Growth Reference Study Group, 2006; head and arm circumference 2007), © World Health Organization';
const REFERENCE_2007 =
  'WHO Reference 2007 for 5-19 years (de Onis M et al., Bull World Health Organ 2007;85:660-7), © World Health Organization';

interface Spec {
  id: string;
  file: string;
  key: 'ageDays' | 'lengthCm' | 'heightCm' | 'ageMonths';
  step: number;
  restricted: boolean;
  provenance: string;
}

const specs: Spec[] = [
  { id: 'wfa', file: '0-5y/weianthro.txt', key: 'ageDays', step: 1, restricted: true, provenance: STANDARDS_0_5 },
  { id: 'lhfa', file: '0-5y/lenanthro.txt', key: 'ageDays', step: 1, restricted: false, provenance: STANDARDS_0_5 },
  { id: 'bfa', file: '0-5y/bmianthro.txt', key: 'ageDays', step: 1, restricted: true, provenance: STANDARDS_0_5 },
  { id: 'hcfa', file: '0-5y/hcanthro.txt', key: 'ageDays', step: 1, restricted: false, provenance: STANDARDS_0_5 },
  { id: 'acfa', file: '0-5y/acanthro.txt', key: 'ageDays', step: 1, restricted: true, provenance: STANDARDS_0_5 },
  { id: 'wfl', file: '0-5y/wflanthro.txt', key: 'lengthCm', step: 0.1, restricted: true, provenance: STANDARDS_0_5 },
  { id: 'wfh', file: '0-5y/wfhanthro.txt', key: 'heightCm', step: 0.1, restricted: true, provenance: STANDARDS_0_5 },
  { id: 'wfa2007', file: '5-19y/wfawho2007.txt', key: 'ageMonths', step: 1, restricted: true, provenance: REFERENCE_2007 },
  { id: 'hfa2007', file: '5-19y/hfawho2007.txt', key: 'ageMonths', step: 1, restricted: false, provenance: REFERENCE_2007 },
  { id: 'bfa2007', file: '5-19y/bfawho2007.txt', key: 'ageMonths', step: 1, restricted: true, provenance: REFERENCE_2007 },
];

interface SexRows { start: number; l: number[]; m: number[]; s: number[] }

for (const spec of specs) {
  const text = readFileSync(join(src, spec.file), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]!.split('\t');
  const iSex = header.indexOf('sex');
  const iKey = 1;
  const iL = header.indexOf('l');
  const iM = header.indexOf('m');
  const iS = header.indexOf('s');
  if (iSex !== 0 || iL < 0 || iM < 0 || iS < 0) throw new Error(`${spec.file}: unexpected header ${header.join(',')}`);
  const bySex: Record<'1' | '2', SexRows | null> = { '1': null, '2': null };
  for (const line of lines.slice(1)) {
    const c = line.split('\t');
    const sex = c[iSex] as '1' | '2';
    const key = Number(c[iKey]);
    const rows = (bySex[sex] ??= { start: key, l: [], m: [], s: [] });
    const expected = rows.start + rows.l.length * spec.step;
    if (Math.abs(expected - key) > 1e-6) throw new Error(`${spec.file}: gap at sex ${sex} key ${key} (expected ${expected})`);
    rows.l.push(Number(c[iL]));
    rows.m.push(Number(c[iM]));
    rows.s.push(Number(c[iS]));
  }
  if (!bySex['1'] || !bySex['2']) throw new Error(`${spec.file}: missing a sex`);
  const data = {
    provenance: `${spec.provenance}. Converted from shared/reference/who-growth/${spec.file} by packages/clinical/scripts/convert-who-growth.ts.`,
    id: spec.id,
    key: spec.key,
    step: spec.step,
    restricted: spec.restricted,
    male: bySex['1'],
    female: bySex['2'],
  };
  writeFileSync(join(out, `${spec.id}.json`), JSON.stringify(data) + '\n');
  console.log(`${spec.id}: male ${bySex['1'].l.length} rows from ${bySex['1'].start}, female ${bySex['2'].l.length} rows`);
}
