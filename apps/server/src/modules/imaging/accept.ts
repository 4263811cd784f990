/**
 * HTTP Accept parsing and negotiation for DICOMweb (RFC 9110 §12.5.1; PS3.18 §8.7): media ranges
 * with parameters (type, transfer-syntax) and q-values; an absent header accepts anything.
 */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

/** Splits on commas outside quotes. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function parseAccept(header: string | string[] | undefined): MediaRange[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  if (!text.trim()) return [{ type: '*/*', params: {}, q: 1 }];
  const ranges = splitTop(text.slice(0, 4000), ',').map((part, i) => {
    const [type, ...rest] = splitTop(part, ';').map((x) => x.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
    }
    const q = params.q !== undefined ? Number(params.q) : 1;
    delete params.q;
    if (params.type) params.type = params.type.toLowerCase();
    return { type: (type ?? '').toLowerCase(), params, q: Number.isFinite(q) ? q : 0, i };
  }).filter((r) => r.type && r.q > 0);
  return ranges.sort((a, b) => b.q - a.q || a.i - b.i).map(({ i: _i, ...r }) => r);
}

/** The first range (by preference) that `pick` can serve, mapped to what `pick` returns. */
export function negotiate<T>(ranges: MediaRange[], pick: (r: MediaRange) => T | null): T | null {
  for (const r of ranges) {
    const v = pick(r);
    if (v !== null) return v;
  }
  return null;
}
