/** Small validators that turn bad input into ClinicalInputError naming the field. */
import { ClinicalInputError } from './errors.ts';

export function asRecord(input: unknown, field = 'input'): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ClinicalInputError('invalid_type', field, 'must be an object');
  }
  return input as Record<string, unknown>;
}

export interface NumOpts {
  min: number;
  max: number;
  integer?: boolean;
}

/** A required finite number within [min, max]. */
export function num(v: unknown, field: string, o: NumOpts): number {
  if (v === undefined || v === null) throw new ClinicalInputError('required', field, 'is required');
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ClinicalInputError('not_a_number', field, `must be a finite number (got ${JSON.stringify(v) ?? String(v)})`);
  }
  if (o.integer && !Number.isInteger(v)) throw new ClinicalInputError('not_integer', field, `must be a whole number (got ${v})`);
  if (v < o.min || v > o.max) throw new ClinicalInputError('out_of_range', field, `must be between ${o.min} and ${o.max} (got ${v})`);
  return v;
}

/** An optional number: undefined/null → undefined. */
export function optNum(v: unknown, field: string, o: NumOpts): number | undefined {
  if (v === undefined || v === null) return undefined;
  return num(v, field, o);
}

export function bool(v: unknown, field: string): boolean {
  if (v === undefined || v === null) throw new ClinicalInputError('required', field, 'is required');
  if (typeof v !== 'boolean') throw new ClinicalInputError('invalid_type', field, 'must be true or false');
  return v;
}

export function optBool(v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  return bool(v, field);
}

export function oneOf<T extends string | number>(v: unknown, field: string, allowed: readonly T[]): T {
  if (v === undefined || v === null) throw new ClinicalInputError('required', field, 'is required');
  if (!(allowed as readonly unknown[]).includes(v)) {
    throw new ClinicalInputError('invalid_enum', field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
  return v as T;
}

export function optOneOf<T extends string | number>(v: unknown, field: string, allowed: readonly T[]): T | undefined {
  if (v === undefined || v === null) return undefined;
  return oneOf(v, field, allowed);
}

const d2 = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48, b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Strict ISO-8601 parser without regex or allocation: `YYYY-MM-DD`, optionally
 * `THH:MM[:SS[.fff…]]` and `Z` or `±HH:MM` / `±HHMM` (no offset = UTC). Returns epoch ms or NaN.
 */
export function parseIsoInstant(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y1 = d2(s, 0), y2 = d2(s, 2), mo = d2(s, 5), da = d2(s, 8);
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || da < 1) return NaN;
  const year = y1 * 100 + y2;
  const dim = mo === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (da > dim) return NaN;
  let t = daysFromCivil(year, mo, da) * 86_400_000;
  if (n === 10) return t;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || n < 16 || s.charCodeAt(13) !== 58) return NaN; // 'T' or ' ', ':'
  const hh = d2(s, 11), mm = d2(s, 14);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return NaN;
  t += hh * 3_600_000 + mm * 60_000;
  let i = 16;
  if (i < n && s.charCodeAt(i) === 58) {
    const ss = d2(s, i + 1);
    if (ss < 0 || ss > 59) return NaN;
    t += ss * 1000;
    i += 3;
    if (i < n && s.charCodeAt(i) === 46) {
      i++;
      let scale = 100, digits = 0;
      while (i < n) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        t += c * scale;
        scale /= 10;
        i++;
        digits++;
      }
      if (digits === 0) return NaN;
    }
  }
  if (i === n) return t;
  const z = s.charCodeAt(i);
  if (z === 90) return i + 1 === n ? t : NaN; // 'Z'
  if (z !== 43 && z !== 45) return NaN;
  const oh = d2(s, i + 1);
  let om: number;
  if (i + 6 === n && s.charCodeAt(i + 3) === 58) om = d2(s, i + 4);
  else if (i + 5 === n) om = d2(s, i + 3);
  else return NaN;
  if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
  const off = (oh * 60 + om) * 60_000;
  return z === 43 ? t - off : t + off;
}

/** ISO-8601 date or instant → epoch milliseconds. */
export function isoInstant(v: unknown, field: string): number {
  if (v === undefined || v === null) throw new ClinicalInputError('required', field, 'is required');
  if (typeof v !== 'string') throw new ClinicalInputError('invalid_date', field, 'must be an ISO-8601 date-time');
  const t = parseIsoInstant(v);
  if (Number.isNaN(t)) throw new ClinicalInputError('invalid_date', field, 'must be a valid ISO-8601 date-time');
  return t;
}

/** Round half away from zero to `d` decimals (the convention of the WHO SAS/R macros' output). */
export function roundTo(x: number, d: number): number {
  const f = d === 2 ? 100 : d === 1 ? 10 : 10 ** d;
  const r = Math.round(Math.abs(x) * f + 1e-9) / f;
  return x < 0 ? (r === 0 ? 0 : -r) : r;
}
