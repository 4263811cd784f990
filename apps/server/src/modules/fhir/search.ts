/**
 * FHIR R4 search semantics over resources in memory (http://hl7.org/fhir/R4/search.html). Pure:
 * the service loads the facility-scoped candidates, this module decides which match and pages them.
 *
 * - date (§3.1.1.4.2): prefixes eq ne gt lt ge le sa eb; a value's precision makes it a range
 *   (2026, 2026-11, 2026-11-01, …T10:00); a value without a zone is read in Asia/Ho_Chi_Minh
 *   (+07:00), the zone yte's users live in.
 * - token (§3.1.1.4.5): code, system|code, |code (no system), system|.
 * - reference (§3.1.1.4.6): Patient/{id}, {id}, or an absolute URL ending in Patient/{id}.
 * - comma-separated values are OR; a repeated parameter is AND.
 */
export type Json = Record<string, unknown>;

export interface Range { start: number; end: number } // ms, both inclusive

const LOCAL_OFFSET = '+07:00';

/** A FHIR date/dateTime/instant as the range of instants it covers, or null when malformed. */
export function dateRange(s: string): Range | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, hh, mi, ss, frac, tz] = m;
  const zone = tz ?? LOCAL_OFFSET;
  const iso = (yy: string, mm: string, dd: string, h: string, n: string, sec: string, f = '') => Date.parse(`${yy}-${mm}-${dd}T${h}:${n}:${sec}${f}${zone}`);
  const start = iso(y!, mo ?? '01', d ?? '01', hh ?? '00', mi ?? '00', ss ?? '00', frac ? frac.slice(0, 4) : '');
  if (Number.isNaN(start)) return null;
  if (mo && (+mo < 1 || +mo > 12)) return null;
  if (d && new Date(Date.parse(`${y}-${mo}-${d}T00:00:00Z`)).getUTCDate() !== +d) return null;
  let next: number;
  if (!mo) next = iso(String(+y! + 1).padStart(4, '0'), '01', '01', '00', '00', '00');
  else if (!d) next = +mo === 12 ? iso(String(+y! + 1).padStart(4, '0'), '01', '01', '00', '00', '00') : iso(y!, String(+mo + 1).padStart(2, '0'), '01', '00', '00', '00');
  else if (!hh) next = start + 86_400_000;
  else if (!ss) next = start + 60_000;
  else if (!frac) next = start + 1000;
  else next = start + 1;
  return { start, end: next - 1 };
}

export const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'] as const;
export type DatePrefix = (typeof DATE_PREFIXES)[number];

export function parseDateParam(v: string): { prefix: DatePrefix; range: Range } | null {
  const p = /^(eq|ne|gt|lt|ge|le|sa|eb)/.exec(v);
  const prefix = (p?.[1] ?? 'eq') as DatePrefix;
  const range = dateRange(p ? v.slice(2) : v);
  return range ? { prefix, range } : null;
}

/** Whether a resource's date range satisfies a prefixed search value (R4 search §3.1.1.4.2 table). */
export function dateMatches(target: Range, prefix: DatePrefix, q: Range): boolean {
  const within = target.start >= q.start && target.end <= q.end;
  switch (prefix) {
    case 'eq': return within;
    case 'ne': return !within;
    case 'gt': return target.end > q.end;
    case 'lt': return target.start < q.start;
    case 'ge': return target.end > q.end || within;
    case 'le': return target.start < q.start || within;
    case 'sa': return target.start > q.end;
    case 'eb': return target.end < q.start;
  }
}

export interface Coding { system?: string; code?: string }

/** Token match of one search value against codings (or identifiers as {system, value}). */
export function tokenMatches(codings: ReadonlyArray<{ system?: string; code?: string; value?: string }>, v: string): boolean {
  const bar = v.indexOf('|');
  const system = bar >= 0 ? v.slice(0, bar) : undefined;
  const code = bar >= 0 ? v.slice(bar + 1) : v;
  return codings.some((c) => {
    const cc = c.code ?? c.value;
    if (system === undefined) return cc === code;
    if (system === '') return !c.system && cc === code;
    if (code === '') return c.system === system;
    return c.system === system && cc === code;
  });
}

/** The id a reference search value names for a given type ('Patient/x', 'x', 'http://…/Patient/x'). */
export function referenceId(v: string, type: string): string | null {
  const m = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(v);
  if (m) return m[1]!;
  return /^[A-Za-z0-9\-.]{1,64}$/.test(v) ? v : null;
}

/** Splits a parameter's values (repeated = AND) into OR-lists on unescaped commas. */
export function orLists(values: string | string[] | undefined): string[][] {
  if (values === undefined) return [];
  return (Array.isArray(values) ? values : [values]).map((v) => v.split(/(?<!\\),/).map((x) => x.replace(/\\,/g, ',')));
}

export interface Page { offset: number; count: number }

/** searchset Bundle with total and self/next/previous links (R4 §3.1.1.5.6 paging). */
export function searchBundle(base: string, type: string, matches: Json[], page: Page, applied: Array<[string, string]>, included: Json[] = []) {
  const link = (offset: number) => {
    const qs = new URLSearchParams([...applied, ['_count', String(page.count)], ...(offset ? [['_offset', String(offset)] as [string, string]] : [])]);
    return `${base}/${type}?${qs.toString()}`;
  };
  const slice = matches.slice(page.offset, page.offset + page.count);
  const links = [{ relation: 'self', url: link(page.offset) }];
  if (page.offset + page.count < matches.length) links.push({ relation: 'next', url: link(page.offset + page.count) });
  if (page.offset > 0) links.push({ relation: 'previous', url: link(Math.max(0, page.offset - page.count)) });
  const entries = [
    ...slice.map((r) => ({ fullUrl: `${base}/${String(r.resourceType)}/${String(r.id)}`, resource: r, search: { mode: 'match' as const } })),
    ...included.map((r) => ({ fullUrl: `${base}/${String(r.resourceType)}/${String(r.id)}`, resource: r, search: { mode: 'include' as const } })),
  ];
  return {
    resourceType: 'Bundle' as const,
    type: 'searchset' as const,
    total: matches.length,
    link: links,
    // FHIR forbids an empty array: a bundle without matches has no entry element.
    ...(entries.length ? { entry: entries } : {}),
  };
}
