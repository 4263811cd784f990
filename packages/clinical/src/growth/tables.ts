/**
 * WHO growth LMS tables, loaded once into typed arrays for index lookups.
 * Data: src/growth/data/*.json, converted by scripts/convert-who-growth.ts from
 * shared/reference/who-growth (WHO Child Growth Standards 2006/2007; WHO Reference 2007).
 */
import wfa from './data/wfa.json' with { type: 'json' };
import lhfa from './data/lhfa.json' with { type: 'json' };
import bfa from './data/bfa.json' with { type: 'json' };
import hcfa from './data/hcfa.json' with { type: 'json' };
import acfa from './data/acfa.json' with { type: 'json' };
import wfl from './data/wfl.json' with { type: 'json' };
import wfh from './data/wfh.json' with { type: 'json' };
import wfa2007 from './data/wfa2007.json' with { type: 'json' };
import hfa2007 from './data/hfa2007.json' with { type: 'json' };
import bfa2007 from './data/bfa2007.json' with { type: 'json' };

export type TableId = 'wfa' | 'lhfa' | 'bfa' | 'hcfa' | 'acfa' | 'wfl' | 'wfh' | 'wfa2007' | 'hfa2007' | 'bfa2007';

interface RawSex { start: number; l: number[]; m: number[]; s: number[] }
interface RawTable { provenance: string; id: string; key: string; step: number; restricted: boolean; male: RawSex; female: RawSex }

/** One sex of one table: row i holds LMS at key = start + i * step. */
export interface LmsRows {
  readonly start: number;
  readonly step: number;
  readonly n: number;
  readonly l: Float64Array;
  readonly m: Float64Array;
  readonly s: Float64Array;
}

export interface LmsTable {
  readonly id: TableId;
  readonly provenance: string;
  readonly restricted: boolean;
  /** index 0 = male, 1 = female */
  readonly bySex: readonly [LmsRows, LmsRows];
}

function rows(r: RawSex, step: number): LmsRows {
  return { start: r.start, step, n: r.l.length, l: Float64Array.from(r.l), m: Float64Array.from(r.m), s: Float64Array.from(r.s) };
}

/**
 * The published 0–5 y age tables end at 1826 days (60 months) while WHO's software scores children
 * up to 1856 days (< 61 months). For 1827–1856 days the L, M and S are continued linearly with the
 * slope of the table's final month (30 rows); this reproduces every row of the WHO Anthro
 * validation output (survey_z_st.csv) aged 1827–1856 days.
 */
export const EXTEND_TO_DAYS = 1856;
const EXTEND_SLOPE_ROWS = 30;

function extend(r: LmsRows, lastKey: number): LmsRows {
  const have = r.start + r.n - 1;
  if (have >= lastKey) return r;
  const n = lastKey - r.start + 1;
  const cont = (a: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    out.set(a);
    const i = r.n - 1;
    const slope = (a[i]! - a[i - EXTEND_SLOPE_ROWS]!) / EXTEND_SLOPE_ROWS;
    for (let k = r.n; k < n; k++) out[k] = a[i]! + (k - i) * slope;
    return out;
  };
  return { start: r.start, step: r.step, n, l: cont(r.l), m: cont(r.m), s: cont(r.s) };
}

function load(raw: RawTable): LmsTable {
  let male = rows(raw.male, raw.step);
  let female = rows(raw.female, raw.step);
  if (raw.key === 'ageDays') {
    male = extend(male, EXTEND_TO_DAYS);
    female = extend(female, EXTEND_TO_DAYS);
  }
  return { id: raw.id as TableId, provenance: raw.provenance, restricted: raw.restricted, bySex: [male, female] };
}

export const TABLES: Readonly<Record<TableId, LmsTable>> = {
  wfa: load(wfa as RawTable),
  lhfa: load(lhfa as RawTable),
  bfa: load(bfa as RawTable),
  hcfa: load(hcfa as RawTable),
  acfa: load(acfa as RawTable),
  wfl: load(wfl as RawTable),
  wfh: load(wfh as RawTable),
  wfa2007: load(wfa2007 as RawTable),
  hfa2007: load(hfa2007 as RawTable),
  bfa2007: load(bfa2007 as RawTable),
};
