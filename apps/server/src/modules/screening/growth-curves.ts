/**
 * WHO growth reference lines (−3 … +3 SD) for charts, computed from the clinical package's LMS
 * tables with the WHO formula SDk = M·(1 + L·S·k)^(1/L) (WHO 2006, ch. 7) — the web draws them
 * without bundling the tables. Sampled: age indicators weekly (x in months), length/height
 * indicators every 0.5 cm.
 */
import { DAYS_PER_MONTH, lmsValueAt } from '@yte/clinical';
// The LMS tables are not part of @yte/clinical's public index; read-only use of its data module.
import { TABLES } from '../../../../../packages/clinical/src/growth/tables.ts';

export const INDICATORS = ['wfa', 'lhfa', 'wfl', 'wfh', 'bfa', 'acfa'] as const;
export type Indicator = (typeof INDICATORS)[number];

const META: Record<Indicator, { x: 'ageMonths' | 'lengthCm' | 'heightCm'; y: string; unit: string; title: { en: string; vi: string }; min?: number; max?: number }> = {
  wfa: { x: 'ageMonths', y: 'weightKg', unit: 'kg', title: { en: 'Weight-for-age', vi: 'Cân nặng theo tuổi' } },
  lhfa: { x: 'ageMonths', y: 'lengthOrHeightCm', unit: 'cm', title: { en: 'Length/height-for-age', vi: 'Chiều dài/chiều cao theo tuổi' } },
  wfl: { x: 'lengthCm', y: 'weightKg', unit: 'kg', title: { en: 'Weight-for-length (0–2 years)', vi: 'Cân nặng theo chiều dài (0–2 tuổi)' }, min: 45, max: 110 },
  wfh: { x: 'heightCm', y: 'weightKg', unit: 'kg', title: { en: 'Weight-for-height (2–5 years)', vi: 'Cân nặng theo chiều cao (2–5 tuổi)' }, min: 65, max: 120 },
  bfa: { x: 'ageMonths', y: 'bmi', unit: 'kg/m²', title: { en: 'BMI-for-age', vi: 'BMI theo tuổi' } },
  acfa: { x: 'ageMonths', y: 'muacCm', unit: 'cm', title: { en: 'Arm circumference-for-age', vi: 'Vòng cánh tay theo tuổi' } },
};

export interface CurvePoint { x: number; sdM3: number; sdM2: number; sdM1: number; sd0: number; sd1: number; sd2: number; sd3: number }

const r3 = (v: number) => Math.round(v * 1000) / 1000;

export function growthCurves(indicator: Indicator, sex: 'male' | 'female') {
  const t = TABLES[indicator];
  const rows = t.bySex[sex === 'male' ? 0 : 1];
  const meta = META[indicator];
  const byAge = meta.x === 'ageMonths';
  const every = byAge ? 7 : Math.max(1, Math.round(0.5 / rows.step));
  // Age tables are published to 1826 days (60 months); the extension beyond is for scoring only.
  const lastKey = byAge ? 1826 : meta.max!;
  const points: CurvePoint[] = [];
  for (let i = 0; i < rows.n; i++) {
    const key = rows.start + i * rows.step;
    if (key > lastKey + 1e-9) break;
    const isLast = key + rows.step > lastKey + 1e-9;
    if (i % every !== 0 && !isLast) continue;
    const l = rows.l[i]!, m = rows.m[i]!, s = rows.s[i]!;
    const at = (k: number) => r3(lmsValueAt(k, l, m, s));
    points.push({ x: byAge ? r3(key / DAYS_PER_MONTH) : r3(key), sdM3: at(-3), sdM2: at(-2), sdM1: at(-1), sd0: at(0), sd1: at(1), sd2: at(2), sd3: at(3) });
  }
  return { indicator, sex, x: meta.x, y: meta.y, unit: meta.unit, title: meta.title, source: t.provenance, points };
}
