/** Number formats of the dashboard: vi-VN (decimal comma, dot thousands) or en-GB. */
export type Lang = 'vi' | 'en';
const loc = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');
export const fmtInt = (n: number, lang: Lang) => n.toLocaleString(loc(lang), { maximumFractionDigits: 0 });
export const fmtPct = (x: number | null, lang: Lang) => (x === null ? '—' : `${(x * 100).toLocaleString(loc(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
export const fmtNum1 = (x: number | null, lang: Lang) => (x === null ? '—' : x.toLocaleString(loc(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

/** Colour of a 0..1 value on a light-to-dark teal ramp (null: grey). */
export function ramp(x: number | null): string {
  if (x === null || Number.isNaN(x)) return '#e9ecef';
  const v = Math.max(0, Math.min(1, x));
  const stops = ['#e6fcf5', '#96f2d7', '#38d9a9', '#12b886', '#087f5b'];
  return stops[Math.min(stops.length - 1, Math.floor(v * stops.length))]!;
}
/** Text colour that stays readable on a ramp colour. */
export const inkOn = (x: number | null) => (x !== null && x >= 0.6 ? '#ffffff' : '#212529');
