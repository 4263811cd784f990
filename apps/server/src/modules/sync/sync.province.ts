/**
 * Province side: verify, validate and apply a station's batch in one transaction (all or nothing),
 * and serve the pull (governance states + merged-field changes of the station's catchment).
 */
import { gunzipSync } from 'node:zlib';
import {
  advanceCursor, CONFLICT_RULES, compareHlc, decideField, decodeBatch, decodeHlc, encodeHlc, receive, tick, zeroHlc,
  type Batch, type ChangeRecord, type Hlc, type Json,
} from '@yte/sync';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError } from '../../lib/errors.ts';
import { pullMessage, verifyBytes } from './sync.keys.ts';

export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

const badKey = () => new AppError(401, 'SYNC_BAD_KEY', 'Unknown, revoked or wrong station key', 'Khoá thiết bị của trạm không đúng, không tồn tại hoặc đã bị thu hồi');
const notCatchment = (why: string) => new AppError(403, 'SYNC_NOT_CATCHMENT', `Batch touches another station's catchment: ${why}`, `Lô dữ liệu chạm vào địa bàn của trạm khác: ${why}`);
const rejected = (reason: string) => new AppError(400, 'SYNC_BATCH_REJECTED', `Batch rejected whole: ${reason}`, `Lô dữ liệu bị từ chối toàn bộ: ${reason}`);

/** User references a station may carry for users the province does not know: set to NULL. */
const USER_COLUMNS: Record<string, string[]> = { patient: ['created_by'], encounter: ['created_by'], observation: ['recorded_by'] };

let provinceClock: Hlc = zeroHlc('province');
/** The province's HLC: moves past every stamp it receives, so acks carry causality back. */
function provinceReceive(stamps: string[], now: number): string {
  for (const s of stamps) provinceClock = receive(provinceClock, decodeHlc(s), now);
  provinceClock = tick(provinceClock, now);
  return encodeHlc(provinceClock);
}

async function stationKey(db: Queryable, station: string): Promise<string | null> {
  const [s] = await db.query<{ public_key: string; revoked_at: Date | null }>('SELECT public_key, revoked_at FROM sync_station WHERE station_id = $1', [station]);
  return s && !s.revoked_at ? s.public_key : null;
}

export async function registerStation(db: Db, station: string, publicKey: string): Promise<void> {
  await db.query(`INSERT INTO sync_station(station_id, public_key) VALUES ($1, $2)
    ON CONFLICT (station_id) DO UPDATE SET public_key = EXCLUDED.public_key, revoked_at = NULL`, [station, publicKey]);
}

export async function revokeStation(db: Db, station: string, now: Date): Promise<boolean> {
  const r = await db.query('UPDATE sync_station SET revoked_at = $2 WHERE station_id = $1 AND revoked_at IS NULL RETURNING station_id', [station, now]);
  return r.length > 0;
}

export interface PushResult {
  station: string;
  seq: number;
  ackSeq: number;
  applied: number;
  duplicates: number;
  refused: number;
  conflicts: number;
  hlc: string;
}

/** Authenticates (401), decompresses and validates (400), checks catchment (403), applies. */
export async function acceptPush(db: Db, stationHeader: string | undefined, signature: string | undefined, body: Buffer, now: Date): Promise<PushResult> {
  if (!stationHeader || !signature || !/^[0-9a-f-]{36}$/.test(stationHeader)) throw badKey();
  const key = await stationKey(db, stationHeader);
  if (!key || !verifyBytes(key, body, signature)) throw badKey();
  let text: string;
  try {
    text = gunzipSync(body, { maxOutputLength: 8 * MAX_BATCH_BYTES }).toString('utf8');
  } catch {
    throw rejected('not a complete gzip stream (truncated or corrupted)');
  }
  const d = decodeBatch(text);
  if (!d.ok) throw rejected(d.reason);
  const b = d.batch;
  if (b.station !== stationHeader) throw notCatchment('the batch names another station');
  return db.tx((q) => applyBatch(q, b, now));
}

async function applyBatch(q: Queryable, b: Batch, now: Date): Promise<PushResult> {
  await q.query(`SELECT set_config('yte.sync_apply', 'on', true)`);
  await checkCatchment(q, b);
  const fresh = new Set(
    (await q.query<{ change_id: string }>(
      `INSERT INTO sync_applied(change_id, station_id, table_name, row_id, outcome)
       SELECT c.id::uuid, $1, c.t, c.r, 'applied' FROM jsonb_to_recordset($2::jsonb) AS c(id text, t text, r text)
       ON CONFLICT (change_id) DO NOTHING RETURNING change_id`,
      [b.station, JSON.stringify(b.changes.map((c) => ({ id: c.id, t: c.table, r: c.rowId })))],
    )).map((r) => r.change_id),
  );
  const todo = b.changes.filter((c) => fresh.has(c.id));
  let refused = 0;
  let conflicts = 0;
  // Inserts first, table by table in foreign-key order, each table in one statement; then updates
  // in the batch's order. A row's own changes keep their order (its insert is always its first).
  for (const table of INSERT_ORDER) {
    const ins = todo.filter((c) => c.table === table && c.op === 'insert');
    if (!ins.length) continue;
    if (CONFLICT_RULES[table] === 'append-only') await insertAppendOnly(q, b.station, table, ins);
    else conflicts += await insertMerged(q, table, ins);
  }
  for (const c of todo) {
    if (c.op !== 'update') continue;
    if (CONFLICT_RULES[c.table] === 'append-only') {
      refused++; // an update of an append-only row is refused (the rule in @yte/sync)
      await q.query(`UPDATE sync_applied SET outcome = 'refused' WHERE change_id = $1`, [c.id]);
    } else {
      conflicts += await mergeChange(q, c);
    }
  }
  await q.query('INSERT INTO sync_batch_seen(station_id, seq) VALUES ($1, $2) ON CONFLICT DO NOTHING', [b.station, b.seq]);
  const [st] = await q.query<{ ack_seq: number }>('SELECT ack_seq FROM sync_station WHERE station_id = $1 FOR UPDATE', [b.station]);
  const seen = await q.query<{ seq: number }>('SELECT seq FROM sync_batch_seen WHERE station_id = $1 AND seq > $2', [b.station, st!.ack_seq]);
  const ackSeq = advanceCursor(st!.ack_seq, seen.map((s) => s.seq));
  await q.query('UPDATE sync_station SET ack_seq = $2, last_push_at = $3 WHERE station_id = $1', [b.station, ackSeq, now]);
  const hlc = provinceReceive(b.changes.length ? [b.changes.reduce((m, c) => (compareHlc(c.hlc, m) > 0 ? c.hlc : m), b.changes[0]!.hlc)] : [], now.getTime());
  return { station: b.station, seq: b.seq, ackSeq, applied: todo.length - refused, duplicates: b.changes.length - todo.length, refused, conflicts, hlc };
}

async function checkCatchment(q: Queryable, b: Batch): Promise<void> {
  const updates = new Map<string, string[]>();
  for (const [i, c] of b.changes.entries()) {
    if (c.origin !== b.station) throw notCatchment(`change ${i} has another origin`);
    const fac = c.values.facility_id;
    if (c.table === 'audit_log' ? fac != null && fac !== b.station : c.op === 'insert' ? fac !== b.station : fac !== undefined && fac !== b.station) {
      throw notCatchment(`change ${i} (${c.table} ${c.rowId}) belongs to facility ${String(fac)}`);
    }
    if (c.op === 'update' && c.table !== 'audit_log') updates.set(c.table, [...(updates.get(c.table) ?? []), c.rowId]);
  }
  for (const [table, ids] of updates) {
    const foreign = await q.query<{ id: string }>(`SELECT id::text FROM ${table} WHERE id::text = ANY($1) AND facility_id <> $2 LIMIT 1`, [ids, b.station]);
    if (foreign.length) throw notCatchment(`${table} ${foreign[0]!.id} belongs to another facility`);
  }
}

async function nullUnknownUsers(q: Queryable, table: string, rows: Array<Record<string, Json>>): Promise<void> {
  const cols = USER_COLUMNS[table] ?? [];
  const ids = [...new Set(rows.flatMap((r) => cols.map((c) => r[c]).filter((v): v is string => typeof v === 'string')))];
  if (!ids.length) return;
  const known = new Set((await q.query<{ id: string }>('SELECT id::text FROM app_user WHERE id::text = ANY($1)', [ids])).map((r) => r.id));
  for (const r of rows) for (const c of cols) if (typeof r[c] === 'string' && !known.has(r[c] as string)) r[c] = null;
}

async function insertAppendOnly(q: Queryable, station: string, table: string, cs: ChangeRecord[]): Promise<void> {
  if (table === 'audit_log') {
    await q.query(
      `INSERT INTO sync_station_audit(station_id, seq, entry) SELECT $1, (e->>'seq')::bigint, e FROM jsonb_array_elements($2::jsonb) e ON CONFLICT DO NOTHING`,
      [station, JSON.stringify(cs.map((c) => c.values))],
    );
    return;
  }
  const rows = cs.map((c) => ({ ...c.values }));
  await nullUnknownUsers(q, table, rows);
  await q.query(`INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ON CONFLICT DO NOTHING`, [JSON.stringify(rows)]);
}

const INSERT_ORDER = ['patient', 'encounter', 'observation', 'audit_log'] as const;

/** Bulk insert of new merged rows with their field clocks; a row that already exists is merged field by field. */
async function insertMerged(q: Queryable, table: string, cs: ChangeRecord[]): Promise<number> {
  const rows = cs.map((c) => ({ ...c.values, id: c.rowId }));
  await nullUnknownUsers(q, table, rows);
  const inserted = new Set((await q.query<{ id: string }>(
    `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ON CONFLICT DO NOTHING RETURNING id::text`, [JSON.stringify(rows)])).map((r) => r.id));
  // one clock per inserted row ('*': every field written at this stamp), not one per field
  const clocks = cs.filter((c) => inserted.has(c.rowId)).map((c) => ({ r: c.rowId, f: '*', h: c.hlc }));
  if (clocks.length) {
    await q.query(`INSERT INTO sync_field_clock(table_name, row_id, field, hlc) SELECT $1, r, f, h FROM jsonb_to_recordset($2::jsonb) AS x(r text, f text, h text)
      ON CONFLICT (table_name, row_id, field) DO UPDATE SET hlc = GREATEST(sync_field_clock.hlc, EXCLUDED.hlc)`, [table, JSON.stringify(clocks)]);
  }
  let conflicts = 0;
  for (const c of cs) if (!inserted.has(c.rowId)) conflicts += await mergeChange(q, c);
  return conflicts;
}

const columnCache = new Map<string, Set<string>>();
async function columnsOf(q: Queryable, table: string): Promise<Set<string>> {
  const key = table;
  let s = columnCache.get(key);
  if (!s) {
    s = new Set((await q.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()`, [table])).map((r) => r.column_name));
    if (s.size) columnCache.set(key, s);
  }
  return s;
}

/**
 * Field-level merge of one change into a row (the rule in @yte/sync decideField), shared by the
 * province (a pushed change) and the station (a pulled one). Returns the number of true conflicts.
 */
export async function mergeChange(q: Queryable, c: Pick<ChangeRecord, 'id' | 'table' | 'rowId' | 'op' | 'values' | 'base' | 'hlc'>, review = true): Promise<number> {
  const cols = await columnsOf(q, c.table);
  const values = { ...c.values };
  await nullUnknownUsers(q, c.table, [values]);
  const fields = Object.keys(values).filter((f) => cols.has(f) && f !== 'id');
  const [row] = await q.query<{ r: Record<string, Json> }>(`SELECT to_jsonb(t) AS r FROM ${c.table} t WHERE id::text = $1`, [c.rowId]);
  const clocks = new Map((await q.query<{ field: string; hlc: string }>('SELECT field, hlc FROM sync_field_clock WHERE table_name = $1 AND row_id = $2', [c.table, c.rowId])).map((r) => [r.field, r.hlc]));
  const apply: string[] = [];
  let conflicts = 0;
  const star = clocks.get('*') ?? '';
  const clockOf = (f: string) => { const h = clocks.get(f) ?? ''; return h > star ? h : star; };
  for (const f of fields) {
    const current = row ? { value: row.r[f] ?? null, hlc: clockOf(f) } : undefined;
    const d = decideField(f, current, { value: values[f] ?? null, hlc: c.hlc }, c.base?.[f], c.op === 'update');
    if (d.apply) apply.push(f);
    if (d.conflict && d.loser && review) {
      conflicts++;
      await q.query('INSERT INTO sync_review(table_name, row_id, field, kept, kept_hlc, other, other_hlc, change_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
        [c.table, c.rowId, f, JSON.stringify(d.winner.value), d.winner.hlc, JSON.stringify(d.loser.value), d.loser.hlc, c.id]);
    }
  }
  if (!row) {
    // a row created by this change (an insert), or an update whose insert was never seen: only a full row can be inserted
    if (c.op !== 'insert') return conflicts;
    await q.query(`INSERT INTO ${c.table} SELECT * FROM jsonb_populate_record(NULL::${c.table}, $1::jsonb) ON CONFLICT DO NOTHING`, [JSON.stringify({ ...values, id: c.rowId })]);
  } else if (apply.length) {
    const list = apply.map((f) => `"${f}"`).join(', ');
    await q.query(`UPDATE ${c.table} SET (${list}) = (SELECT ${list} FROM jsonb_populate_record(NULL::${c.table}, $1::jsonb)) WHERE id::text = $2`, [JSON.stringify(values), c.rowId]);
  }
  if (!row) apply.splice(0, apply.length, '*');
  if (apply.length) {
    await q.query(
      `INSERT INTO sync_field_clock(table_name, row_id, field, hlc) SELECT $1, $2, f, $3 FROM unnest($4::text[]) f
       ON CONFLICT (table_name, row_id, field) DO UPDATE SET hlc = EXCLUDED.hlc`,
      [c.table, c.rowId, c.hlc, apply],
    );
  }
  return conflicts;
}

export interface PullResult {
  cursor: number;
  hlc: string;
  changes: Array<{ table: string; rowId: string; values: Record<string, Json>; hlc: string }>;
  governance: Array<{ toolId: string; facilityId: string | null; stage: string; reason: string; changedAt: string }>;
}

/** The station's catchment changes since its cursor and the governance states that apply to it. */
export async function servePull(db: Db, station: string | undefined, signature: string | undefined, since: number, now: Date, limit = 5000, queue: number | null = null): Promise<PullResult> {
  if (!station || !signature || !/^[0-9a-f-]{36}$/.test(station)) throw badKey();
  const key = await stationKey(db, station);
  if (!key || !verifyBytes(key, pullMessage(station, since), signature)) throw badKey();
  // The station's outbox depth as it reports it (advisory, for the network dashboard; not signed).
  await db.query('UPDATE sync_station SET last_pull_at = $2, queue_depth = COALESCE($3, queue_depth) WHERE station_id = $1', [station, now, queue]);
  const rows = await db.query<{ seq: number; table_name: string; row_id: string; values: Record<string, Json>; hlc: string }>(
    'SELECT seq, table_name, row_id, values, hlc FROM sync_change_log WHERE facility_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [station, since, limit]);
  const gov = await db.query<{ tool_id: string; facility_id: string | null; stage: string; reason: string; changed_at: Date }>(
    'SELECT tool_id, facility_id, stage, reason, changed_at FROM ai_tool_stage WHERE facility_id IS NULL OR facility_id = $1 ORDER BY tool_id', [station]);
  return {
    cursor: rows.length ? rows[rows.length - 1]!.seq : since,
    hlc: provinceReceive([], now.getTime()),
    changes: rows.map((r) => ({ table: r.table_name, rowId: r.row_id, values: r.values, hlc: r.hlc })),
    governance: gov.map((g) => ({ toolId: g.tool_id, facilityId: g.facility_id, stage: g.stage, reason: g.reason, changedAt: new Date(g.changed_at).toISOString() })),
  };
}
