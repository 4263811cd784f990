/**
 * FHIR forbids empty arrays, empty objects and empty strings in a resource ("elements must have a
 * value or children", http://hl7.org/fhir/R4/json.html#2.6.2). Every resource yte sends passes
 * through stripEmpty, so no mapper can emit `"identifier": []` by accident. Pure.
 */
export function stripEmpty<T>(value: T): T {
  return strip(value) as T;
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = v.map(strip).filter((x) => x !== undefined);
    return out.length ? out : undefined;
  }
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const s = strip(x);
      if (s !== undefined) out[k] = s;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'string' && v.trim() === '') return undefined;
  return v;
}
