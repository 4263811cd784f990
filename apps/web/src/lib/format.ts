/** Dates are stored as UTC instants and shown in Vietnam's time zone. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const locale = (lang: 'vi' | 'en') => (lang === 'vi' ? 'vi-VN' : 'en-GB');

export const formatDateTime = (iso: string, lang: 'vi' | 'en') =>
  new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

export const formatDate = (isoDate: string, lang: 'vi' | 'en') => {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return lang === 'vi' ? `${d}/${m}/${y}` : `${d}/${m}/${y}`;
};

/** Age in whole years (or months under 2) from a YYYY-MM-DD birth date. */
export function age(birthDate: string, now = new Date()): { years: number; months: number } {
  const b = new Date(`${birthDate}T00:00:00Z`);
  let months = (now.getUTCFullYear() - b.getUTCFullYear()) * 12 + (now.getUTCMonth() - b.getUTCMonth());
  if (now.getUTCDate() < b.getUTCDate()) months--;
  return { years: Math.floor(months / 12), months };
}
