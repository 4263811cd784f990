import type { Queryable } from '../../db/db.ts';
import type { CatalogueItem, ClaimError, Row, TableId } from '@yte/claims';

export type ClaimState = 'ready' | 'blocked' | 'exported' | 'accepted' | 'rejected';

export interface ClaimRow {
  id: string;
  facility_id: string;
  ma_lk: string;
  state: ClaimState;
  patient_name: string;
  visit_date: string;
  total_bv: string;
  fund_share: string;
  tables: Partial<Record<TableId, Row[]>>;
  errors: ClaimError[];
  answer_reason: string | null;
  updated_at: Date;
}

export async function replaceCatalogue(q: Queryable, facilityId: string, items: CatalogueItem[], by: string, at: Date) {
  await q.query('DELETE FROM claim_catalogue_item WHERE facility_id = $1', [facilityId]);
  for (const i of items) {
    await q.query(
      `INSERT INTO claim_catalogue_item (facility_id, kind, code, name, unit, group_code, price_bh, price_bv, rate_bh, scope, valid_from, valid_to, imported_by, imported_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [facilityId, i.kind, i.code, i.name, i.unit, i.group, i.priceBh, i.priceBv, i.rateBh, i.scope, i.from, i.to, by, at.toISOString()],
    );
  }
}

export async function loadCatalogue(q: Queryable, facilityId: string): Promise<CatalogueItem[]> {
  const rows = await q.query<Record<string, string | number | null>>('SELECT * FROM claim_catalogue_item WHERE facility_id = $1', [facilityId]);
  return rows.map((r) => ({
    kind: r.kind as CatalogueItem['kind'], code: String(r.code), name: String(r.name), unit: String(r.unit), group: Number(r.group_code),
    priceBh: Number(r.price_bh), priceBv: Number(r.price_bv), rateBh: Number(r.rate_bh), scope: Number(r.scope),
    from: String(r.valid_from), to: r.valid_to === null ? null : String(r.valid_to),
  }));
}

export async function upsertClaim(q: Queryable, c: Omit<ClaimRow, 'answer_reason' | 'updated_at'>, by: string, at: Date) {
  await q.query(
    `INSERT INTO claim (id, facility_id, ma_lk, state, patient_name, visit_date, total_bv, fund_share, tables, errors, created_by, created_at, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12)
     ON CONFLICT (facility_id, ma_lk) DO UPDATE SET state = EXCLUDED.state, patient_name = EXCLUDED.patient_name,
       visit_date = EXCLUDED.visit_date, total_bv = EXCLUDED.total_bv, fund_share = EXCLUDED.fund_share, tables = EXCLUDED.tables,
       errors = EXCLUDED.errors, answer_reason = NULL, updated_at = EXCLUDED.updated_at
     WHERE claim.state IN ('ready', 'blocked', 'rejected')`,
    [c.id, c.facility_id, c.ma_lk, c.state, c.patient_name, c.visit_date, c.total_bv, c.fund_share, JSON.stringify(c.tables), JSON.stringify(c.errors), by, at.toISOString()],
  );
}

export async function listClaims(q: Queryable, facilityId: string, state?: ClaimState, limit = 200) {
  return q.query<ClaimRow>(
    `SELECT * FROM claim WHERE facility_id = $1 AND ($2::text IS NULL OR state = $2) ORDER BY visit_date DESC, ma_lk LIMIT $3`,
    [facilityId, state ?? null, limit],
  );
}

export async function setState(q: Queryable, facilityId: string, maLks: string[], from: ClaimState[], to: ClaimState, reason: string | null, at: Date) {
  return q.query<{ ma_lk: string }>(
    `UPDATE claim SET state = $4, answer_reason = $5, updated_at = $6 WHERE facility_id = $1 AND ma_lk = ANY($2::text[]) AND state = ANY($3::text[]) RETURNING ma_lk`,
    [facilityId, maLks, from, to, reason, at.toISOString()],
  );
}
