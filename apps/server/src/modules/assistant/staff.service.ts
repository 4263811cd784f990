/**
 * Staff virtual assistant (logged-in staff): answers with the user's own permissions. "Which patients
 * have NEWS2 ≥ 5" reads the latest visible NEWS2 suggestion per patient of the user's facility (reading
 * roles only; one audit entry per patient shown); "what is waiting in my queue" is the triage queue
 * service itself; anything else is answered from the platform's help documents (docs/help) with the
 * patient assistant's engine. It never shows a record the user could not open in the UI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerQuestion, buildIndex, detectLanguage, formatOf, type AssistantIndex, staffIntent } from '@yte/assistant';
import type { Db } from '../../db/db.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { REPO_ROOT } from '../../paths.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole, READING_ROLES } from '../auth/roles.ts';
import { triageQueue } from '../triage/triage.service.ts';
import { validateQuestion } from './assistant.service.ts';

export interface StaffAnswer {
  intent: 'news2' | 'queue' | 'help';
  answer: string;
  patients: { id: string; fullName: string; score: number; at: string }[];
  citations: { doc: string; heading: string; quote: string }[];
}

let helpIndex: AssistantIndex | null = null;
function help(): AssistantIndex {
  if (!helpIndex) {
    const dir = join(REPO_ROOT, 'docs/help');
    helpIndex = buildIndex(readdirSync(dir).filter((n) => formatOf(n)).sort().map((n) => ({ doc: `docs/help/${n}`, format: formatOf(n)!, content: readFileSync(join(dir, n), 'utf8') })));
  }
  return helpIndex;
}

export async function staffAsk(db: Db, actor: Actor, facilityId: string, question: string, now = new Date()): Promise<StaffAnswer> {
  validateQuestion(question);
  if (!actor.facilityIds.includes(facilityId)) throw notFound('Facility');
  const intent = staffIntent(question);
  const vi = detectLanguage(question) !== 'en';
  if (intent.kind === 'news2') {
    if (!hasRole(actor, READING_ROLES)) throw forbidden();
    return db.tx(async (q) => {
      const rows = await q.query<{ patient_id: string; full_name: string; score: number; created_at: Date }>(
        `SELECT * FROM (
           SELECT DISTINCT ON (s.patient_id) s.patient_id, p.full_name, s.score, s.created_at
           FROM suggestion s JOIN patient p ON p.id = s.patient_id
           WHERE s.tool_id = 'rcp-news2' AND s.visibility = 'visible' AND s.facility_id = $1 AND p.facility_id = $1 AND s.score IS NOT NULL
           ORDER BY s.patient_id, s.created_at DESC, s.id DESC) latest
         WHERE score >= $2 ORDER BY score DESC, created_at DESC LIMIT 100`,
        [facilityId, intent.threshold],
      );
      for (const r of rows) {
        await appendAudit(q, { userId: actor.id, facilityId, action: 'read', resourceType: 'Patient', resourceId: r.patient_id, patientId: r.patient_id, outcome: 'success', details: { via: 'staff-assistant', query: 'news2', threshold: intent.threshold } }, now);
      }
      const patients = rows.map((r) => ({ id: r.patient_id, fullName: r.full_name, score: r.score, at: new Date(r.created_at).toISOString() }));
      const answer = vi
        ? `${patients.length} người bệnh có điểm NEWS2 gần nhất ≥ ${intent.threshold}${patients.length ? ': ' + patients.map((p) => `${p.fullName} (${p.score})`).join(', ') : ''}.`
        : `${patients.length} patient(s) with a latest NEWS2 ≥ ${intent.threshold}${patients.length ? ': ' + patients.map((p) => `${p.fullName} (${p.score})`).join(', ') : ''}.`;
      return { intent: 'news2', answer, patients, citations: [] };
    });
  }
  if (intent.kind === 'queue') {
    const queue = await triageQueue(db, actor, facilityId, now);
    const answer = vi
      ? `${queue.length} người bệnh đang chờ${queue.length ? ': ' + queue.map((e) => `${e.patient?.fullName ?? ''} (${e.category}, chờ ${e.waitingMinutes ?? 0} phút)`).join(', ') : ''}.`
      : `${queue.length} patient(s) waiting${queue.length ? ': ' + queue.map((e) => `${e.patient?.fullName ?? ''} (${e.category}, ${e.waitingMinutes ?? 0} min)`).join(', ') : ''}.`;
    return { intent: 'queue', answer, patients: [], citations: [] };
  }
  const a = answerQuestion(help(), question);
  return { intent: 'help', answer: a.answer, patients: [], citations: a.citations };
}
