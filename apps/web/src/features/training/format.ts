/** Percentages in the UI language: Vietnamese uses a decimal comma ("33,3 %"), English a point ("33.3 %"). */
export function pct(x: number | null | undefined, lang: 'vi' | 'en', digits = 0): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  const n = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x * 100);
  return `${n} %`;
}
export function num(x: number | null | undefined, lang: 'vi' | 'en', digits = 2): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}
/** A lesson link inside Markdown ("../m4-responsible/m4-privacy-law.vi.md") → the lesson's page. */
export function lessonHref(href: string): string | null {
  const m = /(?:^|\/)([a-z0-9-]+)\.(?:vi|en)\.md(?:#.*)?$/.exec(href);
  return m ? `/training/lessons/${m[1]}` : null;
}
/** A figure link ("../../figures/x.svg") → the API URL; an exercise file link → its page. */
export function assetHref(href: string): string | null {
  const f = /(?:^|\/)figures\/([a-z0-9-]+\.svg)$/.exec(href);
  if (f) return `/api/training/figures/${f[1]}`;
  const e = /(?:^|\/)exercises\/([a-z0-9-]+)\.yaml$/.exec(href);
  return e ? `/training/exercises/ex-${e[1]}` : null;
}
