/**
 * QIDO-RS query evaluation (PS3.18 §8.3.4 and §10.6): matching, paging and the return attributes,
 * as a pure function over candidate data sets that the server has loaded (each one a
 * representative instance's DICOM JSON plus the computed attributes of its level).
 *
 * Query parameters (PS3.18 Table 8.3.4-1): `{attributeID}={value}` (keyword or tag) matching,
 * `includefield` (repeatable, comma-separated, or `all`), `fuzzymatching`, `limit`, `offset`.
 * What is not supported is ignored and reported as a `Warning: 299` text (PS3.18 §8.3.4.4 for
 * fuzzymatching; §8.3.4.1 for unknown attributes).
 */
import { type DicomJson, matcherFor, tagOf, valuesOf, vrOf } from './json.ts';

export type QidoLevel = 'study' | 'series' | 'instance';

/** Default return attributes by level (PS3.18 Tables 10.6.3-3/-4/-5). */
export const STUDY_RETURN = [
  '00080005', '00080020', '00080030', '00080050', '00080056', '00080061', '00080090', '00081190', '00100010', '00100020', '00100030', '00100040',
  '0020000D', '00200010', '00201206', '00201208', '00081030',
];
export const SERIES_RETURN = ['00080005', '00080056', '00080060', '0008103E', '00081190', '0020000E', '00200011', '00201209', '00400244', '00400245', '00400275', '00180015'];
export const INSTANCE_RETURN = ['00080005', '00080016', '00080018', '00080056', '00081190', '00083002', '00200013', '00280010', '00280011', '00280100', '00280008', '0020000D', '0020000E'];

/** Attributes computed by the server at each level; they are matchable too. */
export const COMPUTED = new Set(['00080061', '00080062', '00201206', '00201208', '00201209', '00081190', '00080056', '00083002']);

export interface QidoRequest {
  level: QidoLevel;
  /** True for /series and /instances without a study in the path: study attributes are returned too. */
  withStudyAttributes: boolean;
  /** True for /instances without a series: series attributes are returned too. */
  withSeriesAttributes: boolean;
  params: Record<string, string | string[] | undefined>;
  /** Results cap when no limit is given. */
  maxResults: number;
}

export interface QidoResult {
  results: DicomJson[];
  warnings: string[];
  /** More matches exist after this page. */
  truncated: boolean;
}

const CONTROL = new Set(['limit', 'offset', 'fuzzymatching', 'includefield', 'facilityId']);

export class QidoError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

function list(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

function nonNegInt(v: string | string[] | undefined, field: string): number | undefined {
  if (v === undefined) return undefined;
  const s = Array.isArray(v) ? v[v.length - 1]! : v;
  if (!/^\d{1,9}$/.test(s)) throw new QidoError(`${field} must be a non-negative integer`, field);
  return Number(s);
}

export function runQido(candidates: DicomJson[], req: QidoRequest): QidoResult {
  const warnings: string[] = [];
  const limit = nonNegInt(req.params.limit, 'limit');
  const offset = nonNegInt(req.params.offset, 'offset') ?? 0;
  const fuzzy = list(req.params.fuzzymatching)[0];
  if (fuzzy !== undefined && fuzzy !== 'false') warnings.push('The fuzzymatching parameter is not supported. Only literal matching has been performed.');

  const matchers: Array<{ tag: string; test: (ds: DicomJson) => boolean }> = [];
  const extraReturn = new Set<string>();
  for (const [name, raw] of Object.entries(req.params)) {
    if (CONTROL.has(name) || raw === undefined) continue;
    const tag = tagOf(name);
    if (!tag) {
      warnings.push(`The query parameter ${name.slice(0, 64)} is not a DICOM attribute keyword or tag and was ignored.`);
      continue;
    }
    extraReturn.add(tag);
    const value = (Array.isArray(raw) ? raw.join(',') : raw).trim();
    if (value === '' || value === '*') continue; // universal matching: a return key only
    const vr = vrOf(tag) ?? (COMPUTED.has(tag) ? (tag === '00080061' ? 'CS' : 'IS') : undefined);
    const m = vr ? matcherFor(vr, value) : null;
    if (!m) {
      warnings.push(`Matching on ${name.slice(0, 64)} is not supported; the key was ignored.`);
      continue;
    }
    matchers.push({ tag, test: (ds) => m(valuesOf(ds, tag)) });
  }
  const include = list(req.params.includefield);
  const all = include.includes('all');
  for (const f of include) {
    if (f === 'all') continue;
    const tag = tagOf(f);
    if (tag) extraReturn.add(tag);
    else warnings.push(`includefield ${f.slice(0, 64)} is not a DICOM attribute keyword or tag and was ignored.`);
  }

  const matched = candidates.filter((ds) => matchers.every((m) => m.test(ds)));
  const cap = limit ?? req.maxResults;
  const page = matched.slice(offset, offset + cap);
  const truncated = matched.length > offset + cap;
  if (truncated && limit === undefined) warnings.push(`The number of results exceeded the maximum of ${req.maxResults}; use limit and offset to page.`);

  const returnTags = new Set<string>([
    ...(req.level === 'study' ? STUDY_RETURN : req.level === 'series' ? SERIES_RETURN : INSTANCE_RETURN),
    ...(req.withStudyAttributes ? STUDY_RETURN.filter((t) => !['00081190', '00201206', '00201208', '00080061'].includes(t)) : []),
    ...(req.withSeriesAttributes ? SERIES_RETURN.filter((t) => !['00081190', '00201209'].includes(t)) : []),
    ...(req.level !== 'study' ? ['0020000D'] : []),
    ...(req.level === 'instance' ? ['0020000E'] : []),
    ...extraReturn,
  ]);
  const results = page.map((ds) => {
    const out: DicomJson = {};
    const keys = all ? Object.keys(ds) : [...returnTags];
    for (const t of keys.sort()) {
      const a = ds[t];
      if (a?.BulkDataURI || a?.InlineBinary) continue; // never bulk data in QIDO
      if (a) out[t] = a;
      else if (returnTags.has(t) && !COMPUTED.has(t)) {
        const vr = vrOf(t);
        if (vr) out[t] = { vr };
      }
    }
    return out;
  });
  return { results, warnings, truncated };
}
