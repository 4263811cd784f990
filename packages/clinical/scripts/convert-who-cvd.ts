/**
 * Copies the WHO 2019 CVD risk model coefficients and the Southeast Asia recalibration from
 * `../shared/reference/who-cvd-2019/southeast-asia.json` into `src/data/who-cvd-2019-sea.json`
 * (only the numbers the rule needs, plus the provenance), checking the shape on the way.
 *
 * Run from the repo root: `npx tsx packages/clinical/scripts/convert-who-cvd.ts`
 * (override the shared folder with env YTE_SHARED_DIR).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const shared = process.env.YTE_SHARED_DIR ?? resolve(here, '../../../../shared');
const file = join(shared, 'reference', 'who-cvd-2019', 'southeast-asia.json');
const src = JSON.parse(readFileSync(file, 'utf8'));

interface Outcome { coef: number[]; s0: number; recalibration: { cons: number; slope: number } }
function check(model: string, nTerms: number, sex: string, o: Outcome): Outcome {
  if (!Array.isArray(o.coef) || o.coef.length !== nTerms || o.coef.some((c) => typeof c !== 'number')) throw new Error(`${model}/${sex}: coef`);
  if (!(o.s0 > 0 && o.s0 < 1)) throw new Error(`${model}/${sex}: s0`);
  return { coef: o.coef, s0: o.s0, recalibration: { cons: o.recalibration.cons, slope: o.recalibration.slope } };
}
function model(key: 'lab_based' | 'non_lab_based') {
  const m = src[key];
  const n = m.terms.length;
  return {
    terms: m.terms as string[],
    male: { chd: check(key, n, 'male', m.male.chd), stroke: check(key, n, 'male', m.male.stroke) },
    female: { chd: check(key, n, 'female', m.female.chd), stroke: check(key, n, 'female', m.female.stroke) },
  };
}
const out = {
  provenance: `${src.source} Region: ${src.region}. Converted from shared/reference/who-cvd-2019/southeast-asia.json by packages/clinical/scripts/convert-who-cvd.ts.`,
  centering: src.centering,
  checks: src.checks,
  lab: model('lab_based'),
  nonlab: model('non_lab_based'),
};
if (out.lab.terms.join() !== 'age,chol,sbp,diabetes,smoker,age*chol,age*sbp,age*diabetes,age*smoker') throw new Error('lab terms changed');
if (out.nonlab.terms.join() !== 'age,bmi,sbp,smoker,age*bmi,age*sbp,age*smoker') throw new Error('non-lab terms changed');
const dest = resolve(here, '../src/data');
mkdirSync(dest, { recursive: true });
writeFileSync(join(dest, 'who-cvd-2019-sea.json'), JSON.stringify(out, null, 1) + '\n');
console.log('wrote src/data/who-cvd-2019-sea.json');
