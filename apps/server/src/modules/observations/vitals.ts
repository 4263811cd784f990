/**
 * Vital signs as coded observations: LOINC code, UCUM unit, and the range of physiologically possible
 * values. A value outside the range is a typing or device error, not a patient state, and is
 * refused with the field named. The ranges are deliberately wider than any clinical band (the
 * clinical rules decide what is abnormal); they follow the plausibility limits used for EHR vital-sign
 * cleaning (e.g. pulse 20–300/min, SpO2 ≤ 100 %, temperature 25–45 °C).
 */
export interface VitalDef {
  key: VitalKey;
  loinc: string;
  display: string;
  unit: string;
  min: number;
  max: number;
  integer?: boolean;
}

export type VitalKey =
  | 'respRate' | 'spo2' | 'systolicBP' | 'diastolicBP' | 'pulse' | 'temperatureC' | 'weightKg' | 'heightCm' | 'muacMm';

export const VITALS: Record<VitalKey, VitalDef> = {
  respRate: { key: 'respRate', loinc: '9279-1', display: 'Respiratory rate', unit: '/min', min: 0, max: 80, integer: true },
  spo2: { key: 'spo2', loinc: '59408-5', display: 'Oxygen saturation in arterial blood by pulse oximetry', unit: '%', min: 50, max: 100 },
  systolicBP: { key: 'systolicBP', loinc: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', min: 40, max: 300, integer: true },
  diastolicBP: { key: 'diastolicBP', loinc: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', min: 20, max: 200, integer: true },
  pulse: { key: 'pulse', loinc: '8867-4', display: 'Heart rate', unit: '/min', min: 20, max: 300, integer: true },
  temperatureC: { key: 'temperatureC', loinc: '8310-5', display: 'Body temperature', unit: 'Cel', min: 25, max: 45 },
  weightKg: { key: 'weightKg', loinc: '29463-7', display: 'Body weight', unit: 'kg', min: 0.3, max: 400 },
  heightCm: { key: 'heightCm', loinc: '8302-2', display: 'Body height', unit: 'cm', min: 20, max: 250 },
  muacMm: { key: 'muacMm', loinc: '56072-2', display: 'Mid upper arm circumference', unit: 'mm', min: 50, max: 400 },
};

/** ACVPU consciousness (LOINC 67775-7 Level of responsiveness) and supplemental oxygen (LOINC 3151-8 flow as presence). */
export const CONSCIOUSNESS = { loinc: '67775-7', display: 'Level of responsiveness (ACVPU)' } as const;
export const ON_OXYGEN = { system: 'http://yte.vn/fhir/CodeSystem/vitals', code: 'on-oxygen', display: 'Receiving supplemental oxygen' } as const;

export type VitalsInput = Partial<Record<VitalKey, number>> & { onOxygen?: boolean; consciousness?: 'A' | 'C' | 'V' | 'P' | 'U' };

export interface VitalProblem {
  field: VitalKey;
  value: number;
  message: string;
  messageVi: string;
}

export const VITAL_LABELS_VI: Record<VitalKey, string> = {
  respRate: 'Nhịp thở', spo2: 'SpO2', systolicBP: 'Huyết áp tâm thu', diastolicBP: 'Huyết áp tâm trương', pulse: 'Mạch',
  temperatureC: 'Nhiệt độ', weightKg: 'Cân nặng', heightCm: 'Chiều cao', muacMm: 'Vòng cánh tay',
};

/** Every impossible value in one reading (empty when all are possible). */
export function checkVitals(v: VitalsInput): VitalProblem[] {
  const out: VitalProblem[] = [];
  for (const def of Object.values(VITALS)) {
    const value = v[def.key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < def.min || value > def.max || (def.integer && !Number.isInteger(value))) {
      out.push({
        field: def.key,
        value,
        message: `${def.display} ${value} ${def.unit} is not physiologically possible (allowed ${def.min}–${def.max}${def.integer ? ', whole numbers' : ''})`,
        messageVi: `${VITAL_LABELS_VI[def.key]} ${value} ${def.unit} không thể có trên người (cho phép ${def.min}–${def.max})`,
      });
    }
  }
  if (v.systolicBP !== undefined && v.diastolicBP !== undefined && v.diastolicBP >= v.systolicBP && out.length === 0) {
    out.push({ field: 'diastolicBP', value: v.diastolicBP, message: 'Diastolic pressure must be lower than systolic', messageVi: 'Huyết áp tâm trương phải thấp hơn tâm thu' });
  }
  return out;
}

export interface VitalTypeProblem {
  code: 'INVALID_TYPE' | 'UNKNOWN_FIELD';
  field: string;
  message: string;
  messageVi: string;
}

const typeName = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x);

/**
 * For readings that bypass the route schema (device batches, where each item is checked on its
 * own): every field must have its type exactly, so "61" or true is refused as a wrong type, not
 * coerced or misreported as an impossible value. Null when the shape is right.
 */
export function vitalTypeProblem(v: Record<string, unknown>, path = 'vitals'): VitalTypeProblem | null {
  for (const [k, x] of Object.entries(v)) {
    const field = `${path}.${k}`;
    const expected = k in VITALS ? 'number' : k === 'onOxygen' ? 'boolean' : k === 'consciousness' ? 'string' : null;
    if (!expected) return { code: 'UNKNOWN_FIELD', field, message: `${field}: unknown field "${k}"`, messageVi: `Trường không hợp lệ: ${k}` };
    if (typeof x !== expected) {
      return { code: 'INVALID_TYPE', field, message: `${field} must be a ${expected} (got ${typeName(x)})`, messageVi: `${field} phải là ${expected === 'number' ? 'số' : expected === 'boolean' ? 'true/false' : 'chuỗi'} (nhận được ${typeName(x)})` };
    }
    if (k === 'consciousness' && !['A', 'C', 'V', 'P', 'U'].includes(x as string)) {
      return { code: 'INVALID_TYPE', field, message: `${field} must be one of A, C, V, P, U`, messageVi: `${field} phải là A, C, V, P hoặc U` };
    }
  }
  return null;
}
