/**
 * Hospital assistant service: the per-facility document library (upload → draft, approve → used in
 * answers, a new version replaces the old, retire), the public question endpoint over the approved
 * documents (engine: @yte/assistant, offline, extractive, cited), the de-identified question log with
 * thumbs up/down, and the gap list of questions the documents did not answer.
 */
import { createHash } from 'node:crypto';
import { type Answer, answerQuestion, buildIndex, chunkDocument, type AssistantIndex, deidentifyText, type SourceDoc } from '@yte/assistant';
import type { Db } from '../../db/db.ts';
import { badInput, forbidden, notFound } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import {
  approvedContents, approvedIds, approveVersion, type DocumentRow, findDocument, gapList, insertDocument, insertQuestionLog,
  listDocuments, nextVersion, rateQuestion, recentQuestions, setState,
} from './assistant.repo.ts';
import { extractDocument } from './extract.ts';

export const MAX_QUESTION_CHARS = 2000;

export interface UploadBody {
  facilityId: string;
  title: string;
  language: 'vi' | 'en';
  effectiveDate?: string;
  owner: string;
  fileName: string;
  /** The file, base64-encoded. */
  contentBase64: string;
  /** A document's key to add a new version of it; absent for a new document. */
  docKey?: string;
}

export interface DocumentMeta {
  id: string;
  facilityId: string;
  docKey: string;
  version: number;
  title: string;
  language: 'vi' | 'en';
  effectiveDate: string | null;
  owner: string;
  state: DocumentRow['state'];
  fileName: string;
  format: DocumentRow['format'];
  sha256: string;
  passages: number;
  createdAt: string;
  approvedAt: string | null;
}

const toMeta = (d: Omit<DocumentRow, 'content'>): DocumentMeta => ({
  id: d.id, facilityId: d.facility_id, docKey: d.doc_key, version: d.version, title: d.title, language: d.language,
  effectiveDate: d.effective_date, owner: d.owner, state: d.state, fileName: d.file_name, format: d.format, sha256: d.sha256,
  passages: d.passages, createdAt: new Date(d.created_at).toISOString(), approvedAt: d.approved_at ? new Date(d.approved_at).toISOString() : null,
});

/** Library management is the facility admin's, in their own facilities. */
function requireLibraryAdmin(actor: Actor, facilityId: string) {
  if (!hasRole(actor, ['facility_admin']) || !actor.facilityIds.includes(facilityId)) throw forbidden();
}

const chunkFormat = (f: DocumentRow['format']): SourceDoc['format'] => (f === 'html' || f === 'docx' ? 'html' : f === 'text' || f === 'pdf' ? 'text' : 'markdown');

export async function uploadDocument(db: Db, actor: Actor, body: UploadBody, now = new Date()): Promise<DocumentMeta> {
  requireLibraryAdmin(actor, body.facilityId);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.contentBase64.replace(/\s/g, ''))) {
    throw badInput('CORRUPT_FILE', 'contentBase64 is not base64', 'contentBase64 không phải base64', 'contentBase64');
  }
  const bytes = Buffer.from(body.contentBase64, 'base64');
  if (bytes.length === 0) throw badInput('EMPTY_FILE', 'The file is empty', 'Tệp rỗng', 'contentBase64');
  // Extraction and chunking happen before the transaction: a file that cannot be read stores nothing.
  const ex = await extractDocument(body.fileName, bytes);
  const passages = chunkDocument({ doc: body.fileName, format: chunkFormat(ex.format), content: ex.content, title: body.title }).passages.length;
  if (passages === 0) throw badInput('EMPTY_DOCUMENT', 'The document has no text to answer from', 'Tài liệu không có nội dung để trả lời', 'contentBase64');
  return db.tx(async (q) => {
    let docKey = body.docKey;
    if (docKey) {
      const prev = await q.query<{ facility_id: string }>('SELECT facility_id FROM assistant_document WHERE doc_key = $1 LIMIT 1', [docKey]);
      if (!prev[0] || prev[0].facility_id !== body.facilityId) throw notFound('Document');
    } else docKey = uuidv7(now.getTime());
    const row: DocumentRow = {
      id: uuidv7(now.getTime()), facility_id: body.facilityId, doc_key: docKey, version: await nextVersion(q, docKey), title: body.title.trim(),
      language: body.language, effective_date: body.effectiveDate ?? null, owner: body.owner.trim(), state: 'draft', file_name: body.fileName,
      format: ex.format, content: ex.content, sha256: createHash('sha256').update(bytes).digest('hex'), passages, created_by: actor.id,
      created_at: now, approved_by: null, approved_at: null,
    };
    await insertDocument(q, row);
    await appendAudit(q, { userId: actor.id, facilityId: body.facilityId, action: 'assistant.document.upload', resourceType: 'AssistantDocument', resourceId: row.id, patientId: null, outcome: 'success', details: { docKey, version: row.version, fileName: row.file_name, sha256: row.sha256 } }, now);
    return toMeta(row);
  });
}

export async function changeState(db: Db, actor: Actor, id: string, to: 'approved' | 'retired', now = new Date()): Promise<DocumentMeta> {
  return db.tx(async (q) => {
    const d = await findDocument(q, id);
    if (!d) throw notFound('Document');
    requireLibraryAdmin(actor, d.facility_id);
    if (to === 'approved') await approveVersion(q, id, d.doc_key, actor.id, now);
    else await setState(q, id, 'retired');
    await appendAudit(q, { userId: actor.id, facilityId: d.facility_id, action: `assistant.document.${to === 'approved' ? 'approve' : 'retire'}`, resourceType: 'AssistantDocument', resourceId: id, patientId: null, outcome: 'success', details: { docKey: d.doc_key, version: d.version } }, now);
    return toMeta((await findDocument(q, id))!);
  });
}

export async function documentsOf(db: Db, actor: Actor, facilityId: string): Promise<DocumentMeta[]> {
  requireLibraryAdmin(actor, facilityId);
  return (await listDocuments(db, facilityId)).map(toMeta);
}

// ---- answering ----

interface CachedIndex {
  signature: string;
  index: AssistantIndex;
  titles: Map<string, string>;
}
// One index per facility, rebuilt when its set of approved documents changes (checked per question:
// one indexed query). Bounded by the number of facilities on this server.
const indexes = new Map<string, Promise<CachedIndex>>();

async function facilityIndex(db: Db, facilityId: string): Promise<CachedIndex> {
  const signature = (await approvedIds(db, facilityId)).join(',');
  const cached = indexes.get(facilityId);
  if (cached) {
    const c = await cached;
    if (c.signature === signature) return c;
  }
  const p = (async () => {
    const docs = await approvedContents(db, facilityId);
    const index = buildIndex(docs.map((d) => ({ doc: d.id, format: chunkFormat(d.format), content: d.content, title: d.title })));
    return { signature: docs.map((d) => d.id).join(','), index, titles: new Map(docs.map((d) => [d.id, d.title])) };
  })();
  indexes.set(facilityId, p);
  p.catch(() => indexes.delete(facilityId));
  return p;
}

/** Rejects what is not a question: blank, too long, or binary/control characters. */
export function validateQuestion(question: string) {
  if (!question.trim()) throw badInput('EMPTY_QUESTION', 'The question is empty', 'Câu hỏi trống', 'question');
  if (question.length > MAX_QUESTION_CHARS) throw badInput('QUESTION_TOO_LONG', `The question is longer than ${MAX_QUESTION_CHARS} characters`, `Câu hỏi dài quá ${MAX_QUESTION_CHARS} ký tự`, 'question');
  // NUL and other C0 controls (tab and newlines allowed), or U+FFFD from a mis-decoded binary
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/.test(question)) {
    throw badInput('BINARY_QUESTION', 'The question contains binary or control characters', 'Câu hỏi chứa ký tự nhị phân hoặc ký tự điều khiển', 'question');
  }
}

/**
 * De-identification for the log (@yte/assistant deidentify.ts): personal names (Vietnamese, with or
 * without diacritics, and English), phone, CCCD and BHYT numbers and e-mail addresses are masked
 * before the question is stored; the log keeps no address, cookie or session.
 */
export const deidentify = (question: string): string => deidentifyText(question);

export interface AskResult {
  id: string;
  answer: string;
  citations: { documentId: string; title: string; heading: string; quote: string }[];
  refused: boolean;
  escalate: boolean;
  lang: Answer['lang'];
  outcome: Answer['outcome'];
}

export async function ask(db: Db, facilityId: string, question: string, now = new Date()): Promise<AskResult> {
  validateQuestion(question);
  const f = await db.query<{ id: string }>('SELECT id FROM facility WHERE id = $1', [facilityId]);
  if (!f[0]) throw notFound('Facility');
  const { index, titles } = await facilityIndex(db, facilityId);
  const a = answerQuestion(index, question);
  const citations = a.citations.map((c) => ({ documentId: c.doc, title: titles.get(c.doc) ?? '', heading: c.heading, quote: c.quote }));
  const id = uuidv7(now.getTime());
  await insertQuestionLog(db, { id, facility_id: facilityId, at: now, question: deidentify(question), lang: a.lang, outcome: a.outcome, answer: a.answer, citations, helpful: null, rated_at: null });
  return { id, answer: a.answer, citations, refused: a.refused, escalate: a.escalate, lang: a.lang, outcome: a.outcome };
}

export async function rate(db: Db, facilityId: string, id: string, helpful: boolean, now = new Date()) {
  if (!(await rateQuestion(db, facilityId, id, helpful, now))) throw notFound('Question');
}

export async function gapsOf(db: Db, actor: Actor, facilityId: string) {
  requireLibraryAdmin(actor, facilityId);
  return (await gapList(db, facilityId, 200)).map((g) => ({ question: g.question, asked: g.asked, lastAt: new Date(g.last_at).toISOString() }));
}

export async function questionLog(db: Db, actor: Actor, facilityId: string) {
  requireLibraryAdmin(actor, facilityId);
  return (await recentQuestions(db, facilityId, 200)).map((r) => ({
    id: r.id, at: new Date(r.at).toISOString(), question: r.question, lang: r.lang, outcome: r.outcome, answer: r.answer, helpful: r.helpful,
  }));
}
