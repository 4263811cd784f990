/**
 * Cashier and charges (issue 17). Wires the pure core of @yte/claims: a visit recorded in the clinical
 * screens (encounter, lab results, charges) becomes a claim; the cashier sees the bill with the insured
 * share, takes the patient's part (cash, card or VietQR), prints a receipt, refunds with a reason and closes
 * the drawer per shift. Every read and write of patient data is audited in the same transaction; a foreign
 * facility answers 404.
 */
import {
  Catalogue, billOf, buildClaim, closeOut, einvoiceXml, isBlocked, validateClaim, vietQrPayload, visitFromEncounter, vndInWords,
  type Bill, type ClaimError, type EncounterFacts,
} from '@yte/claims';
/// <reference path="../badges/credential/libs.d.ts" />
import { create as qrCreate } from 'qrcode';
import type { Db, Queryable } from '../../db/db.ts';
import { badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, RECORDING_ROLES, type Role } from '../auth/roles.ts';
import { loadCatalogue, upsertClaim } from '../claims/claims.repo.ts';
import { findEncounterScoped } from '../encounters/encounters.repo.ts';
import { findPatientScoped } from '../patients/patients.repo.ts';
import {
  type BillingRow, billingOf, chargesOf, type ChargeRow, closeShiftRow, codeMap, findCharge, findPayment, getSettings, insertCharge, insertPayment,
  insertShift, labsOf, openShiftOf, type PaymentRow, paymentsOf, putBilling, putSettings, replaceCodeMap, type SettingRow, shiftPayments,
  voidCharge as voidChargeRow,
} from './cashier.repo.ts';

/** Who takes money: the facility admin, and station staff (a commune station has no separate cashier). */
export const CASHIER_ROLES: readonly Role[] = ['facility_admin', 'station_staff'];
const CHARGE_ROLES: readonly Role[] = [...RECORDING_ROLES, 'facility_admin'];

const ev = (actor: Actor, facilityId: string | null, action: string, resourceType: string, resourceId: string | null, patientId: string | null, details: Record<string, unknown> | null = null, outcome: 'success' | 'not_found' = 'success') =>
  ({ userId: actor.id, facilityId, action, resourceType, resourceId, patientId, outcome, details });

function guardFacility(actor: Actor, facilityId: string, roles: readonly Role[]) {
  if (!hasRole(actor, roles)) throw forbidden();
  if (!actor.facilityIds.includes(facilityId)) throw notFound('Facility');
}

const toSettings = (s: SettingRow | undefined) => s ? {
  maCskcb: s.ma_cskcb, level: s.level, department: s.department, headCode: s.head_code, bankBin: s.bank_bin, bankAccount: s.bank_account,
  taxCode: s.tax_code, invoiceSymbol: s.invoice_symbol,
} : null;
export type Settings = NonNullable<ReturnType<typeof toSettings>>;

export async function saveSettings(db: Db, actor: Actor, facilityId: string, s: Settings, codes?: Array<{ sourceSystem: 'loinc' | 'encounter'; sourceCode: string; code: string }>, now = new Date()) {
  guardFacility(actor, facilityId, ['facility_admin']);
  return db.tx(async (q) => {
    await putSettings(q, {
      facility_id: facilityId, ma_cskcb: s.maCskcb, level: s.level, department: s.department, head_code: s.headCode, bank_bin: s.bankBin,
      bank_account: s.bankAccount, tax_code: s.taxCode, invoice_symbol: s.invoiceSymbol,
    }, actor.id, now);
    if (codes) await replaceCodeMap(q, facilityId, codes);
    await appendAudit(q, ev(actor, facilityId, 'update', 'ClaimSettings', facilityId, null, { codeMap: codes?.length ?? null }));
    return { settings: toSettings(await getSettings(q, facilityId))!, codeMap: await codeMap(q, facilityId) };
  });
}

/** The encounter (scoped to the actor's facilities), or a 404 audited as not found. */
async function scopedEncounter(q: Queryable, actor: Actor, encounterId: string, action: string) {
  const enc = await findEncounterScoped(q, encounterId, actor.facilityIds);
  if (!enc) {
    await appendAudit(q, ev(actor, null, action, 'Encounter', null, null, { encounterId }, 'not_found'));
    return null;
  }
  return enc;
}

const toCharge = (c: ChargeRow) => ({
  id: c.id, kind: c.kind, code: c.code, quantity: Number(c.quantity), orderedAt: new Date(c.ordered_at).toISOString(),
  doneAt: c.done_at ? new Date(c.done_at).toISOString() : null, resultAt: c.result_at ? new Date(c.result_at).toISOString() : null,
  dosage: c.dosage, drugRoute: c.drug_route, voided: c.voided_at !== null, voidReason: c.void_reason,
});

export interface NewCharge { kind: 'DVKT' | 'THUOC' | 'VTYT'; code: string; quantity: number; orderedAt: string; doneAt?: string; resultAt?: string; dosage?: string; drugRoute?: string }

const instant = (s: string, field: string) => {
  const t = Date.parse(s);
  if (!Number.isFinite(t)) throw badInput('BAD_INSTANT', `${field} is not a date-time`, `${field} không phải ngày giờ`, field);
  return new Date(t);
};

export async function addCharge(db: Db, actor: Actor, encounterId: string, c: NewCharge, now = new Date()) {
  if (!hasRole(actor, CHARGE_ROLES)) throw forbidden();
  const orderedAt = instant(c.orderedAt, 'orderedAt');
  if (orderedAt.getTime() > now.getTime() + 5 * 60_000) throw badInput('FUTURE_INSTANT', 'orderedAt is in the future', 'Giờ y lệnh ở tương lai', 'orderedAt');
  const out = await db.tx(async (q) => {
    const enc = await scopedEncounter(q, actor, encounterId, 'create');
    if (!enc) return null;
    if (orderedAt.getTime() < new Date(enc.started_at).getTime()) throw badInput('ORDER_BEFORE_VISIT', 'orderedAt is before the visit started', 'Giờ y lệnh trước giờ bắt đầu lượt khám', 'orderedAt');
    const row = {
      id: uuidv7(now.getTime()), encounter_id: enc.id, facility_id: enc.facility_id, patient_id: enc.patient_id, kind: c.kind, code: c.code.trim(),
      quantity: String(c.quantity), ordered_at: orderedAt, done_at: c.doneAt ? instant(c.doneAt, 'doneAt') : null,
      result_at: c.resultAt ? instant(c.resultAt, 'resultAt') : null, dosage: c.dosage?.trim() || null, drug_route: c.drugRoute?.trim() || null,
      created_by: actor.id, created_at: now,
    };
    await insertCharge(q, row);
    await appendAudit(q, ev(actor, enc.facility_id, 'create', 'Charge', row.id, enc.patient_id, { kind: c.kind, code: row.code, quantity: c.quantity }));
    return toCharge({ ...row, voided_at: null, void_reason: null });
  });
  if (!out) throw notFound('Encounter');
  return out;
}

/** A correction: the charge is voided with a reason (required), never deleted; audited. */
export async function voidChargeWithReason(db: Db, actor: Actor, chargeId: string, reason: string, now = new Date()) {
  if (!hasRole(actor, CHARGE_ROLES)) throw forbidden();
  const why = reason.trim();
  if (why.length < 3) throw badInput('REASON_REQUIRED', 'A correction needs a reason', 'Điều chỉnh phải ghi lý do', 'reason');
  const out = await db.tx(async (q) => {
    const c = await findCharge(q, chargeId, actor.facilityIds);
    if (!c) {
      await appendAudit(q, ev(actor, null, 'update', 'Charge', null, null, { chargeId }, 'not_found'));
      return null;
    }
    const done = await voidChargeRow(q, c.id, actor.id, why, now);
    if (!done.length) throw badInput('ALREADY_VOIDED', 'The charge was already corrected', 'Khoản này đã được điều chỉnh', 'chargeId');
    await appendAudit(q, ev(actor, c.facility_id, 'update', 'Charge', c.id, c.patient_id, { void: true, reason: why }));
    return { id: c.id, voided: true, voidReason: why };
  });
  if (!out) throw notFound('Charge');
  return out;
}

export interface BillingInput {
  icd10Main: string; diagnosisText: string; icd10Secondary?: string[]; cardValidFrom: string; cardValidTo: string; cardRegisteredAt: string;
  continuousSince?: string | null; route: 'on-route' | 'emergency' | 'off-route'; endedAt: string; result: number;
}

export async function saveBilling(db: Db, actor: Actor, encounterId: string, b: BillingInput, now = new Date()) {
  if (!hasRole(actor, CHARGE_ROLES)) throw forbidden();
  const endedAt = instant(b.endedAt, 'endedAt');
  const out = await db.tx(async (q) => {
    const enc = await scopedEncounter(q, actor, encounterId, 'update');
    if (!enc) return null;
    if (endedAt.getTime() < new Date(enc.started_at).getTime()) throw badInput('END_BEFORE_START', 'The visit ends before it starts', 'Giờ kết thúc trước giờ bắt đầu', 'endedAt');
    const row: BillingRow = {
      encounter_id: enc.id, icd10_main: b.icd10Main.trim(), diagnosis_text: b.diagnosisText.trim(), icd10_secondary: (b.icd10Secondary ?? []).join(';'),
      card_valid_from: b.cardValidFrom, card_valid_to: b.cardValidTo, card_registered_at: b.cardRegisteredAt, continuous_since: b.continuousSince ?? null,
      route: b.route, ended_at: endedAt, result: b.result,
    };
    await putBilling(q, enc.facility_id, row, actor.id, now);
    await appendAudit(q, ev(actor, enc.facility_id, 'update', 'EncounterBilling', enc.id, enc.patient_id, { icd10: row.icd10_main }));
    return { ok: true as const };
  });
  if (!out) throw notFound('Encounter');
  return out;
}

/** Everything the bill and claim of an encounter need, read inside the caller's transaction. */
async function factsOf(q: Queryable, actor: Actor, enc: { id: string; facility_id: string; patient_id: string; type: string; reason: string | null; started_at: Date | string; created_by: string | null }) {
  const settings = await getSettings(q, enc.facility_id);
  const patient = await findPatientScoped(q, enc.patient_id, actor.facilityIds);
  const billing = await billingOf(q, enc.id);
  const charges = await chargesOf(q, enc.id);
  const labs = await labsOf(q, enc.id);
  const items = await loadCatalogue(q, enc.facility_id);
  const doctorRows = enc.created_by ? await q.query<{ username: string }>('SELECT username FROM app_user WHERE id = $1', [enc.created_by]) : [];
  const year = new Date(enc.started_at).getUTCFullYear();
  const [paid] = await q.query<{ s: string | null }>(
    `SELECT SUM(CASE WHEN p.kind = 'payment' THEN p.amount ELSE -p.amount END) AS s FROM cashier_payment p JOIN encounter e ON e.id = p.encounter_id
     WHERE p.patient_id = $1 AND p.encounter_id <> $2 AND EXTRACT(YEAR FROM e.started_at) = $3`, [enc.patient_id, enc.id, year]);
  const missing: string[] = [];
  if (!settings) missing.push('Cơ sở chưa khai báo mã KCB BHYT (MA_CSKCB) và tuyến. Cách sửa: quản trị cơ sở nhập ở màn hình thu ngân, mục Cài đặt.');
  const facts: EncounterFacts | null = settings && patient ? {
    encounter: { id: enc.id, type: enc.type, reason: enc.reason, startedAt: new Date(enc.started_at).toISOString() },
    facility: { maCskcb: settings.ma_cskcb, level: settings.level, department: settings.department, headCode: settings.head_code },
    patient: {
      id: patient.id, name: patient.full_name, birthDate: typeof patient.birth_date === 'string' ? patient.birth_date.slice(0, 10) : new Date(patient.birth_date).toISOString().slice(0, 10),
      sex: patient.sex as 'male' | 'female' | 'other', cccd: patient.cccd, bhyt: patient.bhyt, phone: patient.phone, address: patient.address_line,
    },
    billing: billing ? {
      icd10Main: billing.icd10_main, diagnosisText: billing.diagnosis_text, icd10Secondary: billing.icd10_secondary ? billing.icd10_secondary.split(';') : [],
      cardValidFrom: billing.card_valid_from, cardValidTo: billing.card_valid_to, cardRegisteredAt: billing.card_registered_at,
      continuousSince: billing.continuous_since, route: billing.route, endedAt: new Date(billing.ended_at).toISOString(), result: billing.result,
    } : null,
    charges: charges.filter((c) => !c.voided_at).map((c) => ({
      id: c.id, kind: c.kind, code: c.code, quantity: Number(c.quantity), orderedAt: new Date(c.ordered_at).toISOString(),
      doneAt: c.done_at ? new Date(c.done_at).toISOString() : null, resultAt: c.result_at ? new Date(c.result_at).toISOString() : null, dosage: c.dosage, drugRoute: c.drug_route,
    })),
    labs: labs.map((l) => ({ loinc: l.code, display: l.display, value: l.value_text ?? String(l.value_num ?? ''), unit: l.unit ?? '', at: new Date(l.effective_at).toISOString() })),
    codeMap: await codeMap(q, enc.facility_id),
    doctor: doctorRows[0]?.username ?? 'unknown',
    coPaidThisYearVnd: Number(paid?.s ?? 0),
  } : null;
  const built = facts ? visitFromEncounter(facts) : { visit: null, missing: [], unmapped: [] };
  missing.push(...built.missing);
  const catalogue = new Catalogue(items);
  let bill: Bill | null = null;
  let errors: ClaimError[] = [];
  let record = null;
  let benefitReason: string | null = null;
  if (built.visit) {
    const b = buildClaim(built.visit, catalogue);
    record = b.record;
    bill = billOf(record);
    benefitReason = `${b.benefit.reason} (${b.benefit.rule})`;
    errors = validateClaim(record, { catalogue });
  }
  return { settings, patient, charges, billing: facts?.billing ?? null, missing, unmapped: built.unmapped, bill, errors, record, benefitReason, visit: built.visit };
}

const toPayment = (p: PaymentRow) => ({
  id: p.id, receiptNo: p.receipt_no, kind: p.kind, method: p.method, amountVnd: Number(p.amount), reason: p.reason, refundOf: p.refund_of,
  createdAt: new Date(p.created_at).toISOString(),
});

const paidOf = (ps: PaymentRow[]) => Math.round(ps.reduce((s, p) => s + (p.kind === 'payment' ? 1 : -1) * Number(p.amount), 0) * 100) / 100;

/** The cashier's charge screen: charges, the bill with the insured share, what was paid and what is due. */
export async function chargeScreen(db: Db, actor: Actor, encounterId: string) {
  if (!hasRole(actor, [...CASHIER_ROLES, ...CHARGE_ROLES])) throw forbidden();
  const out = await db.tx(async (q) => {
    const enc = await scopedEncounter(q, actor, encounterId, 'read');
    if (!enc) return null;
    const f = await factsOf(q, actor, enc);
    const payments = await paymentsOf(q, enc.id);
    await appendAudit(q, ev(actor, enc.facility_id, 'read', 'Bill', enc.id, enc.patient_id));
    const paid = paidOf(payments);
    return {
      encounterId: enc.id, patientId: enc.patient_id, patientName: f.patient?.full_name ?? '', bhyt: f.patient?.bhyt ?? null,
      startedAt: new Date(enc.started_at).toISOString(),
      charges: f.charges.map(toCharge), billing: f.billing, missing: f.missing, unmapped: f.unmapped, bill: f.bill, benefitReason: f.benefitReason,
      errors: f.errors.map(({ maLk, table, field, rule, message, severity }) => ({ maLk, table, field, rule, message, severity })),
      payments: payments.map(toPayment), paidVnd: paid, dueVnd: f.bill ? Math.round((f.bill.patientVnd - paid) * 100) / 100 : 0,
    };
  });
  if (!out) throw notFound('Encounter');
  return out;
}

/** Builds the encounter's claim, validates it and puts it on the work list (ready or blocked). */
export async function claimFromEncounter(db: Db, actor: Actor, encounterId: string, now = new Date()) {
  if (!hasRole(actor, CASHIER_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const enc = await scopedEncounter(q, actor, encounterId, 'create');
    if (!enc) return null;
    const f = await factsOf(q, actor, enc);
    if (!f.record || !f.visit) {
      throw badInput('CLAIM_INCOMPLETE', `The visit cannot be claimed yet: ${f.missing.length} item(s) missing`, f.missing.join(' '), 'encounterId', f.missing);
    }
    const state = isBlocked(f.errors) ? 'blocked' : 'ready';
    const x1 = f.record.tables.XML1![0]!;
    await upsertClaim(q, {
      id: uuidv7(now.getTime()), facility_id: enc.facility_id, ma_lk: f.record.maLk, state, patient_name: x1.HO_TEN ?? '',
      visit_date: (x1.NGAY_VAO ?? '').slice(0, 8), total_bv: x1.T_TONGCHI_BV ?? '0', fund_share: x1.T_BHTT ?? '0', tables: f.record.tables, errors: f.errors,
    }, actor.id, now);
    await q.query('UPDATE claim SET encounter_id = $1 WHERE facility_id = $2 AND ma_lk = $3', [enc.id, enc.facility_id, f.record.maLk]);
    await appendAudit(q, ev(actor, enc.facility_id, 'create', 'Claim', enc.id, enc.patient_id, { maLk: f.record.maLk, state, errors: f.errors.length }));
    return { maLk: f.record.maLk, state, errors: f.errors.map(({ maLk, table, field, rule, message, severity }) => ({ maLk, table, field, rule, message, severity })) };
  });
  if (!out) throw notFound('Encounter');
  return out;
}

export async function openShift(db: Db, actor: Actor, facilityId: string, openingFloatVnd: number, now = new Date()) {
  guardFacility(actor, facilityId, CASHIER_ROLES);
  return db.tx(async (q) => {
    if (await openShiftOf(q, facilityId, actor.id)) throw badInput('SHIFT_OPEN', 'A shift is already open', 'Ca thu ngân đang mở', 'facilityId');
    const id = uuidv7(now.getTime());
    await insertShift(q, { id, facility_id: facilityId, cashier_id: actor.id, opened_at: now, opening_float: String(openingFloatVnd) });
    await appendAudit(q, ev(actor, facilityId, 'create', 'CashierShift', id, null, { openingFloatVnd }));
    return { id, openedAt: now.toISOString(), openingFloatVnd };
  });
}

export async function currentShift(db: Db, actor: Actor, facilityId: string) {
  guardFacility(actor, facilityId, CASHIER_ROLES);
  return db.tx(async (q) => {
    const s = await openShiftOf(q, facilityId, actor.id);
    if (!s) return { shift: null };
    const ps = await shiftPayments(q, s.id);
    const c = closeOut(Number(s.opening_float), ps.map((p) => ({ method: p.method, kind: p.kind, amountVnd: Number(p.amount) })), 0);
    return { shift: { id: s.id, openedAt: new Date(s.opened_at).toISOString(), openingFloatVnd: Number(s.opening_float), payments: c.count, byMethod: c.byMethod, expectedCashVnd: c.expectedCashVnd } };
  });
}

export async function closeShift(db: Db, actor: Actor, facilityId: string, countedCashVnd: number, note: string | undefined, now = new Date()) {
  guardFacility(actor, facilityId, CASHIER_ROLES);
  return db.tx(async (q) => {
    const s = await openShiftOf(q, facilityId, actor.id);
    if (!s) throw badInput('NO_OPEN_SHIFT', 'No open shift', 'Chưa mở ca thu ngân', 'facilityId');
    const ps = await shiftPayments(q, s.id);
    const c = closeOut(Number(s.opening_float), ps.map((p) => ({ method: p.method, kind: p.kind, amountVnd: Number(p.amount) })), countedCashVnd);
    if (c.differenceVnd !== 0 && !(note ?? '').trim()) {
      throw badInput('DIFFERENCE_NEEDS_NOTE', `Counted cash differs by ${c.differenceVnd} VND: explain it`, `Tiền đếm lệch ${c.differenceVnd} đồng: ghi lý do`, 'note');
    }
    await closeShiftRow(q, s.id, now, countedCashVnd, c.expectedCashVnd, c.differenceVnd, note?.trim() || null);
    await appendAudit(q, ev(actor, facilityId, 'update', 'CashierShift', s.id, null, { close: true, ...c }));
    return { id: s.id, closedAt: now.toISOString(), ...c };
  });
}

export async function takePayment(db: Db, actor: Actor, encounterId: string, method: 'cash' | 'card' | 'vietqr', amountVnd: number, now = new Date()) {
  if (!hasRole(actor, CASHIER_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const enc = await scopedEncounter(q, actor, encounterId, 'create');
    if (!enc) return null;
    const shift = await openShiftOf(q, enc.facility_id, actor.id);
    if (!shift) throw badInput('NO_OPEN_SHIFT', 'Open a cashier shift first', 'Cần mở ca thu ngân trước', 'encounterId');
    const f = await factsOf(q, actor, enc);
    if (!f.bill) throw badInput('NO_BILL', 'The visit has no bill yet', `Lượt khám chưa có bảng kê: ${f.missing.join(' ')}`, 'encounterId');
    const due = Math.round((f.bill.patientVnd - paidOf(await paymentsOf(q, enc.id))) * 100) / 100;
    if (amountVnd > due + 0.001) throw badInput('OVERPAYMENT', `Only ${due} VND is due`, `Chỉ còn phải thu ${due} đồng`, 'amountVnd');
    const id = uuidv7(now.getTime());
    const receiptNo = await insertPayment(q, {
      id, facility_id: enc.facility_id, encounter_id: enc.id, patient_id: enc.patient_id, shift_id: shift.id, kind: 'payment', method,
      amount: String(amountVnd), reason: null, refund_of: null, created_by: actor.id, created_at: now,
    });
    await appendAudit(q, ev(actor, enc.facility_id, 'create', 'Payment', id, enc.patient_id, { method, amountVnd, receiptNo }));
    return { id, receiptNo, kind: 'payment' as const, method, amountVnd, reason: null, refundOf: null, createdAt: now.toISOString() };
  });
  if (!out) throw notFound('Encounter');
  return out;
}

export async function refund(db: Db, actor: Actor, paymentId: string, amountVnd: number, reason: string, now = new Date()) {
  if (!hasRole(actor, CASHIER_ROLES)) throw forbidden();
  const why = reason.trim();
  if (why.length < 3) throw badInput('REASON_REQUIRED', 'A refund needs a reason', 'Hoàn tiền phải ghi lý do', 'reason');
  const out = await db.tx(async (q) => {
    const p = await findPayment(q, paymentId, actor.facilityIds);
    if (!p) {
      await appendAudit(q, ev(actor, null, 'create', 'Refund', null, null, { paymentId }, 'not_found'));
      return null;
    }
    if (p.kind !== 'payment') throw badInput('NOT_A_PAYMENT', 'Only a payment can be refunded', 'Chỉ hoàn được khoản thu', 'paymentId');
    const [{ s }] = await q.query<{ s: string | null }>(`SELECT SUM(amount) AS s FROM cashier_payment WHERE refund_of = $1`, [p.id]) as [{ s: string | null }];
    const left = Number(p.amount) - Number(s ?? 0);
    if (amountVnd > left + 0.001) throw badInput('REFUND_TOO_LARGE', `At most ${left} VND can be refunded`, `Chỉ hoàn được tối đa ${left} đồng`, 'amountVnd');
    const shift = await openShiftOf(q, p.facility_id, actor.id);
    if (!shift) throw badInput('NO_OPEN_SHIFT', 'Open a cashier shift first', 'Cần mở ca thu ngân trước', 'paymentId');
    const id = uuidv7(now.getTime());
    const receiptNo = await insertPayment(q, {
      id, facility_id: p.facility_id, encounter_id: p.encounter_id, patient_id: p.patient_id, shift_id: shift.id, kind: 'refund', method: p.method,
      amount: String(amountVnd), reason: why, refund_of: p.id, created_by: actor.id, created_at: now,
    });
    await appendAudit(q, ev(actor, p.facility_id, 'create', 'Refund', id, p.patient_id, { of: p.id, amountVnd, reason: why, receiptNo }));
    return { id, receiptNo, kind: 'refund' as const, method: p.method, amountVnd, reason: why, refundOf: p.id, createdAt: now.toISOString() };
  });
  if (!out) throw notFound('Payment');
  return out;
}

/** The VietQR payload for what is still due (NAPAS dynamic QR), with an SVG of the code. */
export async function vietQr(db: Db, actor: Actor, encounterId: string) {
  const screen = await chargeScreen(db, actor, encounterId);
  const settings = await db.tx(async (q) => {
    const enc = await findEncounterScoped(q, encounterId, actor.facilityIds);
    return enc ? getSettings(q, enc.facility_id) : undefined;
  });
  if (!settings?.bank_bin || !settings.bank_account) throw badInput('NO_BANK_ACCOUNT', 'The facility has no bank account for VietQR', 'Cơ sở chưa khai báo tài khoản nhận VietQR', 'encounterId');
  if (screen.dueVnd < 1) throw badInput('NOTHING_DUE', 'Nothing is due', 'Không còn khoản phải thu', 'encounterId');
  const amount = Math.round(screen.dueVnd);
  const payload = vietQrPayload({ bankBin: settings.bank_bin, account: settings.bank_account, amountVnd: amount, purpose: `YTE ${encounterId.slice(-12)}` });
  const qr = qrCreate(payload, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  let d = '';
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (qr.modules.get(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size + 8} ${size + 8}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
  return { payload, amountVnd: amount, svg };
}

/** Receipt data (also the PDF's content) and the e-invoice XML of a payment. */
export async function receiptOf(db: Db, actor: Actor, paymentId: string) {
  if (!hasRole(actor, CASHIER_ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const p = await findPayment(q, paymentId, actor.facilityIds);
    if (!p) {
      await appendAudit(q, ev(actor, null, 'read', 'Payment', null, null, { paymentId }, 'not_found'));
      return null;
    }
    const enc = (await findEncounterScoped(q, p.encounter_id, actor.facilityIds))!;
    const f = await factsOf(q, actor, enc);
    const [fac] = await q.query<{ name: string; commune: string; province: string }>('SELECT name, commune, province FROM facility WHERE id = $1', [p.facility_id]);
    const [by] = await q.query<{ full_name: string }>('SELECT full_name FROM app_user WHERE id = $1', [p.created_by]);
    await appendAudit(q, ev(actor, p.facility_id, 'read', 'Payment', p.id, p.patient_id));
    return { p, f, fac: fac!, cashier: by?.full_name ?? '' };
  });
  if (!out) throw notFound('Payment');
  return out;
}

export async function einvoice(db: Db, actor: Actor, paymentId: string) {
  const { p, f, fac } = await receiptOf(db, actor, paymentId);
  if (p.kind !== 'payment') throw badInput('NOT_A_PAYMENT', 'Invoices are issued for payments', 'Hóa đơn chỉ lập cho khoản thu', 'paymentId');
  if (!f.settings?.tax_code || !f.settings.invoice_symbol) throw badInput('NO_INVOICE_SETTINGS', 'The facility has no tax code or invoice symbol', 'Cơ sở chưa khai báo mã số thuế hoặc ký hiệu hóa đơn', 'paymentId');
  const amount = Number(p.amount);
  const issued = new Date(new Date(p.created_at).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  return einvoiceXml({
    symbol: f.settings.invoice_symbol, number: p.receipt_no, issuedOn: issued,
    seller: { name: fac.name, taxCode: f.settings.tax_code, address: `${fac.commune}, ${fac.province}` },
    buyer: { name: f.patient?.full_name ?? '', address: f.patient?.address_line ?? '' },
    paymentMethod: p.method === 'cash' ? 'Tiền mặt' : 'Chuyển khoản',
    lines: [{ name: 'Chi phí khám chữa bệnh người bệnh chi trả (cùng chi trả BHYT và ngoài phạm vi)', unit: 'Lần', quantity: 1, unitPriceVnd: amount, amountVnd: amount }],
    amountInWords: vndInWords(amount),
  });
}

/** The visits of a day (Vietnam time) at the facility, for the cashier's list; audited as one read. */
export async function visitsOfDay(db: Db, actor: Actor, facilityId: string, day: string) {
  guardFacility(actor, facilityId, [...CASHIER_ROLES, ...CHARGE_ROLES]);
  const from = new Date(`${day}T00:00:00+07:00`);
  const to = new Date(from.getTime() + 86_400_000);
  return db.tx(async (q) => {
    const rows = await q.query<{ id: string; patient_id: string; full_name: string; bhyt: string | null; type: string; started_at: Date; billed: boolean; charges: string; paid: string | null; claim_state: string | null }>(
      `SELECT e.id, e.patient_id, p.full_name, p.bhyt, e.type, e.started_at,
         EXISTS (SELECT 1 FROM encounter_billing b WHERE b.encounter_id = e.id) AS billed,
         (SELECT COUNT(*) FROM encounter_charge c WHERE c.encounter_id = e.id AND c.voided_at IS NULL) AS charges,
         (SELECT SUM(CASE WHEN kind = 'payment' THEN amount ELSE -amount END) FROM cashier_payment cp WHERE cp.encounter_id = e.id) AS paid,
         (SELECT state FROM claim cl WHERE cl.encounter_id = e.id LIMIT 1) AS claim_state
       FROM encounter e JOIN patient p ON p.id = e.patient_id
       WHERE e.facility_id = $1 AND e.started_at >= $2 AND e.started_at < $3 ORDER BY e.started_at DESC LIMIT 300`,
      [facilityId, from.toISOString(), to.toISOString()]);
    await appendAudit(q, ev(actor, facilityId, 'read', 'Encounter', null, null, { cashierList: day, count: rows.length }));
    return rows.map((r) => ({
      encounterId: r.id, patientId: r.patient_id, patientName: r.full_name, bhyt: r.bhyt, type: r.type, startedAt: new Date(r.started_at).toISOString(),
      billed: r.billed, charges: Number(r.charges), paidVnd: Number(r.paid ?? 0), claimState: r.claim_state,
    }));
  });
}
