/** Turns a vitals form and lab results into observation rows (validated; nothing is written here). */
import { checkLabValue, GENERIC_LAB_BOUND } from '@yte/clinical';
import { badInput } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import type { ObservationRow } from './observations.repo.ts';
import { checkVitals, CONSCIOUSNESS, ON_OXYGEN, VITALS, type VitalKey, type VitalsInput } from './vitals.ts';

export interface LabInput {
  loinc: string;
  value: number;
  unit: string;
  refLow?: number;
  refHigh?: number;
  display?: string;
}

interface Ctx {
  patientId: string;
  encounterId: string | null;
  facilityId: string;
  effectiveAt: Date;
  recordedBy: string | null;
  deviceId?: string | null;
  now: Date;
  /** Field path prefix for error messages, e.g. "vitals" or "items[3].vitals". */
  path?: string;
}

export function vitalsToRows(v: VitalsInput, ctx: Ctx): ObservationRow[] {
  const path = ctx.path ?? 'vitals';
  const problems = checkVitals(v);
  if (problems.length) {
    const p = problems[0]!;
    throw badInput('IMPOSSIBLE_VALUE', p.message, p.messageVi, `${path}.${p.field}`, problems.map((x) => ({ field: `${path}.${x.field}`, value: x.value, message: x.message, messageVi: x.messageVi })));
  }
  const base = (over: Partial<ObservationRow>): ObservationRow => ({
    id: uuidv7(ctx.now.getTime()),
    patient_id: ctx.patientId,
    encounter_id: ctx.encounterId,
    facility_id: ctx.facilityId,
    category: 'vital-signs',
    code_system: 'http://loinc.org',
    code: '',
    display: '',
    value_num: null,
    value_text: null,
    unit: null,
    ref_low: null,
    ref_high: null,
    effective_at: ctx.effectiveAt,
    recorded_by: ctx.recordedBy,
    device_id: ctx.deviceId ?? null,
    created_at: ctx.now,
    ...over,
  });
  const rows: ObservationRow[] = [];
  for (const key of Object.keys(VITALS) as VitalKey[]) {
    const value = v[key];
    if (value === undefined) continue;
    const def = VITALS[key];
    rows.push(base({ code: def.loinc, display: def.display, value_num: value, unit: def.unit }));
  }
  if (v.consciousness !== undefined) rows.push(base({ code: CONSCIOUSNESS.loinc, display: CONSCIOUSNESS.display, value_text: v.consciousness }));
  if (v.onOxygen !== undefined) rows.push(base({ code_system: ON_OXYGEN.system, code: ON_OXYGEN.code, display: ON_OXYGEN.display, value_text: v.onOxygen ? 'true' : 'false' }));
  if (rows.length === 0) throw badInput('EMPTY_VITALS', 'Enter at least one vital sign', 'Cần nhập ít nhất một chỉ số sinh tồn', path);
  return rows;
}

export function labsToRows(labs: LabInput[], ctx: Ctx): ObservationRow[] {
  return labs.map((l, i) => {
    const field = `labs[${i}]`;
    if (!/^\d{1,7}-\d$/.test(l.loinc)) throw badInput('INVALID_LOINC', `${field}.loinc "${l.loinc}" is not a LOINC code (e.g. 2160-0)`, `Mã LOINC không hợp lệ: ${l.loinc}`, `${field}.loinc`);
    if (!Number.isFinite(l.value)) throw badInput('IMPOSSIBLE_VALUE', `${field}.value must be a number`, 'Giá trị xét nghiệm phải là số', `${field}.value`);
    // Physiological limits per LOINC code (@yte/clinical lab-limits.ts): 1e300 is a typing error, not a result.
    const impossible = checkLabValue(l);
    if (impossible) {
      throw badInput('IMPOSSIBLE_VALUE', `${field}.value: ${impossible.message}`, impossible.messageVi, `${field}.value`, { min: impossible.min, max: impossible.max, unit: impossible.unit, basis: impossible.basis });
    }
    for (const k of ['refLow', 'refHigh'] as const) {
      const v = l[k];
      if (v !== undefined && (!Number.isFinite(v) || Math.abs(v) > GENERIC_LAB_BOUND)) {
        throw badInput('IMPOSSIBLE_VALUE', `${field}.${k} ${v} is outside ±${GENERIC_LAB_BOUND}`, `Giới hạn tham chiếu ${k} không hợp lệ`, `${field}.${k}`);
      }
    }
    if (l.refLow !== undefined && l.refHigh !== undefined && l.refLow > l.refHigh) {
      throw badInput('INVALID_RANGE', `${field}: refLow is above refHigh`, 'Giới hạn dưới lớn hơn giới hạn trên', `${field}.refLow`);
    }
    return {
      id: uuidv7(ctx.now.getTime()),
      patient_id: ctx.patientId,
      encounter_id: ctx.encounterId,
      facility_id: ctx.facilityId,
      category: 'laboratory' as const,
      code_system: 'http://loinc.org',
      code: l.loinc,
      display: l.display ?? l.loinc,
      value_num: l.value,
      value_text: null,
      unit: l.unit,
      ref_low: l.refLow ?? null,
      ref_high: l.refHigh ?? null,
      effective_at: ctx.effectiveAt,
      recorded_by: ctx.recordedBy,
      device_id: ctx.deviceId ?? null,
      created_at: ctx.now,
    };
  });
}
