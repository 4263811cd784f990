/**
 * Station side: seal outbox rows into numbered batches (change ids and HLC stamps fixed once, so a
 * resent batch is identical), take acks, apply pulls. All state is in the station's database, so
 * a station killed mid-sync resumes from its outbox and ack cursor.
 */
import {
  decodeHlc, encodeHlc, makeBatch, receive, tick, uuidv7, zeroHlc, type Batch, type ChangeRecord, type Json, type SyncTable,
} from '@yte/sync';
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../db/db.ts';
import { mergeChange, type PullResult } from './sync.province.ts';

export async function enableStation(db: Db, stationId: string): Promise<void> {
  await db.query(`INSERT INTO sync_node(id, role, station_id) VALUES (1, 'station', $1)
    ON CONFLICT (id) DO UPDATE SET role = 'station', station_id = EXCLUDED.station_id`, [stationId]);
}

export async function enableProvince(db: Db): Promise<void> {
  await db.query(`INSERT INTO sync_node(id, role) VALUES (1, 'province') ON CONFLICT (id) DO UPDATE SET role = 'province', station_id = NULL`);
}

interface Node {
  role: 'station' | 'province';
  station_id: string | null;
  hlc: string;
  next_batch_seq: number;
  acked_seq: number;
  pull_cursor: number;
  last_synced_at: Date | null;
  last_error: string | null;
}

export async function nodeOf(q: Queryable): Promise<Node | null> {
  const [n] = await q.query<Node>('SELECT role, station_id::text, hlc, next_batch_seq, acked_seq, pull_cursor, last_synced_at, last_error FROM sync_node WHERE id = 1');
  return n ?? null;
}

const clockOf = (n: Node) => (n.hlc ? decodeHlc(n.hlc) : zeroHlc(n.station_id!));

/**
 * Gives every unsealed outbox row a change id and an HLC stamp and groups them into batches of at
 * most `size` (numbered from next_batch_seq). Also stamps the station's merged fields, so a pulled
 * change is compared against the local edit's stamp.
 */
export async function seal(db: Db, now: number, size = 1000): Promise<number> {
  return db.tx((q) => sealIn(q, now, size));
}

async function sealIn(q: Queryable, now: number, size: number): Promise<number> {
  {
    const n = await q.query<Node>('SELECT role, station_id::text, hlc, next_batch_seq FROM sync_node WHERE id = 1 FOR UPDATE');
    const node = n[0];
    if (!node || node.role !== 'station') return 0;
    const rows = await q.query<{ seq: number; table_name: string; row_id: string; op: string; values: Record<string, Json> }>(
      'SELECT seq, table_name, row_id, op, values FROM sync_outbox WHERE batch_seq IS NULL ORDER BY seq');
    if (!rows.length) return 0;
    let clock = clockOf(node);
    let batch = node.next_batch_seq;
    const ids: number[] = [], changeIds: string[] = [], stamps: string[] = [], batches: number[] = [];
    const clocks: Array<{ t: string; r: string; f: string; h: string }> = [];
    rows.forEach((r, i) => {
      if (i > 0 && i % size === 0) batch++;
      clock = tick(clock, now);
      const h = encodeHlc(clock);
      ids.push(r.seq);
      changeIds.push(uuidv7(clock.wall, randomBytes(10)));
      stamps.push(h);
      batches.push(batch);
      if (r.table_name === 'patient' || r.table_name === 'encounter') {
        // an insert: one clock for the row ('*'); an update: one per changed field
        for (const f of r.op === 'insert' ? ['*'] : Object.keys(r.values)) clocks.push({ t: r.table_name, r: r.row_id, f, h });
      }
    });
    await q.query(
      `UPDATE sync_outbox o SET change_id = u.c::uuid, hlc = u.h, batch_seq = u.b
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[]) AS u(s, c, h, b) WHERE o.seq = u.s`, [ids, changeIds, stamps, batches]);
    if (clocks.length) {
      await q.query(
        `INSERT INTO sync_field_clock(table_name, row_id, field, hlc) SELECT t, r, f, h FROM jsonb_to_recordset($1::jsonb) AS x(t text, r text, f text, h text)
         ON CONFLICT (table_name, row_id, field) DO UPDATE SET hlc = GREATEST(sync_field_clock.hlc, EXCLUDED.hlc)`, [JSON.stringify(clocks)]);
    }
    await q.query('UPDATE sync_node SET hlc = $1, next_batch_seq = $2 WHERE id = 1', [encodeHlc(clock), batch + 1]);
    return rows.length;
  }
}

/** The sealed batches not yet acked, oldest first (at most `max`). */
export async function pendingBatches(db: Queryable, max = 5): Promise<Batch[]> {
  const node = await nodeOf(db);
  if (!node || node.role !== 'station') return [];
  const rows = await db.query<{ batch_seq: number; change_id: string; table_name: string; row_id: string; op: 'insert' | 'update'; values: Record<string, Json>; base: Record<string, Json> | null; hlc: string }>(
    `SELECT batch_seq, change_id::text, table_name, row_id, op, values, base, hlc FROM sync_outbox
     WHERE batch_seq > $1 AND batch_seq <= $1 + $2 ORDER BY seq`, [node.acked_seq, max]);
  const by = new Map<number, ChangeRecord[]>();
  for (const r of rows) {
    const c: ChangeRecord = { id: r.change_id, table: r.table_name as SyncTable, rowId: r.row_id, op: r.op, values: r.values, origin: node.station_id!, hlc: r.hlc };
    if (r.base) c.base = r.base;
    by.set(r.batch_seq, [...(by.get(r.batch_seq) ?? []), c]);
  }
  return [...by].sort((a, b) => a[0] - b[0]).map(([seq, cs]) => makeBatch(node.station_id!, seq, cs));
}

/** The province acked every batch up to ackSeq: drop them from the outbox, move the clock. */
export async function takeAck(db: Db, ackSeq: number, provinceHlc: string, now: number): Promise<void> {
  await db.tx(async (q) => {
    const node = await nodeOf(q);
    if (!node) return;
    const clock = receive(clockOf(node), decodeHlc(provinceHlc), now);
    await q.query('DELETE FROM sync_outbox WHERE batch_seq <= $1', [ackSeq]);
    await q.query('UPDATE sync_node SET acked_seq = GREATEST(acked_seq, $1), hlc = $2, last_synced_at = $3, last_error = NULL WHERE id = 1', [ackSeq, encodeHlc(clock), new Date(now)]);
  });
}

/**
 * Applies a pull: merged-field changes of the catchment (same rule as the province), and the
 * governance states as the province has them (authoritative: the station's row is replaced).
 * Writes here are not captured into the outbox (yte.sync_apply).
 */
export async function applyPull(db: Db, p: PullResult, now: number): Promise<void> {
  await db.tx(async (q) => {
    // Local edits not yet stamped are stamped first (same transaction), so a pulled change is
    // compared with them rather than overwriting them.
    await sealIn(q, now, 1000);
    await q.query(`SELECT set_config('yte.sync_apply', 'on', true)`);
    const node = await nodeOf(q);
    if (!node) return;
    for (const c of p.changes) {
      if (c.table !== 'patient' && c.table !== 'encounter') continue; // only merged tables come down (and a table name goes into SQL)
      await mergeChange(q, { id: '', table: c.table as SyncTable, rowId: c.rowId, op: 'insert', values: c.values, hlc: c.hlc }, false);
    }
    for (const g of p.governance) {
      const [tool] = await q.query('SELECT 1 FROM ai_tool WHERE id = $1', [g.toolId]);
      if (!tool) continue;
      await q.query(`DELETE FROM ai_tool_stage WHERE tool_id = $1 AND facility_id IS NOT DISTINCT FROM $2`, [g.toolId, g.facilityId]);
      await q.query(`INSERT INTO ai_tool_stage(tool_id, facility_id, stage, reason, changed_by, changed_at) VALUES ($1, $2, $3, $4, NULL, $5)`,
        [g.toolId, g.facilityId, g.stage, g.reason, g.changedAt]);
    }
    const clock = receive(clockOf(node), decodeHlc(p.hlc), now);
    await q.query('UPDATE sync_node SET pull_cursor = GREATEST(pull_cursor, $1), hlc = $2, last_synced_at = $3 WHERE id = 1', [p.cursor, encodeHlc(clock), new Date(now)]);
  });
}

export interface SyncStatus {
  role: 'station' | 'province' | 'off';
  lastSyncedAt: string | null;
  pending: number;
  lastError: string | null;
}

export async function syncStatus(db: Queryable): Promise<SyncStatus> {
  const node = await nodeOf(db);
  if (!node) return { role: 'off', lastSyncedAt: null, pending: 0, lastError: null };
  const [c] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_outbox');
  return { role: node.role, lastSyncedAt: node.last_synced_at ? new Date(node.last_synced_at).toISOString() : null, pending: c?.n ?? 0, lastError: node.last_error };
}

export async function noteError(db: Queryable, message: string): Promise<void> {
  await db.query('UPDATE sync_node SET last_error = $1 WHERE id = 1', [message.slice(0, 500)]);
}
