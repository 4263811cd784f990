import type { Queryable } from '../../db/db.ts';

export interface SettingRow {
  facility_id: string; ma_cskcb: string; level: 'commune' | 'district' | 'provincial' | 'central'; department: string; head_code: string;
  bank_bin: string | null; bank_account: string | null; tax_code: string | null; invoice_symbol: string | null;
}
export interface ChargeRow {
  id: string; encounter_id: string; facility_id: string; patient_id: string; kind: 'DVKT' | 'THUOC' | 'VTYT'; code: string; quantity: string;
  ordered_at: Date; done_at: Date | null; result_at: Date | null; dosage: string | null; drug_route: string | null;
  created_by: string | null; created_at: Date; voided_at: Date | null; void_reason: string | null;
}
export interface BillingRow {
  encounter_id: string; icd10_main: string; diagnosis_text: string; icd10_secondary: string; card_valid_from: string; card_valid_to: string;
  card_registered_at: string; continuous_since: string | null; route: 'on-route' | 'emergency' | 'off-route'; ended_at: Date; result: number;
}
export interface PaymentRow {
  id: string; facility_id: string; encounter_id: string; patient_id: string; shift_id: string; receipt_no: number; kind: 'payment' | 'refund';
  method: 'cash' | 'card' | 'vietqr'; amount: string; reason: string | null; refund_of: string | null; created_by: string; created_at: Date;
}
export interface ShiftRow {
  id: string; facility_id: string; cashier_id: string; opened_at: Date; opening_float: string; closed_at: Date | null;
  counted_cash: string | null; expected_cash: string | null; difference: string | null; close_note: string | null;
}

export const getSettings = async (q: Queryable, facilityId: string) =>
  (await q.query<SettingRow>('SELECT * FROM claim_facility_setting WHERE facility_id = $1', [facilityId]))[0];

export async function putSettings(q: Queryable, s: SettingRow, by: string, at: Date) {
  await q.query(
    `INSERT INTO claim_facility_setting (facility_id, ma_cskcb, level, department, head_code, bank_bin, bank_account, tax_code, invoice_symbol, updated_by, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
     ON CONFLICT (facility_id) DO UPDATE SET ma_cskcb = EXCLUDED.ma_cskcb, level = EXCLUDED.level, department = EXCLUDED.department,
       head_code = EXCLUDED.head_code, bank_bin = EXCLUDED.bank_bin, bank_account = EXCLUDED.bank_account, tax_code = EXCLUDED.tax_code,
       invoice_symbol = EXCLUDED.invoice_symbol, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [s.facility_id, s.ma_cskcb, s.level, s.department, s.head_code, s.bank_bin, s.bank_account, s.tax_code, s.invoice_symbol, by, at.toISOString()],
  );
}

export async function replaceCodeMap(q: Queryable, facilityId: string, entries: Array<{ sourceSystem: string; sourceCode: string; code: string }>) {
  await q.query('DELETE FROM claim_code_map WHERE facility_id = $1', [facilityId]);
  for (const e of entries) {
    await q.query('INSERT INTO claim_code_map (facility_id, source_system, source_code, code) VALUES ($1,$2,$3,$4)', [facilityId, e.sourceSystem, e.sourceCode, e.code]);
  }
}

export async function codeMap(q: Queryable, facilityId: string) {
  const rows = await q.query<{ source_system: string; source_code: string; code: string }>('SELECT source_system, source_code, code FROM claim_code_map WHERE facility_id = $1', [facilityId]);
  const out = { loinc: {} as Record<string, string>, encounter: {} as Record<string, string> };
  for (const r of rows) (r.source_system === 'loinc' ? out.loinc : out.encounter)[r.source_code] = r.code;
  return out;
}

export async function insertCharge(q: Queryable, c: Omit<ChargeRow, 'voided_at' | 'void_reason'>) {
  await q.query(
    `INSERT INTO encounter_charge (id, encounter_id, facility_id, patient_id, kind, code, quantity, ordered_at, done_at, result_at, dosage, drug_route, created_by, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
    [c.id, c.encounter_id, c.facility_id, c.patient_id, c.kind, c.code, c.quantity, c.ordered_at.toISOString(), c.done_at?.toISOString() ?? null,
      c.result_at?.toISOString() ?? null, c.dosage, c.drug_route, c.created_by, c.created_at.toISOString()],
  );
}

export const findCharge = async (q: Queryable, id: string, facilityIds: string[]) =>
  (await q.query<ChargeRow>('SELECT * FROM encounter_charge WHERE id = $1 AND facility_id = ANY($2::uuid[])', [id, facilityIds]))[0];

export async function voidCharge(q: Queryable, id: string, by: string, reason: string, at: Date) {
  return q.query<{ id: string }>('UPDATE encounter_charge SET voided_at = $2, voided_by = $3, void_reason = $4 WHERE id = $1 AND voided_at IS NULL RETURNING id', [id, at.toISOString(), by, reason]);
}

export const chargesOf = (q: Queryable, encounterId: string) =>
  q.query<ChargeRow>('SELECT * FROM encounter_charge WHERE encounter_id = $1 ORDER BY ordered_at, id', [encounterId]);

export async function putBilling(q: Queryable, facilityId: string, b: BillingRow, by: string, at: Date) {
  await q.query(
    `INSERT INTO encounter_billing (encounter_id, facility_id, icd10_main, diagnosis_text, icd10_secondary, card_valid_from, card_valid_to, card_registered_at,
       continuous_since, route, ended_at, result, updated_by, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
     ON CONFLICT (encounter_id) DO UPDATE SET icd10_main = EXCLUDED.icd10_main, diagnosis_text = EXCLUDED.diagnosis_text,
       icd10_secondary = EXCLUDED.icd10_secondary, card_valid_from = EXCLUDED.card_valid_from, card_valid_to = EXCLUDED.card_valid_to,
       card_registered_at = EXCLUDED.card_registered_at, continuous_since = EXCLUDED.continuous_since, route = EXCLUDED.route,
       ended_at = EXCLUDED.ended_at, result = EXCLUDED.result, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [b.encounter_id, facilityId, b.icd10_main, b.diagnosis_text, b.icd10_secondary, b.card_valid_from, b.card_valid_to, b.card_registered_at,
      b.continuous_since, b.route, b.ended_at.toISOString(), b.result, by, at.toISOString()],
  );
}

export const billingOf = async (q: Queryable, encounterId: string) =>
  (await q.query<BillingRow>(
    `SELECT encounter_id, icd10_main, diagnosis_text, icd10_secondary, to_char(card_valid_from, 'YYYY-MM-DD') AS card_valid_from,
       to_char(card_valid_to, 'YYYY-MM-DD') AS card_valid_to, card_registered_at, to_char(continuous_since, 'YYYY-MM-DD') AS continuous_since,
       route, ended_at, result FROM encounter_billing WHERE encounter_id = $1`, [encounterId]))[0];

export const labsOf = (q: Queryable, encounterId: string) =>
  q.query<{ code: string; display: string; value_num: number | null; value_text: string | null; unit: string | null; effective_at: Date }>(
    `SELECT code, display, value_num, value_text, unit, effective_at FROM observation WHERE encounter_id = $1 AND category = 'laboratory' ORDER BY effective_at`, [encounterId]);

export const paymentsOf = (q: Queryable, encounterId: string) =>
  q.query<PaymentRow>('SELECT * FROM cashier_payment WHERE encounter_id = $1 ORDER BY receipt_no', [encounterId]);

export const findPayment = async (q: Queryable, id: string, facilityIds: string[]) =>
  (await q.query<PaymentRow>('SELECT * FROM cashier_payment WHERE id = $1 AND facility_id = ANY($2::uuid[])', [id, facilityIds]))[0];

export async function insertPayment(q: Queryable, p: Omit<PaymentRow, 'receipt_no'>) {
  // Receipt numbers run per facility; the facility row is locked so two cashiers never take the same number.
  await q.query('SELECT id FROM facility WHERE id = $1 FOR UPDATE', [p.facility_id]);
  const [{ next }] = await q.query<{ next: number }>('SELECT COALESCE(MAX(receipt_no), 0) + 1 AS next FROM cashier_payment WHERE facility_id = $1', [p.facility_id]) as [{ next: number }];
  await q.query(
    `INSERT INTO cashier_payment (id, facility_id, encounter_id, patient_id, shift_id, receipt_no, kind, method, amount, reason, refund_of, created_by, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
    [p.id, p.facility_id, p.encounter_id, p.patient_id, p.shift_id, Number(next), p.kind, p.method, p.amount, p.reason, p.refund_of, p.created_by, p.created_at.toISOString()],
  );
  return Number(next);
}

export const openShiftOf = async (q: Queryable, facilityId: string, cashierId: string) =>
  (await q.query<ShiftRow>('SELECT * FROM cashier_shift WHERE facility_id = $1 AND cashier_id = $2 AND closed_at IS NULL', [facilityId, cashierId]))[0];

export async function insertShift(q: Queryable, s: Pick<ShiftRow, 'id' | 'facility_id' | 'cashier_id' | 'opened_at' | 'opening_float'>) {
  await q.query('INSERT INTO cashier_shift (id, facility_id, cashier_id, opened_at, opening_float) VALUES ($1,$2,$3,$4,$5)',
    [s.id, s.facility_id, s.cashier_id, s.opened_at.toISOString(), s.opening_float]);
}

export const shiftPayments = (q: Queryable, shiftId: string) =>
  q.query<PaymentRow>('SELECT * FROM cashier_payment WHERE shift_id = $1 ORDER BY receipt_no', [shiftId]);

export async function closeShiftRow(q: Queryable, id: string, at: Date, counted: number, expected: number, difference: number, note: string | null) {
  await q.query('UPDATE cashier_shift SET closed_at = $2, counted_cash = $3, expected_cash = $4, difference = $5, close_note = $6 WHERE id = $1',
    [id, at.toISOString(), counted, expected, difference, note]);
}
