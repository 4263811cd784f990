/**
 * The batch on the wire. A station numbers its batches 1, 2, 3… (`seq`); the province acks the
 * highest seq it has applied and the station resumes after it (resumable). The body is canonical
 * JSON with a SHA-256 over the changes (checksummed), gzip-compressed by the caller (compressed).
 * Change ids are UUIDv7 and the receiver skips ids it has applied (idempotent: a replayed batch
 * changes nothing). A batch is validated whole before anything is applied: one bad change rejects
 * it with the reason.
 */
import { canonicalJson, sha256Hex } from './canonical.ts';
import { SYNC_TABLES, type ChangeRecord } from './change.ts';
import { UUID_RE, UUIDV7_RE } from './ids.ts';

export const BATCH_FORMAT = 'yte-sync/1';

export interface Batch {
  format: typeof BATCH_FORMAT;
  station: string;
  seq: number;
  changes: ChangeRecord[];
  sha256: string;
}

export const batchChecksum = (changes: ChangeRecord[]): string => sha256Hex(canonicalJson(changes));

export function makeBatch(station: string, seq: number, changes: ChangeRecord[]): Batch {
  return { format: BATCH_FORMAT, station, seq, changes, sha256: batchChecksum(changes) };
}

export const encodeBatch = (b: Batch): string => canonicalJson(b);

export type DecodeResult = { ok: true; batch: Batch } | { ok: false; reason: string };

const HLC_RE = /^\d{15}:\d{6}:.{1,64}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkChange(c: unknown, i: number): string | null {
  if (!isObj(c)) return `change ${i} is not an object`;
  if (typeof c.id !== 'string' || !UUIDV7_RE.test(c.id)) return `change ${i}: id is not a UUIDv7`;
  if (typeof c.table !== 'string' || !(SYNC_TABLES as readonly string[]).includes(c.table)) return `change ${i}: unknown table`;
  if (typeof c.rowId !== 'string' || c.rowId.length === 0 || c.rowId.length > 64) return `change ${i}: bad rowId`;
  if (c.op !== 'insert' && c.op !== 'update') return `change ${i}: op must be insert or update`;
  if (!isObj(c.values)) return `change ${i}: values must be an object`;
  if (c.base !== undefined && !isObj(c.base)) return `change ${i}: base must be an object`;
  if (typeof c.origin !== 'string' || c.origin.length === 0) return `change ${i}: bad origin`;
  if (typeof c.hlc !== 'string' || !HLC_RE.test(c.hlc)) return `change ${i}: bad HLC stamp`;
  return null;
}

/** Parses and validates a decompressed batch; never throws. */
export function decodeBatch(text: string, maxChanges = 50_000): DecodeResult {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON (truncated or corrupted)' };
  }
  if (!isObj(v)) return { ok: false, reason: 'not a batch object' };
  if (v.format !== BATCH_FORMAT) return { ok: false, reason: `format must be ${BATCH_FORMAT}` };
  if (typeof v.station !== 'string' || !UUID_RE.test(v.station)) return { ok: false, reason: 'station must be a UUID' };
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1) return { ok: false, reason: 'seq must be a positive integer' };
  if (!Array.isArray(v.changes)) return { ok: false, reason: 'changes must be an array' };
  if (v.changes.length > maxChanges) return { ok: false, reason: `more than ${maxChanges} changes` };
  if (typeof v.sha256 !== 'string') return { ok: false, reason: 'sha256 missing' };
  for (let i = 0; i < v.changes.length; i++) {
    const err = checkChange(v.changes[i], i);
    if (err) return { ok: false, reason: err };
  }
  const changes = v.changes as ChangeRecord[];
  let sum: string;
  try {
    sum = batchChecksum(changes);
  } catch {
    return { ok: false, reason: 'changes are not canonical JSON values' };
  }
  if (sum !== v.sha256) return { ok: false, reason: 'checksum mismatch (corrupted batch)' };
  return { ok: true, batch: { format: BATCH_FORMAT, station: v.station, seq: v.seq as number, changes, sha256: sum } };
}

/**
 * The province's ack cursor for one station: the highest seq such that every batch up to it has
 * been applied. Because change ids are deduplicated, a batch may arrive twice or after a later one;
 * the station resends from `cursor + 1` after any cut.
 */
export function advanceCursor(cursor: number, appliedSeqs: Iterable<number>): number {
  const s = new Set(appliedSeqs);
  let c = cursor;
  while (s.has(c + 1)) c++;
  return c;
}
