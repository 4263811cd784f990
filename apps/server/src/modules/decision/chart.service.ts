/**
 * Chart views computed on the server from stored observations with the clinical rules:
 * NEWS2 per visit (trend), lab flags per result (H/L, critical, delta) and the current AKI stage.
 */
import { akiStage, DEFAULT_REFERENCE_INTERVALS, labFlags, news2, NEWS2_SOURCE } from '@yte/clinical';
import type { Db } from '../../db/db.ts';
import type { Actor } from '../auth/roles.ts';
import { readPatientRecords } from '../encounters/encounters.service.ts';
import type { ObservationRow } from '../observations/observations.repo.ts';
import { ageYearsAt, tryRule } from './common.ts';
import { assembleAki, assembleNews2 } from './inputs.ts';
import { toCanonical } from './labs-map.ts';
import { creatinineSeries, patientBasics } from './runner.ts';

const OBS = 'SELECT * FROM observation WHERE patient_id = $1 AND category = $2 ORDER BY effective_at, id LIMIT $3';

export async function news2Trend(db: Db, actor: Actor, patientId: string) {
  return readPatientRecords(db, actor, patientId, 'RiskAssessment', async (q) => {
    const p = (await patientBasics(q, patientId))!;
    const rows = await q.query<ObservationRow>(OBS, [patientId, 'vital-signs', 20000]);
    const byEnc = new Map<string, ObservationRow[]>();
    for (const r of rows) {
      if (!r.encounter_id) continue;
      const list = byEnc.get(r.encounter_id) ?? [];
      list.push(r);
      byEnc.set(r.encounter_id, list);
    }
    const out = [];
    for (const [encounterId, list] of byEnc) {
      const at = new Date(Math.max(...list.map((r) => new Date(r.effective_at).getTime())));
      const age = ageYearsAt(p.birth_date, at);
      const a = assembleNews2(list, age);
      const r = a.input ? tryRule(() => news2(a.input)) : null;
      out.push({
        encounterId,
        at: at.toISOString(),
        applicable: r?.applicable ?? age >= 16,
        score: r?.score ?? null,
        band: r?.band ?? null,
        subScores: r?.subScores ?? null,
        monitoring: r?.monitoring ?? null,
        missing: [...a.missing],
        reason: r?.reason ?? (age < 16 ? 'NEWS2 is not validated under 16 years' : a.missing.length ? `not scored: missing ${a.missing.join(', ')}` : null),
      });
    }
    out.sort((x, y) => x.at.localeCompare(y.at));
    return { source: { id: NEWS2_SOURCE.id, version: NEWS2_SOURCE.version }, bands: [{ band: 'low', min: 0, max: 4 }, { band: 'medium', min: 5, max: 6 }, { band: 'high', min: 7, max: 20 }], points: out };
  });
}

export async function labFlagTable(db: Db, actor: Actor, patientId: string) {
  return readPatientRecords(db, actor, patientId, 'Observation', async (q) => {
    const p = (await patientBasics(q, patientId))!;
    const rows = await q.query<ObservationRow>(OBS, [patientId, 'laboratory', 5000]);
    const last = new Map<string, number>();
    const results = rows.map((row) => {
      const c = toCanonical(row.code, row.value_num, row.unit, row.ref_low, row.ref_high);
      const base = {
        observationId: row.id, encounterId: row.encounter_id, code: row.code, display: row.display, value: row.value_num ?? row.value_text ?? '',
        unit: row.unit, refLow: row.ref_low, refHigh: row.ref_high, effectiveAt: new Date(row.effective_at).toISOString(),
      };
      if (!c || p.sex === 'other') return { ...base, analyte: null, flag: null, critical: null, delta: null, explanation: [] };
      const prev = last.get(c.analyte);
      last.set(c.analyte, c.value);
      const ri = c.refLow !== null || c.refHigh !== null ? [{ analyte: c.analyte, minAgeYears: 0, maxAgeYears: 200, low: c.refLow, high: c.refHigh, source: 'reporting laboratory' }] : [];
      const r = tryRule(() => labFlags(
        { ageYears: ageYearsAt(p.birth_date, new Date(row.effective_at)), sex: p.sex, results: [{ analyte: c.analyte, value: c.value, ...(prev !== undefined ? { previousValue: prev } : {}) }] },
        { referenceIntervals: [...ri, ...DEFAULT_REFERENCE_INTERVALS] },
      ))?.results[0];
      return {
        ...base, analyte: c.analyte,
        flag: r?.flag ?? null,
        critical: r?.critical ?? null,
        delta: r?.delta ?? null,
        explanation: r?.explanation ?? [],
      };
    });
    let aki = null;
    const creat = results.filter((r) => r.analyte === 'creatinine');
    if (creat.length && p.sex !== 'other') {
      const at = new Date(creat[creat.length - 1]!.effectiveAt);
      const input = assembleAki(await creatinineSeries(q, patientId, at), ageYearsAt(p.birth_date, at), p.sex);
      const r = input ? tryRule(() => akiStage(input)) : null;
      if (r) aki = { stage: r.stage, alert: r.alert, current: r.current, baseline: r.baseline, ratio: r.ratio, rise48hUmolL: r.rise48hUmolL, explanation: r.explanation, source: r.source };
    }
    return { results, aki };
  });
}
