/**
 * Pure hash chain of the audit log. Each entry's hash covers the previous entry's hash and a
 * canonical serialisation of its own fields, so changing, removing or reordering any entry breaks
 * every hash after it.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  at: Date;
  userId: string | null;
  facilityId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  outcome: 'success' | 'denied' | 'not_found' | 'error';
  details: unknown;
}

/** JSON with object keys sorted, so jsonb's key reordering does not change the hash. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
    .join(',')}}`;
}

export function entryHash(prevHash: string, e: AuditEntry): string {
  const canonical = stableStringify([
    e.seq,
    e.at.toISOString(),
    e.userId,
    e.facilityId,
    e.action,
    e.resourceType,
    e.resourceId,
    e.patientId,
    e.outcome,
    e.details ?? null,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface ChainBreak {
  seq: number;
  reason: 'prev_hash_mismatch' | 'hash_mismatch' | 'sequence_gap';
}

/** Checks entries in seq order; returns the first break, or null when the chain is intact. */
export function verifyChain(
  entries: Iterable<AuditEntry & { prevHash: string; hash: string }>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainBreak | null {
  let prev = start.hash;
  let expectedSeq = start.seq + 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { seq: e.seq, reason: 'sequence_gap' };
    if (e.prevHash !== prev) return { seq: e.seq, reason: 'prev_hash_mismatch' };
    if (entryHash(prev, e) !== e.hash) return { seq: e.seq, reason: 'hash_mismatch' };
    prev = e.hash;
    expectedSeq++;
  }
  return null;
}
