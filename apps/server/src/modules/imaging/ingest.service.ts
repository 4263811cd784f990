/**
 * Receiving DICOM Part 10 objects: validate with the imaging package's reader, match the patient,
 * store the bytes exactly as received under <filesDir>/dicom/, and record study/series/instance rows
 * and an audit entry. File and rows are one unit: the file is written to a temporary name, renamed
 * into place inside the transaction, and removed again if the transaction fails.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Db } from '../../db/db.ts';
import { AppError } from '../../lib/errors.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type DicomErrorCode, type DicomJson, dicomJsonOf, isDicomError, readDicom } from './imaging-lib.ts';
import { enqueueAutoAnalysis } from './models.service.ts';
import { addModality, findInstanceByUid, findSeries, findStudyByUid, insertInstance, insertSeries, insertStudy } from './imaging.repo.ts';

const VI: Record<string, string> = {
  NOT_DICOM: 'Tệp không phải là DICOM Part 10',
  TRUNCATED: 'Tệp DICOM bị cắt cụt: thiếu dữ liệu ở cuối tệp',
  META_INVALID: 'Phần thông tin meta (nhóm 0002) của tệp DICOM không hợp lệ',
  META_GROUP_LENGTH_MISSING: 'Thiếu độ dài nhóm thông tin meta (0002,0000)',
  MISSING_TRANSFER_SYNTAX: 'Thiếu cú pháp truyền (0002,0010) Transfer Syntax UID',
  UNSUPPORTED_TRANSFER_SYNTAX: 'Cú pháp truyền (transfer syntax) của tệp không được hỗ trợ',
  INVALID_VALUE: 'Tệp có giá trị thuộc tính không hợp lệ',
  MISSING_ATTRIBUTE: 'Tệp thiếu thuộc tính DICOM bắt buộc',
  MALFORMED_DATASET: 'Không đọc được bộ dữ liệu DICOM',
  EMPTY_FILE: 'Tệp rỗng',
};

export interface Rejection {
  file: string;
  code: string;
  message: string;
  messageVi: string;
  field?: string;
  sopInstanceUid?: string;
  sopClassUid?: string;
}

export interface Accepted {
  file: string;
  studyId: string;
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  instanceId: string;
  patientId: string | null;
  matchState: 'matched' | 'unmatched';
  duplicate: boolean;
  newStudy: boolean;
}

export interface IngestContext {
  filesDir: string;
  facilityId: string;
  userId: string | null;
  source: string;
  /** The source image's name, e.g. an NIH file name (vendor results refer to it). */
  sourceName?: string | null;
  /** The PACS a new study came from (its base URL): results are written back only there. */
  sourceUrl?: string | null;
  now?: Date;
}

export const isRejection = (r: Accepted | Rejection): r is Rejection => 'code' in r;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PatientID (0010,0020) → a yte patient at this facility: its id, or its CCCD. */
export async function matchPatient(db: Db, facilityId: string, dicomPatientId: string | undefined): Promise<string | null> {
  const pid = dicomPatientId?.trim();
  if (!pid) return null;
  if (UUID_RE.test(pid)) {
    const r = await db.query<{ id: string }>('SELECT id FROM patient WHERE id = $1 AND facility_id = $2', [pid.toLowerCase(), facilityId]);
    if (r[0]) return r[0].id;
  }
  if (/^\d{12}$/.test(pid)) {
    const r = await db.query<{ id: string }>('SELECT id FROM patient WHERE cccd = $1 AND facility_id = $2 ORDER BY id LIMIT 2', [pid, facilityId]);
    if (r.length === 1) return r[0]!.id; // an ambiguous CCCD is not guessed
  }
  return null;
}

export async function ingestDicom(db: Db, ctx: IngestContext, bytes: Uint8Array, fileName: string): Promise<Accepted | Rejection> {
  try {
    return await ingestOnce(db, ctx, bytes, fileName);
  } catch (e) {
    // Two uploads of the same new study/series at once: the loser sees a unique violation; once more finds the winner's rows.
    if ((e as { code?: string }).code === '23505') return ingestOnce(db, ctx, bytes, fileName);
    throw e;
  }
}

async function ingestOnce(db: Db, ctx: IngestContext, bytes: Uint8Array, fileName: string): Promise<Accepted | Rejection> {
  const now = ctx.now ?? new Date();
  if (bytes.length === 0) return { file: fileName, code: 'EMPTY_FILE', message: `${fileName}: the file is empty`, messageVi: VI.EMPTY_FILE! };
  let summary;
  try {
    summary = readDicom(bytes).summary;
  } catch (e) {
    if (isDicomError(e)) {
      const code: DicomErrorCode = e.code;
      return { file: fileName, code, message: `${fileName}: ${e.message}`, messageVi: `${fileName}: ${VI[code] ?? 'Tệp DICOM không hợp lệ'}${e.field ? ` (${e.field})` : ''}`, ...(e.field ? { field: e.field } : {}) };
    }
    return { file: fileName, code: 'MALFORMED_DATASET', message: `${fileName}: ${(e as Error).message}`, messageVi: `${fileName}: ${VI.MALFORMED_DATASET}` };
  }
  // DICOM JSON for QIDO/WADO metadata; a file our reader accepts but dcmjs cannot model stays queryable by its columns.
  let metadata: DicomJson | null = null;
  try {
    metadata = dicomJsonOf(bytes);
  } catch {
    metadata = null;
  }
  const patientId = await matchPatient(db, ctx.facilityId, summary.patientId);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let written: string | undefined;
  try {
    const out = await db.tx(async (q) => {
      let study = await findStudyByUid(q, ctx.facilityId, summary.studyInstanceUid, true);
      let newStudy = false;
      if (!study) {
        newStudy = true;
        study = {
          id: uuidv7(now.getTime()), facility_id: ctx.facilityId, study_uid: summary.studyInstanceUid, patient_id: patientId,
          match_state: patientId ? 'matched' : 'unmatched', dicom_patient_id: summary.patientId ?? null, dicom_patient_name: summary.patientName ?? null,
          accession_number: summary.accessionNumber ?? null, study_date: summary.studyDate ?? null, description: summary.studyDescription ?? null,
          modalities: summary.modality ? [summary.modality] : [], status: 'received', ai_suspicion: null, source: ctx.source, received_at: now,
        };
        await insertStudy(q, study);
        if (ctx.sourceUrl) await q.query('UPDATE imaging_study SET source_url = $2 WHERE id = $1', [study.id, ctx.sourceUrl]);
      } else if (summary.modality) {
        await addModality(q, study.id, summary.modality);
      }
      const base = { file: fileName, studyId: study.id, studyUid: study.study_uid, seriesUid: summary.seriesInstanceUid, sopInstanceUid: summary.sopInstanceUid, sopClassUid: summary.sopClassUid, patientId: study.patient_id, matchState: study.match_state, newStudy };
      const existing = await findInstanceByUid(q, study.id, summary.sopInstanceUid);
      if (existing) return { ...base, instanceId: existing.id, duplicate: true };
      let series = await findSeries(q, study.id, summary.seriesInstanceUid);
      if (!series) {
        series = { id: uuidv7(now.getTime()), study_id: study.id, series_uid: summary.seriesInstanceUid, modality: summary.modality ?? null, description: summary.seriesDescription ?? null, body_part: summary.bodyPartExamined ?? null };
        await insertSeries(q, series);
      }
      const instanceId = uuidv7(now.getTime());
      const rel = join('dicom', study.id, `${instanceId}.dcm`);
      const abs = join(ctx.filesDir, rel);
      await mkdir(dirname(abs), { recursive: true });
      const tmp = `${abs}.tmp-${process.pid}`;
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, abs);
      written = abs;
      await insertInstance(q, {
        id: instanceId, study_id: study.id, series_id: series.id, sop_instance_uid: summary.sopInstanceUid, sop_class_uid: summary.sopClassUid,
        transfer_syntax_uid: summary.transferSyntaxUid, instance_number: summary.instanceNumber ?? null, rows: summary.rows ?? null, columns: summary.columns ?? null,
        file_path: rel, size_bytes: bytes.length, sha256, source_name: ctx.sourceName ?? null, received_at: now,
      });
      if (metadata) await q.query('UPDATE imaging_instance SET metadata = $2::jsonb WHERE id = $1', [instanceId, JSON.stringify(metadata)]);
      await appendAudit(q, {
        userId: ctx.userId, facilityId: ctx.facilityId, action: 'create', resourceType: 'ImagingInstance', resourceId: instanceId, patientId: study.patient_id,
        outcome: 'success', details: { studyUid: study.study_uid, sopInstanceUid: summary.sopInstanceUid, source: ctx.source, sha256 },
      }, now);
      return { ...base, instanceId, duplicate: false };
    });
    if (out.newStudy && out.patientId) await enqueueAutoAnalysis(db, out.studyId, summary.modality, now);
    return out;
  } catch (e) {
    if (written) await unlink(written).catch(() => undefined);
    throw e;
  }
}

/** All rejected → one 400 listing every file's reason. */
export function allRejected(rejected: Rejection[]): AppError {
  const first = rejected[0];
  return new AppError(400, rejected.length === 1 && first ? first.code : 'DICOM_REJECTED',
    rejected.length === 1 && first ? first.message : `All ${rejected.length} files were rejected`,
    rejected.length === 1 && first ? first.messageVi : `Tất cả ${rejected.length} tệp đều bị từ chối`, first?.field, { rejected });
}
