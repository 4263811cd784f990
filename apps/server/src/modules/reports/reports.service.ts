/**
 * Monthly facility report (issue 17): the figures are counted from the database; the narrative is drafted
 * by a rule template from those figures only (packages/claims/src/report.ts) and stored as a SUGGESTION with
 * its provenance. A facility admin accepts it as is or edits it; an edited text may not contain a number
 * that is not a figure of the report (NUMBERS_NOT_IN_REPORT). Audited.
 */
import { checkNarrative, draftNarrative, NARRATIVE_PROVENANCE, type MonthFigures } from '@yte/claims';
import type { Db, Queryable } from '../../db/db.ts';
import { badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole } from '../auth/roles.ts';

const ROLES = ['facility_admin'] as const;

interface ReportRow {
  id: string; facility_id: string; month: string; figures: MonthFigures; draft: string; draft_provenance: string; final_text: string | null;
  status: 'draft' | 'approved'; edited: boolean; decided_by: string | null; decided_at: Date | null;
}
const toReport = (r: ReportRow) => ({
  id: r.id, month: r.month, figures: r.figures, draft: r.draft, provenance: r.draft_provenance, finalText: r.final_text, status: r.status,
  edited: r.edited, decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
});

/** Counts of the month (Vietnam time) from encounters, billing, claims and payments. */
export async function monthFigures(q: Queryable, facilityId: string, month: string): Promise<MonthFigures> {
  const from = new Date(`${month}-01T00:00:00+07:00`);
  const to = new Date(from);
  to.setUTCMonth(to.getUTCMonth() + 1);
  const range = [facilityId, from.toISOString(), to.toISOString()];
  const [v] = await q.query<{ visits: string; insured: string }>(
    `SELECT COUNT(*) AS visits, COUNT(*) FILTER (WHERE p.bhyt IS NOT NULL) AS insured FROM encounter e JOIN patient p ON p.id = e.patient_id
     WHERE e.facility_id = $1 AND e.started_at >= $2 AND e.started_at < $3`, range);
  const yyyymm = month.replace('-', '');
  const claims = await q.query<{ state: MonthFigures['claims'] extends Record<infer K, number> ? K : never; errors: Array<{ rule: string; severity: string }>; answer_reason: string | null; total_bv: string; fund_share: string }>(
    `SELECT state, errors, answer_reason, total_bv, fund_share FROM claim WHERE facility_id = $1 AND substr(visit_date, 1, 6) = $2`, [facilityId, yyyymm]);
  const byState: MonthFigures['claims'] = { ready: 0, blocked: 0, exported: 0, accepted: 0, rejected: 0 };
  const reasons = new Map<string, number>();
  const rules = new Map<string, number>();
  let total = 0;
  let fund = 0;
  for (const c of claims) {
    byState[c.state]++;
    total += Number(c.total_bv);
    fund += Number(c.fund_share);
    if (c.state === 'rejected' && c.answer_reason) reasons.set(c.answer_reason, (reasons.get(c.answer_reason) ?? 0) + 1);
    if (c.state === 'blocked') for (const e of c.errors) if (e.severity === 'blocking') rules.set(e.rule, (rules.get(e.rule) ?? 0) + 1);
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const dx = await q.query<{ icd10: string; n: string }>(
    `SELECT b.icd10_main AS icd10, COUNT(*) AS n FROM encounter_billing b JOIN encounter e ON e.id = b.encounter_id
     WHERE e.facility_id = $1 AND e.started_at >= $2 AND e.started_at < $3 GROUP BY b.icd10_main ORDER BY COUNT(*) DESC, b.icd10_main LIMIT 10`, range);
  const [paid] = await q.query<{ s: string | null }>(
    `SELECT SUM(CASE WHEN kind = 'payment' THEN amount ELSE -amount END) AS s FROM cashier_payment WHERE facility_id = $1 AND created_at >= $2 AND created_at < $3`, range);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    month, visits: Number(v!.visits), insuredVisits: Number(v!.insured), claims: byState,
    rejectionsByReason: top(reasons).map(([reason, count]) => ({ reason, count })),
    blockedByRule: top(rules).map(([rule, count]) => ({ rule, count })),
    topDiagnoses: dx.map((d) => ({ icd10: d.icd10, count: Number(d.n) })),
    totalVnd: r2(total), fundVnd: r2(fund), patientPaidVnd: r2(Number(paid?.s ?? 0)),
  };
}

function guard(actor: Actor, facilityId: string) {
  if (!hasRole(actor, ROLES)) throw forbidden();
  if (!actor.facilityIds.includes(facilityId)) throw notFound('Facility');
}

/** Counts the month and drafts the narrative; an approved report is not redrafted. */
export async function draftReport(db: Db, actor: Actor, facilityId: string, month: string, now = new Date()) {
  guard(actor, facilityId);
  return db.tx(async (q) => {
    const [existing] = await q.query<ReportRow>('SELECT * FROM facility_report WHERE facility_id = $1 AND month = $2', [facilityId, month]);
    if (existing?.status === 'approved') return toReport(existing);
    const figures = await monthFigures(q, facilityId, month);
    const draft = draftNarrative(figures);
    const id = existing?.id ?? uuidv7(now.getTime());
    await q.query(
      `INSERT INTO facility_report (id, facility_id, month, figures, draft, draft_provenance, status, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,'draft',$7,$8)
       ON CONFLICT (facility_id, month) DO UPDATE SET figures = EXCLUDED.figures, draft = EXCLUDED.draft, draft_provenance = EXCLUDED.draft_provenance, created_at = EXCLUDED.created_at`,
      [id, facilityId, month, JSON.stringify(figures), draft, NARRATIVE_PROVENANCE, actor.id, now.toISOString()]);
    await appendAudit(q, { userId: actor.id, facilityId, action: 'create', resourceType: 'FacilityReport', resourceId: id, patientId: null, outcome: 'success', details: { month } });
    const [row] = await q.query<ReportRow>('SELECT * FROM facility_report WHERE id = $1', [id]);
    return toReport(row!);
  });
}

export async function listReports(db: Db, actor: Actor, facilityId: string) {
  guard(actor, facilityId);
  return db.tx(async (q) => (await q.query<ReportRow>('SELECT * FROM facility_report WHERE facility_id = $1 ORDER BY month DESC LIMIT 60', [facilityId])).map(toReport));
}

/** The person's decision: accept the draft (text omitted) or approve an edited text whose numbers are all figures. */
export async function decideReport(db: Db, actor: Actor, id: string, text: string | undefined, now = new Date()) {
  if (!hasRole(actor, ROLES)) throw forbidden();
  const out = await db.tx(async (q) => {
    const [r] = await q.query<ReportRow>('SELECT * FROM facility_report WHERE id = $1 AND facility_id = ANY($2::uuid[])', [id, actor.facilityIds]);
    if (!r) return null;
    if (r.status === 'approved') throw badInput('ALREADY_APPROVED', 'The report is already approved', 'Báo cáo đã được duyệt', 'id');
    const final = text === undefined ? r.draft : text.trim();
    if (!final) throw badInput('EMPTY_TEXT', 'The summary is empty', 'Tóm tắt đang trống', 'text');
    const invented = checkNarrative(final, r.figures);
    if (invented.length) {
      throw badInput('NUMBERS_NOT_IN_REPORT', `Numbers not in the report: ${invented.join(', ')}`, `Các số không có trong báo cáo: ${invented.join(', ')}. Chỉ ghi số liệu của báo cáo.`, 'text', invented);
    }
    const edited = final !== r.draft;
    await q.query(`UPDATE facility_report SET final_text = $2, status = 'approved', edited = $3, decided_by = $4, decided_at = $5 WHERE id = $1`, [id, final, edited, actor.id, now.toISOString()]);
    await appendAudit(q, { userId: actor.id, facilityId: r.facility_id, action: 'update', resourceType: 'FacilityReport', resourceId: id, patientId: null, outcome: 'success', details: { approved: true, edited } });
    const [row] = await q.query<ReportRow>('SELECT * FROM facility_report WHERE id = $1', [id]);
    return toReport(row!);
  });
  if (!out) throw notFound('Report');
  return out;
}

export async function reportById(db: Db, actor: Actor, id: string) {
  if (!hasRole(actor, ROLES)) throw forbidden();
  const [r] = await db.tx((q) => q.query<ReportRow & { facility_name: string }>(
    'SELECT r.*, f.name AS facility_name FROM facility_report r JOIN facility f ON f.id = r.facility_id WHERE r.id = $1 AND r.facility_id = ANY($2::uuid[])', [id, actor.facilityIds]));
  if (!r) throw notFound('Report');
  return { ...toReport(r), facilityName: r.facility_name };
}
