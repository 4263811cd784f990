/**
 * The DICOM JSON model (PS3.18 Annex F) of a Part 10 file, and QIDO-RS attribute matching
 * (PS3.18 §8.3.4, PS3.4 C.2.2.2) — pure functions, no I/O.
 *
 * Bulk data (top-level OB/OD/OF/OL/OV/OW/UN values, Pixel Data included) is not inlined: it becomes
 * `{"vr": "OB", "BulkDataURI": "<tag>"}` with a relative URI that the server turns into
 * `<instance URL>/bulk/<tag>`. Binary values inside sequences are small and are inlined as
 * InlineBinary (base64).
 */
import dcmjs from 'dcmjs';

export interface JsonAttr {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}
export type DicomJson = Record<string, JsonAttr>;

const BULK_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

type RawElement = { vr: string; Value?: unknown[]; InlineBinary?: string };

function toBase64(values: unknown[]): string {
  const parts = values.filter((v): v is ArrayBuffer => v instanceof ArrayBuffer).map((b) => Buffer.from(b));
  return Buffer.concat(parts).toString('base64');
}

function convert(dict: Record<string, RawElement>, top: boolean): DicomJson {
  const out: DicomJson = {};
  for (const tag of Object.keys(dict).sort()) {
    const el = dict[tag]!;
    const key = tag.toUpperCase();
    if (key.startsWith('0002')) continue; // File Meta Information is not part of the data set
    const vr = el.vr;
    if (BULK_VRS.has(vr)) {
      if (top) out[key] = { vr, BulkDataURI: key };
      else if (el.Value?.length) out[key] = { vr, InlineBinary: toBase64(el.Value) };
      else out[key] = { vr };
      continue;
    }
    const vals = el.Value ?? [];
    if (vr === 'SQ') {
      out[key] = vals.length ? { vr, Value: vals.map((item) => convert((item ?? {}) as Record<string, RawElement>, false)) } : { vr };
      continue;
    }
    const clean = vals.map((v) => {
      if (v === '' || v === undefined) return null;
      if (vr === 'PN' && typeof v === 'object' && v !== null) {
        const pn = v as Record<string, unknown>;
        const o: Record<string, string> = {};
        for (const k of ['Alphabetic', 'Ideographic', 'Phonetic']) if (typeof pn[k] === 'string' && pn[k] !== '') o[k] = String(pn[k]).replace(/\0/g, '');
        return Object.keys(o).length ? o : null;
      }
      if (typeof v === 'string') return v.replace(/\0/g, '');
      return v;
    });
    out[key] = clean.some((v) => v !== null) ? { vr, Value: clean } : { vr };
  }
  return out;
}

/** DICOM JSON of a Part 10 file's data set (see the module comment for bulk data). */
export function dicomJsonOf(bytes: Uint8Array): DicomJson {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const msg = dcmjs.data.DicomMessage.readFile(ab, { ignoreErrors: true }) as unknown as { dict: Record<string, RawElement> };
  return convert(msg.dict, true);
}

/** Keyword ("PatientName") or tag ("00100010", "0010,0010") → the 8-hex-digit tag, or undefined. */
export function tagOf(keyOrTag: string): string | undefined {
  const k = keyOrTag.trim();
  if (/^[0-9a-f]{8}$/i.test(k)) return k.toUpperCase();
  if (/^\(?[0-9a-f]{4},[0-9a-f]{4}\)?$/i.test(k)) return k.replace(/[(),]/g, '').toUpperCase();
  const nameMap = (dcmjs.data.DicomMetaDictionary as unknown as { nameMap: Record<string, { tag: string }> }).nameMap;
  const e = nameMap[k];
  return e ? e.tag.replace(/[(),]/g, '').toUpperCase() : undefined;
}

/** The VR of a standard attribute, from the data dictionary. */
export function vrOf(tag: string): string | undefined {
  const dict = (dcmjs.data.DicomMetaDictionary as unknown as { dictionary: Record<string, { vr?: string }> }).dictionary;
  return dict[`(${tag.slice(0, 4)},${tag.slice(4)})`]?.vr;
}

/** The first value of an attribute as a string (PN: its Alphabetic group). */
export function firstString(ds: DicomJson | undefined, tag: string): string | undefined {
  const v = ds?.[tag]?.Value?.[0];
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'object') return (v as { Alphabetic?: string }).Alphabetic;
  return String(v);
}

export type Matcher = (values: string[]) => boolean;

/**
 * A QIDO matching key → a predicate over an attribute's values (PS3.4 C.2.2.2): UID list matching
 * (comma-separated), range matching for DA/TM/DT ("a-b", "a-", "-b"), wildcard matching with * and ?
 * for text VRs (PN case-insensitively, as most archives do), else single-value matching. Returns
 * null when the key cannot be matched (e.g. a sequence): the caller warns and ignores it.
 */
export function matcherFor(vr: string, query: string): Matcher | null {
  if (vr === 'SQ' || BULK_VRS.has(vr)) return null;
  if (vr === 'UI') {
    const uids = new Set(query.split(/[,\\]/).map((s) => s.trim()).filter(Boolean));
    return (vals) => vals.some((v) => uids.has(v));
  }
  if ((vr === 'DA' || vr === 'TM' || vr === 'DT') && query.includes('-')) {
    const [lo, hi] = query.split('-').map((s) => s.trim());
    return (vals) => vals.some((v) => (!lo || v >= lo) && (!hi || v <= hi.padEnd(v.length, vr === 'DA' ? '' : '9')));
  }
  const textual = !['DS', 'IS', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'DA', 'TM', 'DT', 'UV', 'SV'].includes(vr);
  if (textual && /[*?]/.test(query)) {
    const re = new RegExp(`^${query.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, vr === 'PN' ? 'iu' : 'u');
    return (vals) => vals.some((v) => re.test(v));
  }
  if (vr === 'PN') {
    const q = query.toLowerCase();
    return (vals) => vals.some((v) => v.toLowerCase() === q);
  }
  if (!textual && vr !== 'DA' && vr !== 'TM' && vr !== 'DT') {
    const n = Number(query);
    return (vals) => vals.some((v) => Number(v) === n);
  }
  return (vals) => vals.some((v) => v === query);
}

/** All values of an attribute as strings (PN: Alphabetic groups), for matching. */
export function valuesOf(ds: DicomJson | undefined, tag: string): string[] {
  const a = ds?.[tag];
  if (!a?.Value) return [];
  return a.Value.filter((v) => v !== null && v !== undefined).map((v) => (typeof v === 'object' ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v)));
}
