/**
 * DICOMweb (PS3.18): STOW-RS store, QIDO-RS search (studies, series, instances; DICOM JSON,
 * PS3.18 Annex F) and WADO-RS retrieval of a study, a series or an instance, returning the bytes
 * exactly as received.
 * Every route is facility-scoped to the caller and audited.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { actorOf, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import { ingestDicom, isRejection, type Rejection } from './ingest.service.ts';
import { buildMultipartRelated, parseMultipart } from './multipart.ts';
import { IMAGING_READ_ROLES, IMAGING_WRITE_ROLES, pickFacility } from './access.ts';

type Json = Record<string, { vr: string; Value?: unknown[] }>;
const v = (vr: string, value: unknown): { vr: string; Value?: unknown[] } =>
  value === null || value === undefined || value === '' ? { vr } : { vr, Value: Array.isArray(value) ? value : [value] };

interface StudyQ { id: string; study_uid: string; dicom_patient_id: string | null; dicom_patient_name: string | null; study_date: string | null; accession_number: string | null; description: string | null; modalities: string[]; n_series: number; n_instances: number }

export const dicomwebRoutes: RoutePlugin = async (app) => {
  const base = (req: FastifyRequest) => `${req.protocol}://${req.host}/dicomweb`;

  app.post('/studies', {
    preHandler: requireSession,
    bodyLimit: 512 * 1024 * 1024,
    schema: { tags: ['dicomweb'], description: 'STOW-RS: multipart/related; type="application/dicom" (or a single application/dicom body).', querystring: Type.Object({ facilityId: Type.Optional(Type.String({ format: 'uuid' })) }) },
  }, async (req, reply) => {
    const actor = actorOf(req);
    if (!hasRole(actor, IMAGING_WRITE_ROLES)) throw forbidden();
    const facilityId = pickFacility(actor, req.query.facilityId);
    const ct = String(req.headers['content-type'] ?? '');
    const body = req.body as Buffer;
    const files = /^multipart\//i.test(ct)
      ? parseMultipart(body, ct).map((p, i) => ({ name: p.filename ?? `part ${i + 1}`, bytes: p.body, type: p.contentType ?? 'application/dicom' }))
      : [{ name: 'body', bytes: body, type: 'application/dicom' }];
    const referenced: Json[] = [];
    const failed: Json[] = [];
    const rejected: Rejection[] = [];
    for (const f of files) {
      if (!/^application\/dicom\b/i.test(f.type)) {
        const r: Rejection = { file: f.name, code: 'UNSUPPORTED_MEDIA_TYPE', message: `${f.name}: part type ${f.type} is not application/dicom`, messageVi: `${f.name}: phần này không phải application/dicom` };
        rejected.push(r);
        failed.push({ '00081197': v('US', 0xc000) });
        continue;
      }
      const r = await ingestDicom(app.db, { filesDir: app.config.filesDir, facilityId, userId: actor.id, source: 'stow-rs' }, new Uint8Array(f.bytes), f.name);
      if (isRejection(r)) {
        rejected.push(r);
        failed.push({ '00081150': v('UI', r.sopClassUid), '00081155': v('UI', r.sopInstanceUid), '00081197': v('US', r.code === 'UNSUPPORTED_TRANSFER_SYNTAX' ? 0xa900 : 0xc000) });
      } else {
        referenced.push({ '00081150': v('UI', r.sopClassUid), '00081155': v('UI', r.sopInstanceUid), '00081190': v('UR', `${base(req)}/studies/${r.studyUid}/series/${r.seriesUid}/instances/${r.sopInstanceUid}`) });
      }
    }
    const out: Json & { yteRejections?: Rejection[] } = {
      '00081199': referenced.length ? { vr: 'SQ', Value: referenced } : { vr: 'SQ' },
      ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed } } : {}),
    };
    if (rejected.length) out.yteRejections = rejected; // the reasons in words (vi/en)
    // PS3.18 §10.5.3: 200 all stored, 202 some failed, 409 none stored.
    reply.status(failed.length === 0 ? 200 : referenced.length ? 202 : 409).header('content-type', 'application/dicom+json');
    return JSON.stringify(out);
  });

  const studyRows = (actor: Actor, where: string, params: unknown[]) =>
    app.db.query<StudyQ>(
      `SELECT s.id, s.study_uid, s.dicom_patient_id, s.dicom_patient_name, s.study_date, s.accession_number, s.description, s.modalities,
         (SELECT count(*)::int FROM imaging_series se WHERE se.study_id = s.id) AS n_series,
         (SELECT count(*)::int FROM imaging_instance i WHERE i.study_id = s.id) AS n_instances
       FROM imaging_study s WHERE s.facility_id = ANY($1::uuid[]) ${where} ORDER BY s.received_at DESC, s.id LIMIT 1000`,
      [actor.facilityIds, ...params],
    );

  const audited = async (actor: Actor, action: string, details: Record<string, unknown>) =>
    app.db.tx((q) => appendAudit(q, { userId: actor.id, facilityId: null, action, resourceType: 'ImagingStudy', resourceId: null, patientId: null, outcome: 'success', details }));

  const readActor = (req: FastifyRequest) => {
    const a = actorOf(req);
    if (!hasRole(a, IMAGING_READ_ROLES)) throw forbidden();
    return a;
  };
  const dicomJson = (reply: FastifyReply, body: unknown) => reply.header('content-type', 'application/dicom+json').send(JSON.stringify(body));

  app.get('/studies', {
    preHandler: requireSession,
    schema: {
      tags: ['dicomweb'], description: 'QIDO-RS study search.',
      querystring: Type.Object({ PatientID: Type.Optional(Type.String()), StudyInstanceUID: Type.Optional(Type.String()), AccessionNumber: Type.Optional(Type.String()), ModalitiesInStudy: Type.Optional(Type.String()), StudyDate: Type.Optional(Type.String()) }),
    },
  }, async (req, reply) => {
    const actor = readActor(req);
    const conds: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, val: unknown) => {
      params.push(val);
      conds.push(sql.replace('?', `$${params.length + 1}`));
    };
    const { PatientID, StudyInstanceUID, AccessionNumber, ModalitiesInStudy, StudyDate } = req.query;
    if (PatientID) add('AND s.dicom_patient_id = ?', PatientID);
    if (StudyInstanceUID) add('AND s.study_uid = ANY(?::text[])', StudyInstanceUID.split(','));
    if (AccessionNumber) add('AND s.accession_number = ?', AccessionNumber);
    if (ModalitiesInStudy) add('AND ? = ANY(s.modalities)', ModalitiesInStudy);
    if (StudyDate) {
      const [from, to] = StudyDate.includes('-') ? StudyDate.split('-') : [StudyDate, StudyDate];
      if (from) add('AND s.study_date >= ?', from);
      if (to) add('AND s.study_date <= ?', to);
    }
    const rows = await studyRows(actor, conds.join(' '), params);
    await audited(actor, 'search', { qido: 'studies', query: req.query, results: rows.length });
    return dicomJson(reply, rows.map((s) => ({
      '0020000D': v('UI', s.study_uid), '00100020': v('LO', s.dicom_patient_id), '00100010': s.dicom_patient_name ? { vr: 'PN', Value: [{ Alphabetic: s.dicom_patient_name }] } : { vr: 'PN' },
      '00080020': v('DA', s.study_date), '00080050': v('SH', s.accession_number), '00081030': v('LO', s.description), '00080061': v('CS', s.modalities.length ? s.modalities : null),
      '00201206': v('IS', s.n_series), '00201208': v('IS', s.n_instances), '00081190': v('UR', `${base(req)}/studies/${s.study_uid}`),
    })));
  });

  const studyByUid = async (actor: Actor, uid: string) => {
    const r = await studyRows(actor, 'AND s.study_uid = $2', [uid]);
    if (!r[0]) throw notFound('Study');
    return r[0];
  };

  app.get('/studies/:study/series', {
    preHandler: requireSession,
    schema: { tags: ['dicomweb'], params: Type.Object({ study: Type.String() }) },
  }, async (req, reply) => {
    const actor = readActor(req);
    const s = await studyByUid(actor, req.params.study);
    const rows = await app.db.query<{ series_uid: string; modality: string | null; description: string | null; n: number }>(
      `SELECT se.series_uid, se.modality, se.description, (SELECT count(*)::int FROM imaging_instance i WHERE i.series_id = se.id) AS n
       FROM imaging_series se WHERE se.study_id = $1 ORDER BY se.series_uid`, [s.id]);
    await audited(actor, 'search', { qido: 'series', studyUid: s.study_uid });
    return dicomJson(reply, rows.map((r) => ({
      '0020000D': v('UI', s.study_uid), '0020000E': v('UI', r.series_uid), '00080060': v('CS', r.modality), '0008103E': v('LO', r.description),
      '00201209': v('IS', r.n), '00081190': v('UR', `${base(req)}/studies/${s.study_uid}/series/${r.series_uid}`),
    })));
  });

  app.get('/studies/:study/series/:series/instances', {
    preHandler: requireSession,
    schema: { tags: ['dicomweb'], params: Type.Object({ study: Type.String(), series: Type.String() }) },
  }, async (req, reply) => {
    const actor = readActor(req);
    const s = await studyByUid(actor, req.params.study);
    const rows = await app.db.query<{ sop_instance_uid: string; sop_class_uid: string; instance_number: number | null; rows: number | null; columns: number | null }>(
      `SELECT i.sop_instance_uid, i.sop_class_uid, i.instance_number, i.rows, i.columns FROM imaging_instance i JOIN imaging_series se ON se.id = i.series_id
       WHERE i.study_id = $1 AND se.series_uid = $2 ORDER BY i.instance_number NULLS LAST, i.sop_instance_uid`, [s.id, req.params.series]);
    await audited(actor, 'search', { qido: 'instances', studyUid: s.study_uid, seriesUid: req.params.series });
    return dicomJson(reply, rows.map((r) => ({
      '0020000D': v('UI', s.study_uid), '0020000E': v('UI', req.params.series), '00080016': v('UI', r.sop_class_uid), '00080018': v('UI', r.sop_instance_uid),
      '00200013': v('IS', r.instance_number), '00280010': v('US', r.rows), '00280011': v('US', r.columns),
      '00081190': v('UR', `${base(req)}/studies/${s.study_uid}/series/${req.params.series}/instances/${r.sop_instance_uid}`),
    })));
  });

  /** Accept for a WADO-RS retrieval: 'raw' (one instance as application/dicom) or 'multipart'; else 406. */
  const negotiate = (req: FastifyRequest, single: boolean): 'raw' | 'multipart' => {
    const accept = String(req.headers.accept ?? '');
    const wantsRaw = /^application\/dicom\b/i.test(accept) || (/[,\s]application\/dicom\b/i.test(accept) && !/multipart\/related/i.test(accept));
    if (single && wantsRaw) return 'raw';
    if (!accept || /multipart\/related|\*\/\*/i.test(accept) || (single && /application\/dicom/i.test(accept))) {
      // multipart/related must carry application/dicom parts (PS3.18 §8.7.3.3.2)
      const type = /multipart\/related[^,]*type\s*=\s*"?([^";,]+)/i.exec(accept)?.[1];
      if (!type || /^application\/dicom$/i.test(type.trim()) || /\*\/\*/.test(accept)) return 'multipart';
    }
    throw new AppError(406, 'NOT_ACCEPTABLE',
      single ? 'WADO-RS instances are served as multipart/related; type="application/dicom" or application/dicom' : 'WADO-RS studies and series are served as multipart/related; type="application/dicom"',
      single ? 'Chỉ hỗ trợ multipart/related hoặc application/dicom' : 'Chỉ hỗ trợ multipart/related; type="application/dicom" cho cả ca chụp hoặc loạt ảnh');
  };

  interface Stored { id: string; file_path: string; study_id: string; facility_id: string; patient_id: string | null; transfer_syntax_uid: string; sop_instance_uid: string; series_uid: string; study_uid: string }
  const storedInstances = (actor: Actor, studyUid: string, seriesUid: string | null, sopUid: string | null) =>
    app.db.query<Stored>(
      `SELECT i.id, i.file_path, i.study_id, s.facility_id, s.patient_id, i.transfer_syntax_uid, i.sop_instance_uid, se.series_uid, s.study_uid FROM imaging_instance i
       JOIN imaging_study s ON s.id = i.study_id JOIN imaging_series se ON se.id = i.series_id
       WHERE s.facility_id = ANY($1::uuid[]) AND s.study_uid = $2 AND ($3::text IS NULL OR se.series_uid = $3) AND ($4::text IS NULL OR i.sop_instance_uid = $4)
       ORDER BY se.series_uid, i.instance_number NULLS LAST, i.sop_instance_uid`,
      [actor.facilityIds, studyUid, seriesUid, sopUid]);

  /** Reads the stored bytes, audits the retrieval (one entry per study) and answers in the negotiated form. */
  const retrieve = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, level: 'study' | 'series' | 'instance', rows: Stored[]) => {
    const mode = negotiate(req, level === 'instance');
    const files = await Promise.all(rows.map((r) => readFile(join(app.config.filesDir, r.file_path))));
    await app.db.tx(async (q) => {
      if (level === 'instance') {
        const r = rows[0]!;
        await appendAudit(q, { userId: actor.id, facilityId: r.facility_id, action: 'read', resourceType: 'ImagingInstance', resourceId: r.id, patientId: r.patient_id, outcome: 'success', details: { wado: 'instance' } });
        return;
      }
      const r = rows[0]!;
      await appendAudit(q, {
        userId: actor.id, facilityId: r.facility_id, action: 'read', resourceType: 'ImagingStudy', resourceId: r.study_id, patientId: r.patient_id, outcome: 'success',
        details: { wado: level, studyUid: r.study_uid, ...(level === 'series' ? { seriesUid: r.series_uid } : {}), instances: rows.map((x) => x.id) },
      });
    });
    if (mode === 'raw') return reply.header('content-type', 'application/dicom').send(files[0]!);
    const m = buildMultipartRelated(rows.map((r, i) => ({
      contentType: `application/dicom; transfer-syntax=${r.transfer_syntax_uid}`, body: files[i]!,
      headers: { 'Content-Location': `${base(req)}/studies/${r.study_uid}/series/${r.series_uid}/instances/${r.sop_instance_uid}` },
    })), 'application/dicom');
    return reply.header('content-type', m.contentType).send(m.body);
  };

  const wadoDescription = (what: string) => `WADO-RS: ${what}, the stored bytes exactly as received, as multipart/related; type="application/dicom" (one part per instance, each with its transfer-syntax and Content-Location). Facility-scoped (404), audited.`;

  app.get('/studies/:study', {
    preHandler: requireSession,
    schema: { tags: ['dicomweb'], description: wadoDescription('every instance of the study'), params: Type.Object({ study: Type.String() }) },
  }, async (req, reply) => {
    const actor = readActor(req);
    const rows = await storedInstances(actor, req.params.study, null, null);
    if (rows.length === 0) throw notFound('Study');
    return retrieve(req, reply, actor, 'study', rows);
  });

  app.get('/studies/:study/series/:series', {
    preHandler: requireSession,
    schema: { tags: ['dicomweb'], description: wadoDescription('every instance of the series'), params: Type.Object({ study: Type.String(), series: Type.String() }) },
  }, async (req, reply) => {
    const actor = readActor(req);
    const rows = await storedInstances(actor, req.params.study, req.params.series, null);
    if (rows.length === 0) throw notFound('Series');
    return retrieve(req, reply, actor, 'series', rows);
  });

  app.get('/studies/:study/series/:series/instances/:instance', {
    preHandler: requireSession,
    schema: { tags: ['dicomweb'], description: 'WADO-RS: the stored bytes, as multipart/related; type="application/dicom" (or raw with Accept: application/dicom).', params: Type.Object({ study: Type.String(), series: Type.String(), instance: Type.String() }) },
  }, async (req, reply) => {
    const actor = readActor(req);
    const rows = await storedInstances(actor, req.params.study, req.params.series, req.params.instance);
    if (rows.length === 0) throw notFound('Instance');
    return retrieve(req, reply, actor, 'instance', rows);
  });
};
