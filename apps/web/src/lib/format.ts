/** Dates are stored as UTC instants and shown in Vietnam's time zone, with four-digit years (dd/MM/yyyy HH:mm). */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const parts = (iso: string) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return p as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;
};

/** "23/11/2026 01:41" in Asia/Ho_Chi_Minh (same layout in both languages: it is Vietnam's convention). */
export const formatDateTime = (iso: string, _lang?: 'vi' | 'en') => {
  const p = parts(iso);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
};

/** "23/11 01:41": compact, for chart axes. */
export const formatShortDateTime = (iso: string) => {
  const p = parts(iso);
  return `${p.day}/${p.month} ${p.hour}:${p.minute}`;
};

/** A calendar date (YYYY-MM-DD, no time zone) as dd/MM/yyyy. */
export const formatDate = (isoDate: string, _lang?: 'vi' | 'en') => {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
};

/** Age in whole years (or months under 2) from a YYYY-MM-DD birth date. */
export function age(birthDate: string, now = new Date()): { years: number; months: number } {
  const b = new Date(`${birthDate}T00:00:00Z`);
  let months = (now.getUTCFullYear() - b.getUTCFullYear()) * 12 + (now.getUTCMonth() - b.getUTCMonth());
  if (now.getUTCDate() < b.getUTCDate()) months--;
  return { years: Math.floor(months / 12), months };
}

/** "18/05/2026" or "18-5-2026" → "2026-05-18" (Vietnamese order: day, month, year). */
export function parseDayMonthYear(input: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(input);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
