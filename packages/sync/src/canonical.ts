/**
 * Canonical JSON (keys sorted, no whitespace; the idea of RFC 8785 JCS for the values we carry:
 * strings, finite numbers, booleans, null, arrays, objects) and its SHA-256. Hashing is a pure
 * computation, not I/O.
 */
import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('non-finite number in canonical JSON');
    return JSON.stringify(v);
  }
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  throw new Error(`cannot encode ${typeof v}`);
}

export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * A table checksum for agreement checks: SHA-256 over the rows' canonical JSON sorted by key, so
 * two databases agree whatever order the rows arrived in.
 */
export function tableChecksum(rows: Array<Record<string, unknown>>, key = 'id'): { count: number; sha256: string } {
  const lines = rows.map((r) => [String(r[key]), canonicalJson(r)] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { count: rows.length, sha256: sha256Hex(lines.map((l) => l[1]).join('\n')) };
}
