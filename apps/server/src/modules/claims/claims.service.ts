/**
 * BHYT claims: catalogue import, the claim work list by state, export of the ready claims as a
 * GIAMDINHHS envelope and import of the answer. The rules and XML live in @yte/claims (pure).
 * Every command is audited in its own transaction.
 */
import {
  Catalogue, buildClaim, demoVisits, envelopeXml, isBlocked, parseCatalogueCsv, validateClaim, type ClaimRecord,
} from '@yte/claims';
import type { Db } from '../../db/db.ts';
import { badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import { type ClaimRow, type ClaimState, listClaims, loadCatalogue, replaceCatalogue, setState, upsertClaim } from './claims.repo.ts';

const CLAIM_ROLES = ['facility_admin'] as const;

function guard(actor: Actor, facilityId: string) {
  if (!hasRole(actor, CLAIM_ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(facilityId)) throw notFound('Facility');
}

const audit = (actor: Actor, facilityId: string, action: string, details: Record<string, unknown>) => ({
  userId: actor.id, facilityId, action, resourceType: 'Claim', resourceId: null, patientId: null, outcome: 'success' as const, details,
});

export async function importCatalogue(db: Db, actor: Actor, facilityId: string, csv: string, now = new Date()) {
  guard(actor, facilityId);
  const { items, errors } = parseCatalogueCsv(csv);
  if (errors.length) {
    throw badInput('CATALOGUE_ROWS', `${errors.length} catalogue row(s) are wrong; nothing was imported`, `${errors.length} dòng danh mục sai; không nhập dòng nào`, 'csv', errors);
  }
  await db.tx(async (q) => {
    await replaceCatalogue(q, facilityId, items, actor.id, now);
    await appendAudit(q, audit(actor, facilityId, 'import', { catalogueItems: items.length }));
  });
  return { imported: items.length };
}

export const toClaim = (c: ClaimRow) => ({
  id: c.id, maLk: c.ma_lk, state: c.state, patientName: c.patient_name, visitDate: c.visit_date,
  totalVnd: Number(c.total_bv), fundVnd: Number(c.fund_share), errors: c.errors.map(({ severity, ...e }) => ({ ...e, severity })),
  answerReason: c.answer_reason,
});

/** Builds and validates the demo visits' claims against the facility's catalogue (charges from real
 *  encounters are not wired yet). A claim with a blocking error is stored as `blocked` with its errors. */
export async function buildDemoClaims(db: Db, actor: Actor, facilityId: string, count: number, now = new Date()) {
  guard(actor, facilityId);
  return db.tx(async (q) => {
    const items = await loadCatalogue(q, facilityId);
    if (!items.length) throw badInput('NO_CATALOGUE', 'Import the catalogue first', 'Cần nhập danh mục trước', 'facilityId');
    const catalogue = new Catalogue(items);
    const states: Record<string, number> = {};
    for (const visit of demoVisits(count)) {
      const { record, benefit } = buildClaim(visit, catalogue);
      const errors = validateClaim(record, { catalogue });
      const state: ClaimState = isBlocked(errors) ? 'blocked' : 'ready';
      states[state] = (states[state] ?? 0) + 1;
      const x1 = record.tables.XML1![0]!;
      await upsertClaim(q, {
        id: uuidv7(now.getTime()), facility_id: facilityId, ma_lk: record.maLk, state, patient_name: x1.HO_TEN ?? '',
        visit_date: (x1.NGAY_VAO ?? '').slice(0, 8), total_bv: x1.T_TONGCHI_BV ?? '0', fund_share: x1.T_BHTT ?? '0',
        tables: record.tables, errors,
      }, actor.id, now);
      void benefit;
    }
    await appendAudit(q, audit(actor, facilityId, 'create', { claims: count, states }));
    return { built: count, states };
  });
}

export async function workList(db: Db, actor: Actor, facilityId: string, state?: ClaimState) {
  guard(actor, facilityId);
  return db.tx(async (q) => {
    const rows = await listClaims(q, facilityId, state);
    await appendAudit(q, audit(actor, facilityId, 'read', { claims: rows.length, state: state ?? null }));
    return rows.map(toClaim);
  });
}

/** The ready claims as one GIAMDINHHS envelope (unsigned: the facility signs it with its token, see
 *  packages/claims/README.md); they move to `exported`. Blocked claims never leave. */
export async function exportReady(db: Db, actor: Actor, facilityId: string, maCskcb: string, now = new Date()) {
  guard(actor, facilityId);
  return db.tx(async (q) => {
    const ready = await listClaims(q, facilityId, 'ready', 10_000);
    const records: ClaimRecord[] = ready.map((c) => ({ maLk: c.ma_lk, tables: c.tables }));
    if (!records.length) return { exported: 0, envelope: null };
    const ngayLap = now.toISOString().slice(0, 10).replaceAll('-', '');
    const envelope = envelopeXml(maCskcb, ngayLap, records);
    await setState(q, facilityId, records.map((r) => r.maLk), ['ready'], 'exported', null, now);
    await appendAudit(q, audit(actor, facilityId, 'export', { claims: records.length }));
    return { exported: records.length, envelope };
  });
}

/**
 * The answer: one line per claim, `MA_LK,KET_QUA,LY_DO` with KET_QUA `1` (accepted) or `0` (rejected,
 * LY_DO required). This is yte's own plain format: the layout of BHXH's answer file was not available.
 * A malformed file is refused whole, with the line and the reason.
 */
export async function importAnswer(db: Db, actor: Actor, facilityId: string, text: string, now = new Date()) {
  guard(actor, facilityId);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'MA_LK,KET_QUA,LY_DO') {
    throw badInput('ANSWER_MALFORMED', 'The first line must be MA_LK,KET_QUA,LY_DO', 'Dòng đầu phải là MA_LK,KET_QUA,LY_DO', 'answer');
  }
  const accepted: string[] = [];
  const rejected: Array<{ maLk: string; reason: string }> = [];
  lines.slice(1).forEach((l, i) => {
    const [maLk = '', result = '', ...rest] = l.split(',');
    const reason = rest.join(',').trim();
    const at = `line ${i + 2}`;
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(maLk.trim())) throw badInput('ANSWER_MALFORMED', `${at}: bad MA_LK`, `dòng ${i + 2}: MA_LK sai`, 'answer');
    if (result.trim() === '1') accepted.push(maLk.trim());
    else if (result.trim() === '0' && reason) rejected.push({ maLk: maLk.trim(), reason });
    else throw badInput('ANSWER_MALFORMED', `${at}: KET_QUA must be 1, or 0 with a reason`, `dòng ${i + 2}: KET_QUA phải là 1, hoặc 0 kèm lý do`, 'answer');
  });
  return db.tx(async (q) => {
    const ok = await setState(q, facilityId, accepted, ['exported'], 'accepted', null, now);
    let rej = 0;
    for (const r of rejected) rej += (await setState(q, facilityId, [r.maLk], ['exported'], 'rejected', r.reason.slice(0, 1000), now)).length;
    const unknown = accepted.length + rejected.length - ok.length - rej;
    await appendAudit(q, audit(actor, facilityId, 'update', { accepted: ok.length, rejected: rej, unmatched: unknown }));
    return { accepted: ok.length, rejected: rej, unmatched: unknown };
  });
}
