/** Amounts and the decision's yyyyMMdd dates for display (vi: 1.234.567,5 and dd/mm/yyyy). */
export const formatVnd = (v: number, lang: 'vi' | 'en') => new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 2 }).format(v);
export const yyyymmddToDisplay = (s: string, lang: 'vi' | 'en') =>
  /^\d{8}$/.test(s) ? (lang === 'vi' ? `${s.slice(6, 8)}/${s.slice(4, 6)}/${s.slice(0, 4)}` : `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`) : s;
