/**
 * Numbers typed the Vietnamese way. Vietnamese writes the decimal separator as a comma ("39,2 °C")
 * and many keyboards and habits give a point, so both are accepted as the decimal separator. A value
 * with both, or with a separator used twice ("1.234,5", "39,2,1"), is refused rather than guessed:
 * a misread weight or temperature is a patient-safety error (a dropped comma turned 7,4 kg into 74).
 */
export type DecimalParse = { ok: true; value: number } | { ok: false; reason: 'empty' | 'not-a-number' | 'ambiguous' };

export function parseDecimal(input: string | number | null | undefined): DecimalParse {
  if (typeof input === 'number') return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, reason: 'not-a-number' };
  const s = (input ?? '').trim().replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { ok: false, reason: 'empty' };
  const seps = s.match(/[.,]/g) ?? [];
  if (seps.length > 1) return { ok: false, reason: 'ambiguous' };
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s)) return { ok: false, reason: 'not-a-number' };
  const value = Number(s.replace(',', '.'));
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'not-a-number' };
}

/** The number, or undefined for an empty or unreadable field (the form's validation reports those). */
export const decimalOrUndefined = (input: string | number | null | undefined): number | undefined => {
  const p = parseDecimal(input);
  return p.ok ? p.value : undefined;
};

/** A number as its language writes it: "39,2" and "1.234,5" in Vietnamese, "39.2" and "1,234.5" in English. */
export function formatNumber(value: number, lang: 'vi' | 'en', maxDecimals = 1): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: maxDecimals }).format(value);
}

/** What a decimal field shows after editing: the user's number with the language's separator, no grouping. */
export function normaliseDecimalText(input: string, lang: 'vi' | 'en'): string {
  const p = parseDecimal(input);
  if (!p.ok) return input;
  const s = String(p.value);
  return lang === 'vi' ? s.replace('.', ',') : s;
}
