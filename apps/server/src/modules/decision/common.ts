/**
 * Small helpers shared by the decision, screening and triage modules: ages from a birth date,
 * local (Asia/Ho_Chi_Minh) days, and turning a clinical rule's typed input error into a 400.
 */
import { isClinicalInputError } from '@yte/clinical';
import { AppError, badInput } from '../../lib/errors.ts';

const DAY_MS = 86_400_000;
/** Viet Nam has no daylight saving time: local = UTC + 7 h. */
export const VN_OFFSET_MS = 7 * 3600_000;

/** The calendar day (YYYY-MM-DD) of an instant in Viet Nam. */
export const localDay = (at: Date) => new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);

/** [start, end) of a local calendar day as UTC instants. */
export function localDayRange(day: string): [Date, Date] {
  const start = new Date(Date.parse(`${day}T00:00:00Z`) - VN_OFFSET_MS);
  return [start, new Date(start.getTime() + DAY_MS)];
}

/** Completed days of life on the local date of `at` (WHO Anthro counts calendar days). */
export function ageDaysAt(birthDate: string, at: Date): number {
  return Math.round((Date.parse(`${localDay(at)}T00:00:00Z`) - Date.parse(`${birthDate}T00:00:00Z`)) / DAY_MS);
}

/** Age in (fractional) years at `at`. */
export const ageYearsAt = (birthDate: string, at: Date) => Math.max(0, ageDaysAt(birthDate, at) / 365.25);

const VI: Record<string, string> = {
  invalid_type: 'Kiểu dữ liệu không đúng',
  required: 'Thiếu dữ liệu bắt buộc',
  not_a_number: 'Giá trị phải là số',
  not_integer: 'Giá trị phải là số nguyên',
  out_of_range: 'Giá trị nằm ngoài khoảng cho phép',
  invalid_enum: 'Giá trị không thuộc danh sách cho phép',
  invalid_date: 'Ngày giờ không hợp lệ',
  inconsistent: 'Các trường mâu thuẫn nhau',
};

/**
 * Runs a clinical rule; its ClinicalInputError becomes a 400 naming the request field.
 * `fieldMap` renames rule fields to request fields (e.g. `lengthOrHeightCm` → `lengthOrHeightCm`).
 */
export function runRule<T>(fn: () => T, fieldMap: (ruleField: string) => string = (f) => f): T {
  try {
    return fn();
  } catch (e) {
    if (isClinicalInputError(e)) {
      const field = fieldMap(e.field);
      throw badInput(e.code.toUpperCase(), `${field}: ${e.message.replace(/^[^:]*:\s*/, '')}`, `${VI[e.code] ?? 'Dữ liệu không hợp lệ'}: ${field}`, field);
    }
    throw e;
  }
}

/** Like runRule, but a rule that cannot run on the data returns null (used in hooks on saved data). */
export function tryRule<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    if (isClinicalInputError(e)) return null;
    throw e;
  }
}

export const conflict = (code: string, message: string, messageVi: string) => new AppError(409, code, message, messageVi);

export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
