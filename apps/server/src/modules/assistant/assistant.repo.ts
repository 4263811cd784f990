/** Storage of the assistant's document library and question log. */
import type { Queryable } from '../../db/db.ts';

export type DocState = 'draft' | 'approved' | 'retired';
export type StoredFormat = 'markdown' | 'html' | 'text' | 'pdf' | 'docx';

export interface DocumentRow {
  id: string;
  facility_id: string;
  doc_key: string;
  version: number;
  title: string;
  language: 'vi' | 'en';
  effective_date: string | null;
  owner: string;
  state: DocState;
  file_name: string;
  format: StoredFormat;
  content: string;
  sha256: string;
  passages: number;
  created_by: string | null;
  created_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
}

export interface QuestionLogRow {
  id: string;
  facility_id: string;
  at: Date;
  question: string;
  lang: string;
  outcome: 'answered' | 'no_answer' | 'refused' | 'emergency' | 'other_language';
  answer: string;
  citations: unknown;
  helpful: boolean | null;
  rated_at: Date | null;
}

const META = 'id, facility_id, doc_key, version, title, language, effective_date, owner, state, file_name, format, sha256, passages, created_by, created_at, approved_by, approved_at';

export async function insertDocument(q: Queryable, d: DocumentRow) {
  await q.query(
    `INSERT INTO assistant_document (id, facility_id, doc_key, version, title, language, effective_date, owner, state, file_name, format, content, sha256, passages, created_by, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
    [d.id, d.facility_id, d.doc_key, d.version, d.title, d.language, d.effective_date, d.owner, d.state, d.file_name, d.format, d.content, d.sha256, d.passages, d.created_by, d.created_at.toISOString()],
  );
}

/** Metadata (no content) of a facility's documents, newest version first within each document. */
export async function listDocuments(q: Queryable, facilityId: string) {
  return q.query<Omit<DocumentRow, 'content'>>(`SELECT ${META} FROM assistant_document WHERE facility_id = $1 ORDER BY title, doc_key, version DESC`, [facilityId]);
}

export async function findDocument(q: Queryable, id: string) {
  return (await q.query<Omit<DocumentRow, 'content'>>(`SELECT ${META} FROM assistant_document WHERE id = $1`, [id]))[0];
}

export async function nextVersion(q: Queryable, docKey: string) {
  return (await q.query<{ v: number }>('SELECT coalesce(max(version), 0)::int + 1 AS v FROM assistant_document WHERE doc_key = $1', [docKey]))[0]!.v;
}

/** Approves one version and retires the document's other approved versions (kept for audit). */
export async function approveVersion(q: Queryable, id: string, docKey: string, userId: string, at: Date) {
  await q.query(`UPDATE assistant_document SET state = 'retired' WHERE doc_key = $1 AND state = 'approved' AND id <> $2`, [docKey, id]);
  await q.query(`UPDATE assistant_document SET state = 'approved', approved_by = $2, approved_at = $3 WHERE id = $1`, [id, userId, at.toISOString()]);
}

export async function setState(q: Queryable, id: string, state: DocState) {
  await q.query('UPDATE assistant_document SET state = $2 WHERE id = $1', [id, state]);
}

/** Ids of the approved documents (one version per document): the signature of the answer index. */
export async function approvedIds(q: Queryable, facilityId: string) {
  return (await q.query<{ id: string }>(`SELECT id FROM assistant_document WHERE facility_id = $1 AND state = 'approved' ORDER BY id`, [facilityId])).map((r) => r.id);
}

export async function approvedContents(q: Queryable, facilityId: string) {
  return q.query<Pick<DocumentRow, 'id' | 'title' | 'format' | 'content'>>(
    `SELECT id, title, format, content FROM assistant_document WHERE facility_id = $1 AND state = 'approved' ORDER BY id`,
    [facilityId],
  );
}

export async function insertQuestionLog(q: Queryable, r: QuestionLogRow) {
  await q.query(
    `INSERT INTO assistant_question_log (id, facility_id, at, question, lang, outcome, answer, citations) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [r.id, r.facility_id, r.at.toISOString(), r.question, r.lang, r.outcome, r.answer, JSON.stringify(r.citations)],
  );
}

/** Records a thumbs up/down; false when there is no such log entry in that facility. */
export async function rateQuestion(q: Queryable, facilityId: string, id: string, helpful: boolean, at: Date) {
  const r = await q.query<{ id: string }>('UPDATE assistant_question_log SET helpful = $3, rated_at = $4 WHERE id = $1 AND facility_id = $2 RETURNING id', [id, facilityId, helpful, at.toISOString()]);
  return r.length > 0;
}

export async function recentQuestions(q: Queryable, facilityId: string, limit: number) {
  return q.query<QuestionLogRow>('SELECT * FROM assistant_question_log WHERE facility_id = $1 ORDER BY at DESC, id DESC LIMIT $2', [facilityId, limit]);
}

/** Questions the documents could not answer, grouped by their text (case-insensitive), most asked first. */
export async function gapList(q: Queryable, facilityId: string, limit: number) {
  return q.query<{ question: string; asked: number; last_at: Date }>(
    `SELECT min(question) AS question, count(*)::int AS asked, max(at) AS last_at FROM assistant_question_log
     WHERE facility_id = $1 AND outcome = 'no_answer' GROUP BY lower(question) ORDER BY count(*) DESC, max(at) DESC LIMIT $2`,
    [facilityId, limit],
  );
}
