/** /api/imaging: upload, worklist, viewer, reports, models, inference jobs, vendor results, demo status. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Type } from 'typebox';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import { IMAGING_READ_ROLES, IMAGING_WRITE_ROLES, pickFacility } from './access.ts';
import { buildFindingsObject, exportFindings } from './export.service.ts';
import { encodePng, readDicom, renderUint8, resize, toUint8, type DicomFile } from './imaging-lib.ts';
import { findInstance, findStudy } from './imaging.repo.ts';
import { allRejected, ingestDicom, isRejection, type Accepted, type Rejection } from './ingest.service.ts';
import { enqueue, getJob } from './jobs.ts';
import { writeBackToOrthanc } from './orthanc.ts';
import { enqueueAutoAnalysis, listModels, registerPostedModel, scanModels, toModel } from './models.service.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { parseMultipart } from './multipart.ts';
import { fhirDiagnosticReport, firstImpressionRequired, recordFirstImpression, saveReport, setFirstImpressionRequired, studyForReader, worklist } from './reading.service.ts';
import type { ImagingRuntime } from './runtime.ts';
import { imageStem, importVendorRows, parseVendorCsv, parseVendorJson, parseVendorSr, type VendorRow } from './vendor.service.ts';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Any = Type.Unknown();

export function imagingRoutes(rt: ImagingRuntime): RoutePlugin {
  return async (app) => {
    const readActor = (a: Actor) => {
      if (!hasRole(a, IMAGING_READ_ROLES)) throw forbidden();
      return a;
    };

    app.post('/upload', {
      preHandler: requireSession,
      bodyLimit: 512 * 1024 * 1024,
      schema: {
        tags: ['imaging'],
        description: 'Upload DICOM Part 10 files: multipart/form-data (one or more files) or a raw application/dicom body. Each file is validated; rejected files are listed with a code and a message (vi/en) and nothing of them is stored.',
        querystring: Type.Object({ facilityId: Type.Optional(Type.String({ format: 'uuid' })), filename: Type.Optional(Type.String({ maxLength: 255 })) }),
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      if (!hasRole(actor, IMAGING_WRITE_ROLES)) throw forbidden();
      const facilityId = pickFacility(actor, req.query.facilityId);
      const ct = String(req.headers['content-type'] ?? '');
      const body = req.body as Buffer | undefined;
      if (!Buffer.isBuffer(body)) throw badInput('UNSUPPORTED_MEDIA_TYPE', 'Send multipart/form-data or application/dicom', 'Hãy gửi multipart/form-data hoặc application/dicom');
      const files = /^multipart\//i.test(ct)
        ? parseMultipart(body, ct).filter((p) => p.filename !== undefined || /dicom|octet-stream/i.test(p.contentType ?? '')).map((p, i) => ({ name: p.filename || `file ${i + 1}`, bytes: p.body }))
        : [{ name: req.query.filename ?? 'upload.dcm', bytes: body }];
      if (files.length === 0) throw badInput('NO_FILES', 'No files in the upload', 'Không có tệp nào được tải lên');
      const accepted: Accepted[] = [];
      const rejected: Rejection[] = [];
      for (const f of files) {
        const r = await ingestDicom(app.db, { filesDir: app.config.filesDir, facilityId, userId: actor.id, source: 'upload', sourceName: imageStem(f.name) }, new Uint8Array(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength), f.name);
        if (isRejection(r)) rejected.push(r);
        else accepted.push(r);
      }
      if (accepted.length === 0) throw allRejected(rejected);
      return reply.status(rejected.length ? 207 : 201).send({ accepted, rejected });
    });

    app.get('/studies', {
      preHandler: requireSession,
      schema: {
        tags: ['imaging'], description: 'Reading worklist: unreported first, then AI suspicion (visible findings only), then waiting time.',
        querystring: Type.Object({ status: Type.Optional(StringEnum(['received', 'analysing', 'analysed', 'reported', 'failed'])), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }), offset: Type.Integer({ minimum: 0, default: 0 }) }),
      },
    }, async (req) => worklist(app.db, actorOf(req), req.query));

    app.get('/studies/:id', { preHandler: requireSession, schema: { tags: ['imaging'], params: Id, response: { ...errors(401, 403, 404) } } },
      async (req) => studyForReader(app.db, actorOf(req), req.params.id));

    app.post('/studies/:id/match', {
      preHandler: requireSession,
      schema: { tags: ['imaging'], description: 'Match an unmatched study to a patient of the same facility (then it is queued for analysis).', params: Id, body: Type.Object({ patientId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }) },
    }, async (req) => {
      const actor = actorOf(req);
      if (!hasRole(actor, IMAGING_WRITE_ROLES)) throw forbidden();
      const done = await app.db.tx(async (q) => {
        const s = await findStudy(q, req.params.id, actor.facilityIds);
        if (!s) return null;
        if (s.match_state === 'matched') throw new AppError(409, 'ALREADY_MATCHED', 'This study is already matched to a patient', 'Ca chụp này đã được ghép với bệnh nhân');
        const p = await q.query('SELECT 1 FROM patient WHERE id = $1 AND facility_id = $2', [req.body.patientId, s.facility_id]);
        if (p.length === 0) throw new AppError(404, 'NOT_FOUND', 'Patient not found at this study\'s facility', 'Không tìm thấy bệnh nhân tại cơ sở của ca chụp');
        await q.query("UPDATE imaging_study SET patient_id = $2, match_state = 'matched' WHERE id = $1", [s.id, req.body.patientId]);
        await appendAudit(q, { userId: actor.id, facilityId: s.facility_id, action: 'match', resourceType: 'ImagingStudy', resourceId: s.id, patientId: req.body.patientId, outcome: 'success', details: { dicomPatientId: s.dicom_patient_id } });
        await enqueueAutoAnalysis(q, s.id, s.modalities[0]);
        return true;
      });
      if (!done) throw notFound('Study');
      rt.worker?.poke();
      return studyForReader(app.db, actor, req.params.id);
    });

    app.post('/studies/:id/first-impression', {
      preHandler: requireSession,
      schema: { tags: ['imaging'], description: 'The reader records a first impression; AI findings are revealed after it (automation-bias guard).', params: Id, body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }) },
    }, async (req) => recordFirstImpression(app.db, actorOf(req), req.params.id, req.body.text));

    app.put('/studies/:id/report', {
      preHandler: requireSession,
      schema: { tags: ['imaging'], params: Id, body: Type.Object({ text: Type.String({ maxLength: 20000 }), final: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) },
    }, async (req) => {
      const actor = actorOf(req);
      const v = await saveReport(app.db, actor, req.params.id, req.body);
      // Write the result back to the PACS: the SR and GSPS of the accepted findings go into Orthanc's copy of
      // the study — only for a study that came from that Orthanc (an uploaded study is not pushed there).
      if (req.body.final && app.config.orthancUrl) {
        for (const format of ['sr', 'gsps'] as const) {
          const obj = await buildFindingsObject(app.db, app.config.filesDir, v, format, { creatorName: actor.fullName }).catch((err) => { req.log.warn({ err }, `could not write the findings ${format}`); return null; });
          if (!obj) continue;
          const sopInstanceUid = readDicom(obj.bytes).summary.sopInstanceUid;
          const stored = await writeBackToOrthanc(app.db, app.config.orthancUrl, v.study.id, { bytes: obj.bytes, sopInstanceUid, kind: format })
            .then((r) => r === 'stored', (err) => { req.log.warn({ err }, `could not store the findings ${format} in Orthanc`); return false; });
          if (stored) {
            await app.db.tx((q) => appendAudit(q, { userId: actor.id, facilityId: v.study.facilityId, action: 'export', resourceType: 'ImagingStudy', resourceId: v.study.id, patientId: v.study.patientId, outcome: 'success', details: { format, destination: 'orthanc', instanceId: obj.instanceId, findings: obj.findingIds } }));
          }
        }
      }
      return v;
    });

    app.post('/studies/:id/analyse', {
      preHandler: requireSession,
      schema: { tags: ['imaging'], description: 'Queue an inference job for the study with a registered model.', params: Id, body: Type.Object({ modelId: Type.String({ minLength: 1 }) }, { additionalProperties: false }) },
    }, async (req, reply) => {
      const actor = actorOf(req);
      if (!hasRole(actor, IMAGING_WRITE_ROLES)) throw forbidden();
      const s = await findStudy(app.db, req.params.id, actor.facilityIds);
      if (!s) throw notFound('Study');
      const m = (await listModels(app.db)).find((x) => x.id === req.body.modelId);
      if (!m) throw notFound('Model');
      if (m.status !== 'ready') throw new AppError(409, 'MODEL_REFUSED', `Model ${m.id} was refused: ${m.error}`, `Mô hình ${m.id} bị từ chối nạp: ${m.error_code}`);
      const jobId = await enqueue(app.db, 'imaging.infer', { studyId: s.id, modelId: m.id }, new Date(), { timeoutMs: 120_000, maxAttempts: 3 });
      rt.worker?.poke();
      return reply.status(202).send({ jobId });
    });

    app.get('/jobs/:id', { preHandler: requireSession, schema: { tags: ['imaging'], description: 'Progress of a study\'s inference job. The findings themselves are read as suggestions (stage-gated: shadow output is never shown).', params: Id } }, async (req) => {
      const actor = readActor(actorOf(req));
      const j = await getJob(app.db, req.params.id);
      const studyId = (j?.payload as { studyId?: string } | undefined)?.studyId;
      if (!j || !studyId || !(await findStudy(app.db, studyId, actor.facilityIds))) throw notFound('Job');
      const images = (j.result as { images?: number } | null)?.images ?? null;
      return { id: j.id, kind: j.kind, status: j.status, progress: j.progress, attempts: j.attempts, maxAttempts: j.max_attempts, error: j.error, images };
    });

    // Decoded files of recently viewed instances (window/level changes re-render without re-reading).
    const recent = new Map<string, DicomFile>();
    app.get('/instances/:id/render', {
      preHandler: requireSession,
      schema: {
        tags: ['imaging'], description: 'PNG preview through the imaging pipeline: decode → window/level (wc/ww; default the file\'s window) → resize to at most `size` px.',
        params: Id, querystring: Type.Object({ wc: Type.Optional(Type.Number()), ww: Type.Optional(Type.Number({ minimum: 1 })), size: Type.Integer({ minimum: 16, maximum: 4096, default: 1024 }) }),
      },
    }, async (req, reply) => {
      const actor = readActor(actorOf(req));
      const inst = await findInstance(app.db, req.params.id, actor.facilityIds);
      if (!inst) throw notFound('Instance');
      let file = recent.get(inst.id);
      if (!file) {
        file = readDicom(new Uint8Array(await readFile(join(app.config.filesDir, inst.file_path))));
        recent.set(inst.id, file);
        if (recent.size > 8) recent.delete(recent.keys().next().value!);
      }
      if (!file.summary.hasPixelData) throw new AppError(422, 'NO_PIXEL_DATA', 'This object has no image (e.g. a structured report)', 'Đối tượng này không có ảnh');
      const { wc, ww, size } = req.query;
      let out;
      try {
        out = await renderUint8(file, wc !== undefined && ww !== undefined ? { window: { center: wc, width: ww } } : {});
      } catch (e) {
        const err = e as { code?: string; message: string };
        throw new AppError(422, err.code ?? 'DECODE_FAILED', `Cannot render this image: ${err.message}`, 'Không hiển thị được ảnh này');
      }
      let { width, height, pixels } = out;
      const scale = Math.min(1, size / Math.max(width, height));
      if (scale < 1) {
        const r = resize(out.display, Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), 'area');
        width = r.width;
        height = r.height;
        pixels = toUint8(r);
      }
      return reply.header('content-type', 'image/png').header('cache-control', 'no-store') // patient pixels: never in a shared PC's disk cache
        .header('x-window', out.display.window ? `${out.display.window.center}/${out.display.window.width}` : out.display.voiSource)
        .header('x-image-size', `${out.width}x${out.height}`)
        .send(Buffer.from(encodePng(width, height, pixels, { filter: 'up', level: 3 })));
    });

    const exportSchema = (what: string) => ({
      tags: ['imaging'],
      description: `${what} of the AI findings on one image of the study that the reader accepted (all visible ones with ?all=true); the image is ?instanceId= or the first with such findings. Needs the first impression (409), facility-scoped (404), audited.`,
      params: Id,
      querystring: Type.Object({ all: Type.Optional(Type.Boolean()), instanceId: Type.Optional(Type.String({ format: 'uuid' })) }),
      response: { ...errors(401, 403, 404, 409) },
    });
    for (const [format, what] of [['sr', 'DICOM SR (TID 1500)'], ['gsps', 'DICOM Grayscale Softcopy Presentation State (boxes and labels on layer AI)']] as const) {
      app.get(`/studies/:id/${format}`, { preHandler: requireSession, schema: exportSchema(what) }, async (req, reply) => {
        const out = await exportFindings(app.db, actorOf(req), app.config.filesDir, req.params.id, format, { all: !!req.query.all, ...(req.query.instanceId ? { instanceId: req.query.instanceId } : {}) });
        return reply.header('content-type', 'application/dicom')
          .header('content-disposition', `attachment; filename="${format === 'sr' ? 'findings' : 'findings-gsps'}-${req.params.id}.dcm"`)
          .send(Buffer.from(out.bytes));
      });
    }

    app.get('/models', { preHandler: requireSession, schema: { tags: ['imaging'] } }, async (req) => {
      readActor(actorOf(req));
      return (await listModels(app.db)).map(toModel);
    });

    app.post('/models', {
      preHandler: requireSession,
      bodyLimit: 256 * 1024 * 1024,
      schema: {
        tags: ['imaging'], description: 'Register a model by manifest (the ONNX file already in <filesDir>/models/<id>/, or sent as onnxBase64). A file whose SHA-256 differs from the manifest is refused (409 HASH_MISMATCH) and listed as refused.',
        body: Type.Object({ manifest: Any, onnxBase64: Type.Optional(Type.String()) }, { additionalProperties: false }),
      },
    }, async (req, reply) => {
      const actor = actorOf(req);
      if (!actor.roles.includes('facility_admin') && !actor.roles.includes('governance_officer')) throw forbidden();
      const row = await registerPostedModel(app.db, app.config.filesDir, req.body.manifest, req.body.onnxBase64 ? Buffer.from(req.body.onnxBase64, 'base64') : null);
      if (row.status === 'refused') throw new AppError(409, row.error_code ?? 'MODEL_REFUSED', row.error ?? 'refused', row.error_code === 'HASH_MISMATCH' ? 'Mã băm SHA-256 của tệp mô hình không khớp với manifest; mô hình không được nạp' : 'Không nạp được mô hình', 'sha256', toModel(row));
      return reply.status(201).send(toModel(row));
    });

    app.post('/models/scan', { preHandler: requireSession, schema: { tags: ['imaging'] } }, async (req) => {
      const actor = actorOf(req);
      if (!actor.roles.includes('facility_admin') && !actor.roles.includes('governance_officer')) throw forbidden();
      return scanModels(app.db, app.config.filesDir);
    });

    app.post('/vendor-results', {
      preHandler: requireSession,
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['imaging'], description: 'Import vendor AI results (text/csv, application/json or a DICOM SR) as suggestions of tool vendor-chexnet. Any bad row → 400 naming row and column; nothing imported.',
        querystring: Type.Object({ threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })) }),
      },
    }, async (req) => {
      const actor = actorOf(req);
      if (!hasRole(actor, IMAGING_WRITE_ROLES)) throw forbidden();
      const ct = String(req.headers['content-type'] ?? '');
      let rows: VendorRow[];
      if (/^application\/dicom/i.test(ct)) rows = parseVendorSr(new Uint8Array(req.body as Buffer));
      else if (/json/i.test(ct)) rows = parseVendorJson(req.body);
      else if (/csv|text\/plain/i.test(ct)) rows = parseVendorCsv((req.body as Buffer).toString('utf8'));
      else throw badInput('UNSUPPORTED_MEDIA_TYPE', 'Send text/csv, application/json or application/dicom (SR)', 'Hãy gửi text/csv, application/json hoặc application/dicom (SR)');
      return importVendorRows(app.db, actor.facilityIds, rows, { ...(req.query.threshold !== undefined ? { defaultThreshold: req.query.threshold } : {}) });
    });

    app.get('/demo-status', { preHandler: requireSession, schema: { tags: ['imaging'] } }, async () => rt.demo?.status ?? { state: 'idle', done: 0, total: 0 });

    app.get('/settings', { preHandler: requireSession, schema: { tags: ['imaging'], querystring: Type.Object({ facilityId: Type.Optional(Type.String({ format: 'uuid' })) }) } }, async (req) => {
      const actor = actorOf(req);
      const facilityId = pickFacility(actor, req.query.facilityId);
      return { facilityId, firstImpressionRequired: await firstImpressionRequired(app.db, facilityId) };
    });
    app.put('/settings', {
      preHandler: requireSession,
      schema: { tags: ['imaging'], body: Type.Object({ facilityId: Type.String({ format: 'uuid' }), firstImpressionRequired: Type.Boolean() }, { additionalProperties: false }) },
    }, async (req) => setFirstImpressionRequired(app.db, actorOf(req), req.body.facilityId, req.body.firstImpressionRequired));
  };
}

export const imagingFhirRoutes: RoutePlugin = async (app) => {
  app.get('/DiagnosticReport', {
    preHandler: requireSession,
    schema: { tags: ['fhir'], description: 'The final report of an imaging study with Observations for the findings the reader accepted.', querystring: Type.Object({ study: Type.String({ format: 'uuid' }) }) },
  }, async (req, reply) => {
    const b = await fhirDiagnosticReport(app.db, actorOf(req), req.query.study, `${req.protocol}://${req.host}/fhir/R4`);
    return reply.header('content-type', 'application/fhir+json; charset=utf-8').send(JSON.stringify(b));
  });
};
