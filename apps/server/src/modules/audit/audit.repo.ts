/** Writes audit entries inside the caller's transaction and reads the chain back for checks. */
import type { Queryable } from '../../db/db.ts';
import { type AuditEntry, type ChainBreak, entryHash, GENESIS_HASH, verifyChain } from './audit.chain.ts';

export type AuditInput = Omit<AuditEntry, 'seq' | 'at'> & { at?: Date };

// Serialises appenders so the chain stays linear under concurrent transactions.
const AUDIT_LOCK_KEY = 74_110_001;

// Facilities flagged training (the training sandbox, migration 016): their entries carry training: true.
// A flag never changes once a facility exists, so one lookup per facility id per process suffices.
const trainingFacility = new Map<string, boolean>();
async function isTrainingFacility(q: Queryable, facilityId: string): Promise<boolean> {
  let v = trainingFacility.get(facilityId);
  if (v === undefined) {
    const r = await q.query<{ training: boolean }>('SELECT training FROM facility WHERE id = $1', [facilityId]);
    v = r[0]?.training === true;
    if (r[0]) trainingFacility.set(facilityId, v);
  }
  return v;
}

export async function appendAudit(q: Queryable, input: AuditInput, now: Date = new Date()): Promise<number> {
  if (input.facilityId && (await isTrainingFacility(q, input.facilityId))) {
    input = { ...input, details: { ...(typeof input.details === 'object' && input.details !== null ? input.details : {}), training: true } };
  }
  await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const last = await q.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const entry: AuditEntry = { ...input, seq: (last[0]?.seq ?? 0) + 1, at: input.at ?? now };
  // Postgres keeps microseconds; the hash uses the millisecond ISO form, which round-trips.
  const hash = entryHash(prevHash, entry);
  await q.query(
    `INSERT INTO audit_log (seq, at, user_id, facility_id, action, resource_type, resource_id, patient_id, outcome, details, prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [
      entry.seq,
      entry.at.toISOString(),
      entry.userId,
      entry.facilityId,
      entry.action,
      entry.resourceType,
      entry.resourceId,
      entry.patientId,
      entry.outcome,
      entry.details === undefined || entry.details === null ? null : JSON.stringify(entry.details),
      prevHash,
      hash,
    ],
  );
  return entry.seq;
}

/**
 * Several entries in one go (e.g. every patient a list shows is one read): one lock, one read of the
 * chain's head, one INSERT; the chain is the same as appending them one by one.
 */
export async function appendAudits(q: Queryable, inputs: AuditInput[], now: Date = new Date()): Promise<void> {
  if (inputs.length === 0) return;
  if (inputs.length === 1) {
    await appendAudit(q, inputs[0]!, now);
    return;
  }
  const marked: AuditInput[] = [];
  for (const input of inputs) {
    marked.push(input.facilityId && (await isTrainingFacility(q, input.facilityId))
      ? { ...input, details: { ...(typeof input.details === 'object' && input.details !== null ? input.details : {}), training: true } }
      : input);
  }
  await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const last = await q.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  let prevHash = last[0]?.hash ?? GENESIS_HASH;
  let seq = last[0]?.seq ?? 0;
  const cols: unknown[][] = Array.from({ length: 12 }, () => []);
  for (const input of marked) {
    const entry: AuditEntry = { ...input, seq: ++seq, at: input.at ?? now };
    const hash = entryHash(prevHash, entry);
    const row = [entry.seq, entry.at.toISOString(), entry.userId, entry.facilityId, entry.action, entry.resourceType, entry.resourceId, entry.patientId, entry.outcome,
      entry.details === undefined || entry.details === null ? null : JSON.stringify(entry.details), prevHash, hash];
    row.forEach((v, i) => cols[i]!.push(v));
    prevHash = hash;
  }
  await q.query(
    `INSERT INTO audit_log (seq, at, user_id, facility_id, action, resource_type, resource_id, patient_id, outcome, details, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::jsonb[], $11::text[], $12::text[])`,
    cols,
  );
}

interface AuditRow {
  seq: number;
  at: Date;
  user_id: string | null;
  facility_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  outcome: AuditEntry['outcome'];
  details: unknown;
  prev_hash: string;
  hash: string;
}

/** Walks the whole chain in pages; returns how many entries were checked and the first break. */
export async function verifyAuditChain(
  q: Queryable,
  onProgress?: (checked: number) => void,
): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
  const pageSize = 5000;
  let cursor = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const rows = await q.query<AuditRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [cursor.seq, pageSize]);
    if (rows.length === 0) return { checked, firstBreak: null };
    const entries = rows.map((r) => ({
      seq: Number(r.seq),
      at: new Date(r.at),
      userId: r.user_id,
      facilityId: r.facility_id,
      action: r.action,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      patientId: r.patient_id,
      outcome: r.outcome,
      details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    const brk = verifyChain(entries, cursor);
    if (brk) return { checked: checked + entries.findIndex((e) => e.seq === brk.seq), firstBreak: brk };
    checked += entries.length;
    const last = entries[entries.length - 1]!;
    cursor = { seq: last.seq, hash: last.hash };
    onProgress?.(checked);
  }
}
