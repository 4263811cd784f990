/**
 * Builds clinical rule inputs from stored observations (pure: rows in, rule input out). The rules
 * themselves live in @yte/clinical; nothing here scores anything.
 */
import type { AkiInput, Consciousness, CreatinineResult, News2Input } from '@yte/clinical';
import type { ObservationRow } from '../observations/observations.repo.ts';
import { CONSCIOUSNESS, ON_OXYGEN, VITALS } from '../observations/vitals.ts';
import { CREATININE_MGDL, CREATININE_UMOL, toCanonical } from './labs-map.ts';

export const NEWS2_PARAMS = ['respRate', 'spo2', 'onOxygen', 'systolicBP', 'pulse', 'consciousness', 'temperatureC'] as const;
export type News2Param = (typeof NEWS2_PARAMS)[number];

export interface News2Assembly {
  input: News2Input | null;
  missing: News2Param[];
  /** which observation gave each parameter */
  observationIds: Partial<Record<News2Param, string>>;
  notes: string[];
}

/**
 * The NEWS2 input from a set of vital-sign rows (e.g. one visit): the latest value of each
 * parameter. Supplemental oxygen not recorded counts as air (said in `notes`); every other
 * parameter is required: NEWS2 is not computed from a partial set.
 */
export function assembleNews2(rows: ObservationRow[], ageYears: number): News2Assembly {
  const latest = new Map<string, ObservationRow>();
  for (const r of rows) {
    if (r.category !== 'vital-signs') continue;
    const key = r.code;
    const prev = latest.get(key);
    if (!prev || new Date(prev.effective_at).getTime() <= new Date(r.effective_at).getTime()) latest.set(key, r);
  }
  const num = (code: string) => latest.get(code)?.value_num ?? undefined;
  const values: Partial<Record<News2Param, number | boolean | string>> = {};
  const ids: Partial<Record<News2Param, string>> = {};
  const take = (p: News2Param, code: string, v: number | boolean | string | undefined) => {
    if (v === undefined) return;
    values[p] = v;
    ids[p] = latest.get(code)!.id;
  };
  take('respRate', VITALS.respRate.loinc, num(VITALS.respRate.loinc));
  const spo2 = num(VITALS.spo2.loinc);
  take('spo2', VITALS.spo2.loinc, spo2 === undefined ? undefined : Math.round(spo2));
  take('systolicBP', VITALS.systolicBP.loinc, num(VITALS.systolicBP.loinc));
  take('pulse', VITALS.pulse.loinc, num(VITALS.pulse.loinc));
  take('temperatureC', VITALS.temperatureC.loinc, num(VITALS.temperatureC.loinc));
  const c = latest.get(CONSCIOUSNESS.loinc)?.value_text;
  take('consciousness', CONSCIOUSNESS.loinc, c && 'ACVPU'.includes(c) && c.length === 1 ? c : undefined);
  const o = latest.get(ON_OXYGEN.code)?.value_text;
  take('onOxygen', ON_OXYGEN.code, o === undefined || o === null ? undefined : o === 'true');
  const notes: string[] = [];
  if (values.onOxygen === undefined) {
    values.onOxygen = false;
    notes.push('supplemental oxygen not recorded: scored as air');
  }
  if (spo2 !== undefined && spo2 !== Math.round(spo2)) notes.push(`SpO2 ${spo2} % rounded to ${Math.round(spo2)} % (NEWS2 chart uses whole percent)`);
  const missing = NEWS2_PARAMS.filter((p) => values[p] === undefined);
  if (missing.length) return { input: null, missing, observationIds: ids, notes };
  return {
    input: {
      respRate: values.respRate as number, spo2: values.spo2 as number, spo2Scale: 1, onOxygen: values.onOxygen as boolean,
      systolicBP: values.systolicBP as number, pulse: values.pulse as number, consciousness: values.consciousness as Consciousness,
      temperatureC: values.temperatureC as number, ageYears: Math.floor(ageYears * 100) / 100,
    },
    missing,
    observationIds: ids,
    notes,
  };
}

export const isCreatinine = (code: string) => code === CREATININE_UMOL || code === CREATININE_MGDL;

/** The AKI input from creatinine rows (µmol/L or mg/dL, converted by the lab map). */
export function assembleAki(rows: ObservationRow[], ageYears: number, sex: 'male' | 'female'): AkiInput | null {
  const results: CreatinineResult[] = [];
  let url: number | undefined;
  let latestAt = -Infinity;
  for (const r of rows) {
    if (!isCreatinine(r.code)) continue;
    const c = toCanonical(r.code, r.value_num, r.unit, r.ref_low, r.ref_high);
    if (!c) continue;
    const at = new Date(r.effective_at);
    results.push({ at: at.toISOString(), creatinineUmolL: c.value });
    if (at.getTime() >= latestAt) {
      latestAt = at.getTime();
      url = c.refHigh ?? undefined;
    }
  }
  if (results.length === 0) return null;
  return { ageYears: Math.floor(ageYears * 100) / 100, sex, results, ...(ageYears < 18 && url !== undefined ? { upperReferenceLimitUmolL: url } : {}) };
}
