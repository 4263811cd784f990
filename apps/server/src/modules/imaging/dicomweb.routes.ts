/**
 * DICOMweb (PS3.18): STOW-RS (§10.5), QIDO-RS at study, series and instance level (§10.6, DICOM
 * JSON per Annex F) and WADO-RS (§10.4): instances as stored or transcoded to Explicit VR Little
 * Endian, metadata (bulk data by BulkDataURI), bulk data, frames and rendered images.
 * Every route is facility-scoped to the caller (another facility's study is a 404) and audited.
 * Deliberate differences from the standard and from Orthanc are listed in docs/dicomweb.md.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import dcmjs from 'dcmjs';
import { AppError, badInput, forbidden, notFound } from '../../lib/errors.ts';
import { actorOf, requireSession, type RoutePlugin } from '../../lib/http.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { type Actor, hasRole } from '../auth/roles.ts';
import { ingestDicom, isRejection } from './ingest.service.ts';
import { buildMultipartRelated, parseMultipart } from './multipart.ts';
import { IMAGING_READ_ROLES, IMAGING_WRITE_ROLES, pickFacility } from './access.ts';
import {
  type DicomJson, dicomJsonOf, encodeJpegGrey, encodePng, frameData, QidoError, type QidoLevel, readDicom, renderUint8, runQido, TS, transcodeToExplicitLE, transferSyntaxInfo,
} from './imaging-lib.ts';
import { negotiate, type MediaRange, parseAccept } from './accept.ts';

type Attr = { vr: string; Value?: unknown[] };
const v = (vr: string, value: unknown): Attr =>
  value === null || value === undefined || value === '' ? { vr } : { vr, Value: Array.isArray(value) ? value : [value] };

/** PS3.18 Table 10.5.3-? / PS3.4 Annex B status codes used as FailureReason (0008,1197). */
const FAILURE = {
  processing: 0x0110, // Processing failure
  cannotUnderstand: 0xc000, // Error: cannot understand
  transferSyntax: 0xc122, // Referenced Transfer Syntax not supported (PS3.18 §10.5.3)
  // Instance of another study than the one in the STOW URL: 0xA901, as Microsoft's DICOM server
  // does (its conformance statement: "43265 … does not match the specified StudyInstanceUID").
  studyMismatch: 0xa901,
} as const;

const MAX_RESULTS = 1000;
const QidoQuery = Type.Object({
  limit: Type.Optional(Type.String({ maxLength: 12, description: 'Maximum number of results' })),
  offset: Type.Optional(Type.String({ maxLength: 12, description: 'Number of results to skip' })),
  fuzzymatching: Type.Optional(Type.String({ maxLength: 8, description: 'Not supported: answered with Warning 299' })),
  includefield: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 100 })], { description: 'Keyword, tag, or "all"' })),
  facilityId: Type.Optional(Type.String({ format: 'uuid' })),
}, { additionalProperties: Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 50 })]), description: 'Matching keys: {attributeID}={value} (keyword or tag), PS3.18 §8.3.4.1' });

const UidParam = Type.String({ maxLength: 64, pattern: '^[0-9.]+$' });

interface InstanceRow {
  id: string; file_path: string; study_id: string; facility_id: string; patient_id: string | null; transfer_syntax_uid: string; sop_instance_uid: string;
  sop_class_uid: string; series_uid: string; study_uid: string; metadata: DicomJson | null;
}

/** SOP Class/Instance UID from the File Meta Information alone (explicit VR LE, PS3.10 §7.1), for a data set that cannot be parsed. */
function metaUids(b: Buffer): { cls: string; sop: string } {
  const out = { cls: '', sop: '' };
  if (b.length < 140 || b.toString('latin1', 128, 132) !== 'DICM') return out;
  let o = 132;
  while (o + 8 <= b.length && b.readUInt16LE(o) === 0x0002) {
    const e = b.readUInt16LE(o + 2);
    const vr = b.toString('latin1', o + 4, o + 6);
    const long = ['OB', 'OW', 'UN', 'SQ', 'UT', 'UR', 'UC'].includes(vr);
    const len = long ? b.readUInt32LE(o + 8) : b.readUInt16LE(o + 6);
    const start = o + (long ? 12 : 8);
    if (start + len > b.length) break;
    const text = b.toString('latin1', start, start + len).replace(/[\0 ]+$/, '');
    if (e === 0x0002) out.cls = text;
    if (e === 0x0003) out.sop = text;
    o = start + len;
  }
  return out;
}

export const dicomwebRoutes: RoutePlugin = async (app) => {
  const base = (req: FastifyRequest) => `${req.protocol}://${req.host}/dicomweb`;
  const studyUrl = (req: FastifyRequest, s: string) => `${base(req)}/studies/${s}`;
  const seriesUrl = (req: FastifyRequest, s: string, se: string) => `${studyUrl(req, s)}/series/${se}`;
  const instanceUrl = (req: FastifyRequest, s: string, se: string, i: string) => `${seriesUrl(req, s, se)}/instances/${i}`;

  const readActor = (req: FastifyRequest) => {
    const a = actorOf(req);
    if (!hasRole(a, IMAGING_READ_ROLES)) throw forbidden();
    return a;
  };
  const warn = (reply: FastifyReply, texts: string[]) => {
    // RFC 7234 §5.5 Warning: 299 = miscellaneous persistent warning (PS3.18 §8.3.4.4, §10.6.3.3).
    if (texts.length) reply.header('warning', texts.map((t) => `299 yte: "${t.replace(/[^\x20-\x7e]/g, '?').replace(/"/g, "'")}"`));
  };
  const dicomJson = (reply: FastifyReply, body: unknown) => reply.header('content-type', 'application/dicom+json').send(JSON.stringify(body));
  const audited = async (actor: Actor, action: string, details: Record<string, unknown>) =>
    app.db.tx((q) => appendAudit(q, { userId: actor.id, facilityId: null, action, resourceType: 'ImagingStudy', resourceId: null, patientId: null, outcome: 'success', details }));

  /** Rows stored before migration 018 get their DICOM JSON on first use. */
  const withMetadata = async <T extends { id: string; file_path: string; metadata: DicomJson | null }>(rows: T[]): Promise<T[]> => {
    for (const r of rows) {
      if (r.metadata) continue;
      try {
        r.metadata = dicomJsonOf(new Uint8Array(await readFile(join(app.config.filesDir, r.file_path))));
        await app.db.query('UPDATE imaging_instance SET metadata = $2::jsonb WHERE id = $1', [r.id, JSON.stringify(r.metadata)]);
      } catch {
        r.metadata = {};
      }
    }
    return rows;
  };

  // ------------------------------------------------------------------------------------------
  // STOW-RS

  const stow = async (req: FastifyRequest, reply: FastifyReply, studyUid: string | null) => {
    const actor = actorOf(req);
    if (!hasRole(actor, IMAGING_WRITE_ROLES)) throw forbidden();
    const facilityId = pickFacility(actor, (req.query as { facilityId?: string }).facilityId);
    const ct = String(req.headers['content-type'] ?? '');
    const body = req.body as Buffer;
    if (!Buffer.isBuffer(body)) throw badInput('STOW_BODY', 'STOW-RS needs a multipart/related; type="application/dicom" body', 'STOW-RS cần nội dung multipart/related; type="application/dicom"');
    const files = /^multipart\//i.test(ct)
      ? parseMultipart(body, ct).map((p, i) => ({ name: p.filename ?? `part ${i + 1}`, bytes: p.body, type: p.contentType ?? 'application/dicom' }))
      : [{ name: 'body', bytes: body, type: 'application/dicom' }];
    const referenced: Record<string, Attr>[] = [];
    const failed: Record<string, Attr>[] = [];
    const reasons: string[] = [];
    const studies = new Set<string>();
    for (const f of files) {
      // UIDs of a part we could not store, when they can be read at all (PS3.18 §10.5.3: the failed item references the instance).
      const peek = () => {
        try {
          const msg = dcmjs.data.DicomMessage.readFile(f.bytes.buffer.slice(f.bytes.byteOffset, f.bytes.byteOffset + f.bytes.byteLength) as ArrayBuffer, { untilTag: '7FE00010', ignoreErrors: true });
          const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.dict) as Record<string, unknown>;
          const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.meta) as Record<string, unknown>;
          return { cls: String(ds.SOPClassUID ?? meta.MediaStorageSOPClassUID ?? ''), sop: String(ds.SOPInstanceUID ?? meta.MediaStorageSOPInstanceUID ?? ''), study: String(ds.StudyInstanceUID ?? '') };
        } catch {
          return { ...metaUids(f.bytes), study: '' };
        }
      };
      const fail = (reason: number, text: string, ids = peek()) => {
        failed.push({ '00081150': v('UI', ids.cls), '00081155': v('UI', ids.sop), '00081197': v('US', reason) });
        reasons.push(`${f.name}: ${text}`.slice(0, 300));
      };
      if (!/^application\/dicom\b/i.test(f.type)) {
        fail(FAILURE.cannotUnderstand, `part type ${f.type} is not application/dicom`, { cls: '', sop: '', study: '' });
        continue;
      }
      if (studyUid) {
        const ids = peek();
        if (ids.study && ids.study !== studyUid) {
          fail(FAILURE.studyMismatch, `Study Instance UID ${ids.study} is not the study ${studyUid} of the request URL`, ids);
          continue;
        }
      }
      const r = await ingestDicom(app.db, { filesDir: app.config.filesDir, facilityId, userId: actor.id, source: 'stow-rs' }, new Uint8Array(f.bytes), f.name);
      if (isRejection(r)) {
        const ids = peek();
        fail(r.code === 'UNSUPPORTED_TRANSFER_SYNTAX' ? FAILURE.transferSyntax : ['NOT_DICOM', 'MALFORMED_DATASET', 'TRUNCATED', 'MISSING_TRANSFER_SYNTAX', 'META_INVALID', 'META_GROUP_LENGTH_MISSING', 'EMPTY_FILE'].includes(r.code) ? FAILURE.cannotUnderstand : FAILURE.processing, r.message,
          { cls: r.sopClassUid ?? ids.cls, sop: r.sopInstanceUid ?? ids.sop, study: ids.study });
      } else {
        studies.add(r.studyUid);
        referenced.push({ '00081150': v('UI', r.sopClassUid), '00081155': v('UI', r.sopInstanceUid), '00081190': v('UR', instanceUrl(req, r.studyUid, r.seriesUid, r.sopInstanceUid)) });
      }
    }
    const one = studyUid ?? (studies.size === 1 ? [...studies][0]! : null);
    const out: Record<string, Attr> = {
      ...(one ? { '00081190': v('UR', studyUrl(req, one)) } : {}),
      ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed } } : {}),
      '00081199': referenced.length ? { vr: 'SQ', Value: referenced } : { vr: 'SQ' },
    };
    warn(reply, reasons);
    // PS3.18 §10.5.3: 200 all stored, 202 some failed, 409 none stored.
    reply.status(failed.length === 0 ? 200 : referenced.length ? 202 : 409);
    return dicomJson(reply, out);
  };
  const stowSchema = (description: string, params?: ReturnType<typeof Type.Object>) => ({
    preHandler: requireSession,
    bodyLimit: 512 * 1024 * 1024,
    schema: { tags: ['dicomweb'], description, querystring: Type.Object({ facilityId: Type.Optional(Type.String({ format: 'uuid' })) }), ...(params ? { params } : {}) },
  });
  app.post('/studies', stowSchema('STOW-RS: multipart/related; type="application/dicom" (or a single application/dicom body). Response: DICOM JSON (Referenced/Failed SOP Sequence, FailureReason); reasons in words as Warning: 299 headers.'),
    async (req, reply) => stow(req, reply, null));
  app.post('/studies/:study', stowSchema('STOW-RS into one study: instances of another study fail with FailureReason 0xA901.', Type.Object({ study: UidParam })),
    async (req, reply) => stow(req, reply, (req.params as { study: string }).study));

  // ------------------------------------------------------------------------------------------
  // QIDO-RS

  const qidoReply = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, level: QidoLevel, candidates: DicomJson[], scope: Record<string, unknown>, flags: { study: boolean; series: boolean }) => {
    let r;
    try {
      r = runQido(candidates, { level, withStudyAttributes: flags.study, withSeriesAttributes: flags.series, params: req.query as Record<string, string | string[]>, maxResults: MAX_RESULTS });
    } catch (e) {
      if (e instanceof QidoError) throw badInput('INVALID_QUERY', e.message, `Tham số truy vấn không hợp lệ: ${e.field}`, e.field);
      throw e;
    }
    await audited(actor, 'search', { qido: level, ...scope, query: req.query, results: r.results.length });
    warn(reply, r.warnings);
    return dicomJson(reply, r.results);
  };

  interface StudyQ { id: string; study_uid: string; modalities: string[]; n_series: number; n_instances: number; sop_classes: string[]; rep_id: string | null; file_path: string; metadata: DicomJson | null }
  const studyCandidates = async (req: FastifyRequest, actor: Actor, uids: string[] | null): Promise<DicomJson[]> => {
    const rows = await app.db.query<StudyQ>(
      `SELECT s.id, s.study_uid, s.modalities,
         (SELECT count(*)::int FROM imaging_series se WHERE se.study_id = s.id) AS n_series,
         (SELECT count(*)::int FROM imaging_instance i WHERE i.study_id = s.id) AS n_instances,
         (SELECT coalesce(array_agg(DISTINCT i.sop_class_uid), '{}') FROM imaging_instance i WHERE i.study_id = s.id) AS sop_classes,
         rep.id AS rep_id, rep.file_path, rep.metadata
       FROM imaging_study s
       LEFT JOIN LATERAL (SELECT i.id, i.file_path, i.metadata FROM imaging_instance i WHERE i.study_id = s.id ORDER BY i.received_at, i.id LIMIT 1) rep ON true
       WHERE s.facility_id = ANY($1::uuid[]) AND ($2::text[] IS NULL OR s.study_uid = ANY($2::text[]))
       ORDER BY s.received_at DESC, s.id`,
      [actor.facilityIds, uids]);
    await withMetadata(rows.filter((r) => r.rep_id).map((r) => Object.assign(r, { id: r.rep_id! })));
    return rows.map((r) => ({
      ...(r.metadata ?? {}),
      '0020000D': v('UI', r.study_uid),
      '00080061': v('CS', r.modalities.length ? r.modalities : null),
      '00080062': v('UI', r.sop_classes.length ? r.sop_classes : null),
      '00201206': v('IS', r.n_series),
      '00201208': v('IS', r.n_instances),
      '00081190': v('UR', studyUrl(req, r.study_uid)),
    }));
  };

  interface SeriesQ { id: string; series_uid: string; study_uid: string; n: number; file_path: string; metadata: DicomJson | null; rep_id: string | null }
  const seriesCandidates = async (req: FastifyRequest, actor: Actor, studyUid: string | null): Promise<DicomJson[]> => {
    const rows = await app.db.query<SeriesQ>(
      `SELECT se.series_uid, s.study_uid, (SELECT count(*)::int FROM imaging_instance i WHERE i.series_id = se.id) AS n,
         rep.id AS rep_id, rep.file_path, rep.metadata
       FROM imaging_series se JOIN imaging_study s ON s.id = se.study_id
       LEFT JOIN LATERAL (SELECT i.id, i.file_path, i.metadata FROM imaging_instance i WHERE i.series_id = se.id ORDER BY i.instance_number NULLS LAST, i.received_at, i.id LIMIT 1) rep ON true
       WHERE s.facility_id = ANY($1::uuid[]) AND ($2::text IS NULL OR s.study_uid = $2)
       ORDER BY s.received_at DESC, s.id, se.series_uid`,
      [actor.facilityIds, studyUid]);
    await withMetadata(rows.filter((r) => r.rep_id).map((r) => Object.assign(r, { id: r.rep_id! })));
    return rows.map((r) => ({
      ...(r.metadata ?? {}),
      '0020000D': v('UI', r.study_uid), '0020000E': v('UI', r.series_uid),
      '00201209': v('IS', r.n),
      '00081190': v('UR', seriesUrl(req, r.study_uid, r.series_uid)),
    }));
  };

  const instanceRows = (actor: Actor, studyUid: string | null, seriesUid: string | null, sopUid: string | null) =>
    app.db.query<InstanceRow>(
      `SELECT i.id, i.file_path, i.study_id, s.facility_id, s.patient_id, i.transfer_syntax_uid, i.sop_instance_uid, i.sop_class_uid, se.series_uid, s.study_uid, i.metadata
       FROM imaging_instance i JOIN imaging_study s ON s.id = i.study_id JOIN imaging_series se ON se.id = i.series_id
       WHERE s.facility_id = ANY($1::uuid[]) AND ($2::text IS NULL OR s.study_uid = $2) AND ($3::text IS NULL OR se.series_uid = $3) AND ($4::text IS NULL OR i.sop_instance_uid = $4)
       ORDER BY s.received_at DESC, s.id, se.series_uid, i.instance_number NULLS LAST, i.sop_instance_uid`,
      [actor.facilityIds, studyUid, seriesUid, sopUid]);
  const instanceCandidates = async (req: FastifyRequest, actor: Actor, studyUid: string | null, seriesUid: string | null): Promise<DicomJson[]> => {
    const rows = await withMetadata(await instanceRows(actor, studyUid, seriesUid, null));
    return rows.map((r) => ({
      ...(r.metadata ?? {}),
      '0020000D': v('UI', r.study_uid), '0020000E': v('UI', r.series_uid), '00080016': v('UI', r.sop_class_uid), '00080018': v('UI', r.sop_instance_uid),
      '00083002': v('UI', r.transfer_syntax_uid),
      '00081190': v('UR', instanceUrl(req, r.study_uid, r.series_uid, r.sop_instance_uid)),
    }));
  };

  const requireStudy = async (actor: Actor, uid: string) => {
    const r = await app.db.query('SELECT 1 FROM imaging_study WHERE facility_id = ANY($1::uuid[]) AND study_uid = $2', [actor.facilityIds, uid]);
    if (!r.length) throw notFound('Study');
  };
  const qido = (description: string, params?: ReturnType<typeof Type.Object>) => ({
    preHandler: requireSession,
    schema: { tags: ['dicomweb'], description: `QIDO-RS: ${description}. Matching (single value, * and ? wildcards, UID lists, date/time ranges), limit/offset, includefield (keyword, tag or all); unsupported parameters are answered with Warning: 299.`, querystring: QidoQuery, ...(params ? { params } : {}) },
  });
  const P = {
    study: Type.Object({ study: UidParam }),
    series: Type.Object({ study: UidParam, series: UidParam }),
    instance: Type.Object({ study: UidParam, series: UidParam, instance: UidParam }),
    frames: Type.Object({ study: UidParam, series: UidParam, instance: UidParam, frames: Type.String({ maxLength: 200, pattern: '^[0-9]+(,[0-9]+)*$' }) }),
    bulk: Type.Object({ study: UidParam, series: UidParam, instance: UidParam, tag: Type.String({ pattern: '^[0-9A-Fa-f]{8}$' }) }),
  };

  app.get('/studies', qido('study search'), async (req, reply) => {
    const actor = readActor(req);
    const q = req.query as Record<string, string | string[] | undefined>;
    const uidKey = q.StudyInstanceUID ?? q['0020000D'];
    const uids = uidKey ? (Array.isArray(uidKey) ? uidKey : [uidKey]).flatMap((s) => s.split(',')).filter((s) => !/[*?]/.test(s)) : null;
    return qidoReply(req, reply, actor, 'study', await studyCandidates(req, actor, uids?.length ? uids : null), {}, { study: false, series: false });
  });
  app.get('/series', qido('series search across studies (study attributes returned too)'), async (req, reply) => {
    const actor = readActor(req);
    return qidoReply(req, reply, actor, 'series', await seriesCandidates(req, actor, null), {}, { study: true, series: false });
  });
  app.get('/instances', qido('instance search across studies (study and series attributes returned too)'), async (req, reply) => {
    const actor = readActor(req);
    return qidoReply(req, reply, actor, 'instance', await instanceCandidates(req, actor, null, null), {}, { study: true, series: true });
  });
  app.get('/studies/:study/series', qido('the series of a study', P.study), async (req, reply) => {
    const actor = readActor(req);
    const { study } = req.params as { study: string };
    await requireStudy(actor, study);
    return qidoReply(req, reply, actor, 'series', await seriesCandidates(req, actor, study), { studyUid: study }, { study: false, series: false });
  });
  app.get('/studies/:study/instances', qido('the instances of a study (series attributes returned too)', P.study), async (req, reply) => {
    const actor = readActor(req);
    const { study } = req.params as { study: string };
    await requireStudy(actor, study);
    return qidoReply(req, reply, actor, 'instance', await instanceCandidates(req, actor, study, null), { studyUid: study }, { study: false, series: true });
  });
  app.get('/studies/:study/series/:series/instances', qido('the instances of a series', P.series), async (req, reply) => {
    const actor = readActor(req);
    const { study, series } = req.params as { study: string; series: string };
    await requireStudy(actor, study);
    return qidoReply(req, reply, actor, 'instance', await instanceCandidates(req, actor, study, series), { studyUid: study, seriesUid: series }, { study: false, series: false });
  });

  // ------------------------------------------------------------------------------------------
  // WADO-RS

  const auditRead = async (actor: Actor, level: string, rows: InstanceRow[], extra: Record<string, unknown> = {}) =>
    app.db.tx(async (q) => {
      const r = rows[0]!;
      if (level === 'instance') {
        await appendAudit(q, { userId: actor.id, facilityId: r.facility_id, action: 'read', resourceType: 'ImagingInstance', resourceId: r.id, patientId: r.patient_id, outcome: 'success', details: { wado: 'instance', ...extra } });
        return;
      }
      await appendAudit(q, {
        userId: actor.id, facilityId: r.facility_id, action: 'read', resourceType: 'ImagingStudy', resourceId: r.study_id, patientId: r.patient_id, outcome: 'success',
        details: { wado: level, studyUid: r.study_uid, ...(level.startsWith('series') ? { seriesUid: r.series_uid } : {}), instances: rows.map((x) => x.id), ...extra },
      });
    });

  const notAcceptable = (what: string, vi: string) => new AppError(406, 'NOT_ACCEPTABLE', what, vi);

  /**
   * WADO-RS instance retrieval (PS3.18 §8.7.3.5): multipart/related; type="application/dicom" with a
   * transfer-syntax parameter: `*` or none → as stored; the stored syntax → as stored; Explicit VR
   * Little Endian → transcoded (decoded); anything else → 406. `application/dicom` alone (one
   * instance) likewise. application/dicom+json is not a representation of these resources
   * (metadata is at …/metadata): 406.
   */
  const retrieve = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, level: 'study' | 'series' | 'instance', rows: InstanceRow[]) => {
    const ranges = parseAccept(req.headers.accept);
    const choice = negotiate(ranges, (r: MediaRange) => {
      const multipart = r.type === 'multipart/related' && (!r.params.type || r.params.type === 'application/dicom');
      const single = level === 'instance' && r.type === 'application/dicom';
      const any = r.type === '*/*' || (r.type === 'multipart/*');
      if (!multipart && !single && !any) return null;
      const ts = r.params['transfer-syntax'];
      if (ts && ts !== '*' && ts !== TS.ExplicitVRLittleEndian && !rows.every((x) => x.transfer_syntax_uid === ts)) return null;
      return { multipart: !single, ts: ts && ts !== '*' && rows.some((x) => x.transfer_syntax_uid !== ts) ? ts : null };
    });
    if (!choice) {
      throw notAcceptable(
        'WADO-RS serves instances as multipart/related; type="application/dicom" (or application/dicom for one instance), in the stored transfer syntax or transcoded to Explicit VR Little Endian (1.2.840.10008.1.2.1); metadata is at …/metadata',
        'WADO-RS trả về multipart/related; type="application/dicom" theo cú pháp truyền đã lưu hoặc chuyển sang Explicit VR Little Endian; siêu dữ liệu ở …/metadata');
    }
    const files = await Promise.all(rows.map(async (r) => {
      const bytes = new Uint8Array(await readFile(join(app.config.filesDir, r.file_path)));
      if (!choice.ts || r.transfer_syntax_uid === choice.ts) return { bytes, ts: r.transfer_syntax_uid };
      try {
        return { bytes: await transcodeToExplicitLE(readDicom(bytes)), ts: TS.ExplicitVRLittleEndian };
      } catch (e) {
        throw notAcceptable(`instance ${r.sop_instance_uid} cannot be transcoded to ${choice.ts}: ${(e as Error).message}`, 'Không chuyển được cú pháp truyền của ảnh này');
      }
    }));
    await auditRead(actor, level, rows, choice.ts ? { transcodedTo: choice.ts } : {});
    if (!choice.multipart) return reply.header('content-type', `application/dicom; transfer-syntax=${files[0]!.ts}`).send(Buffer.from(files[0]!.bytes));
    const m = buildMultipartRelated(rows.map((r, i) => ({
      contentType: `application/dicom; transfer-syntax=${files[i]!.ts}`, body: Buffer.from(files[i]!.bytes),
      headers: { 'Content-Location': instanceUrl(req, r.study_uid, r.series_uid, r.sop_instance_uid) },
    })), 'application/dicom');
    return reply.header('content-type', m.contentType).send(m.body);
  };

  const wado = (description: string, params: ReturnType<typeof Type.Object>) => ({ preHandler: requireSession, schema: { tags: ['dicomweb'], description, params } });
  const rowsFor = async (actor: Actor, p: { study: string; series?: string; instance?: string }, what: string) => {
    const rows = await instanceRows(actor, p.study, p.series ?? null, p.instance ?? null);
    if (rows.length === 0) throw notFound(what);
    return rows;
  };
  const wadoText = (what: string) => `WADO-RS: ${what}, as multipart/related; type="application/dicom" (one part per instance with its transfer-syntax and Content-Location); transfer-syntax=* or the stored one → the stored bytes, 1.2.840.10008.1.2.1 → transcoded; else 406. Facility-scoped (404), audited.`;

  app.get('/studies/:study', wado(wadoText('every instance of the study'), P.study), async (req, reply) => {
    const actor = readActor(req);
    return retrieve(req, reply, actor, 'study', await rowsFor(actor, req.params as { study: string }, 'Study'));
  });
  app.get('/studies/:study/series/:series', wado(wadoText('every instance of the series'), P.series), async (req, reply) => {
    const actor = readActor(req);
    return retrieve(req, reply, actor, 'series', await rowsFor(actor, req.params as { study: string; series: string }, 'Series'));
  });
  app.get('/studies/:study/series/:series/instances/:instance', wado(wadoText('one instance (or application/dicom)'), P.instance), async (req, reply) => {
    const actor = readActor(req);
    return retrieve(req, reply, actor, 'instance', await rowsFor(actor, req.params as { study: string; series: string; instance: string }, 'Instance'));
  });

  /** Metadata (PS3.18 §10.4.1.1.2): an array of instance data sets; bulk data by URI under the instance. */
  const metadata = async (req: FastifyRequest, reply: FastifyReply, level: 'study' | 'series' | 'instance', what: string) => {
    const actor = readActor(req);
    const accept = parseAccept(req.headers.accept);
    const ok = negotiate(accept, (r) => (['application/dicom+json', 'application/json', '*/*', 'application/*'].includes(r.type) ? true : null));
    if (!ok) throw notAcceptable('metadata is served as application/dicom+json (PS3.18 §8.7.3.3.1; XML is not supported)', 'Siêu dữ liệu chỉ có dạng application/dicom+json');
    const rows = await withMetadata(await rowsFor(actor, req.params as { study: string; series?: string; instance?: string }, what));
    await auditRead(actor, `${level}-metadata`, rows);
    return dicomJson(reply, rows.map((r) => {
      const url = instanceUrl(req, r.study_uid, r.series_uid, r.sop_instance_uid);
      const ds: DicomJson = {};
      for (const [tag, a] of Object.entries(r.metadata ?? {})) ds[tag] = a.BulkDataURI && !/^https?:/.test(a.BulkDataURI) ? { vr: a.vr, BulkDataURI: `${url}/bulk/${a.BulkDataURI}` } : a;
      return ds;
    }));
  };
  app.get('/studies/:study/metadata', wado('WADO-RS metadata of every instance of the study (DICOM JSON, bulk data by BulkDataURI).', P.study), (req, reply) => metadata(req, reply, 'study', 'Study'));
  app.get('/studies/:study/series/:series/metadata', wado('WADO-RS metadata of every instance of the series.', P.series), (req, reply) => metadata(req, reply, 'series', 'Series'));
  app.get('/studies/:study/series/:series/instances/:instance/metadata', wado('WADO-RS metadata of one instance.', P.instance), (req, reply) => metadata(req, reply, 'instance', 'Instance'));

  const oneInstance = async (req: FastifyRequest) => {
    const actor = readActor(req);
    const rows = await rowsFor(actor, req.params as { study: string; series: string; instance: string }, 'Instance');
    const bytes = new Uint8Array(await readFile(join(app.config.filesDir, rows[0]!.file_path)));
    return { actor, row: rows[0]!, rows, bytes };
  };

  app.get('/studies/:study/series/:series/instances/:instance/bulk/:tag', wado('WADO-RS bulk data of one top-level attribute (the BulkDataURI of the metadata), multipart/related; type="application/octet-stream".', P.bulk), async (req, reply) => {
    const { actor, rows, bytes } = await oneInstance(req);
    const tag = (req.params as { tag: string }).tag.toUpperCase();
    const msg = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { ignoreErrors: true }) as unknown as { dict: Record<string, { Value?: unknown[] }> };
    const el = msg.dict[tag];
    const parts = (el?.Value ?? []).filter((x): x is ArrayBuffer => x instanceof ArrayBuffer).map((b) => Buffer.from(b));
    if (!el || parts.length === 0) throw notFound('Bulk data');
    await auditRead(actor, 'instance', rows, { bulk: tag });
    const m = buildMultipartRelated([{ contentType: 'application/octet-stream', body: Buffer.concat(parts), headers: {} }], 'application/octet-stream');
    return reply.header('content-type', m.contentType).send(m.body);
  });

  /**
   * Frames (PS3.18 §10.4.1.1.3): multipart/related with one part per frame. type="application/octet-stream"
   * without a transfer-syntax, or with 1.2.840.10008.1.2.1 → native little-endian samples (decoded
   * when stored compressed); transfer-syntax=* → as stored; type=image/jpeg (etc.) → the stored
   * bitstream when stored in that family; else 406.
   */
  app.get('/studies/:study/series/:series/instances/:instance/frames/:frames', wado('WADO-RS frames (1-based list), multipart/related; native (application/octet-stream, Explicit VR Little Endian) or, when asked for, the stored compressed bitstream.', P.frames), async (req, reply) => {
    const { actor, row, rows, bytes } = await oneInstance(req);
    const file = readDicom(bytes);
    if (!file.summary.hasPixelData) throw notFound('Frames');
    const list = (req.params as { frames: string }).frames.split(',').map(Number);
    if (list.some((n) => n < 1 || n > file.summary.numberOfFrames)) throw notFound('Frame');
    const storedType = transferSyntaxInfo(row.transfer_syntax_uid)!;
    const compressedType = storedType.encapsulated ? (await frameData(file, 1, true)).mediaType : null;
    const choice = negotiate(parseAccept(req.headers.accept), (r) => {
      if (r.type === '*/*' || r.type === 'multipart/*') return { asStored: false };
      if (r.type !== 'multipart/related') return null;
      const type = r.params.type ?? 'application/octet-stream';
      const ts = r.params['transfer-syntax'];
      if (type === 'application/octet-stream') {
        if (!ts || ts === TS.ExplicitVRLittleEndian) return { asStored: false };
        if (ts === '*' || ts === row.transfer_syntax_uid) return { asStored: true };
        return null;
      }
      if (compressedType && (type === compressedType || type === 'image/*') && (!ts || ts === '*' || ts === row.transfer_syntax_uid)) return { asStored: true };
      return null;
    });
    if (!choice) throw notAcceptable(`frames are available as application/octet-stream (1.2.840.10008.1.2.1)${compressedType ? ` or ${compressedType} (${row.transfer_syntax_uid})` : ''}`, 'Không có khung ảnh theo kiểu dữ liệu yêu cầu');
    const frames = [];
    for (const n of list) frames.push(await frameData(file, n, choice.asStored));
    await auditRead(actor, 'instance', rows, { frames: list });
    const url = instanceUrl(req, row.study_uid, row.series_uid, row.sop_instance_uid);
    const m = buildMultipartRelated(frames.map((f, i) => ({
      contentType: `${f.mediaType}; transfer-syntax=${f.transferSyntaxUid}`, body: Buffer.from(f.bytes), headers: { 'Content-Location': `${url}/frames/${list[i]}` },
    })), frames[0]!.mediaType);
    return reply.header('content-type', m.contentType).send(m.body);
  });

  /**
   * Rendered (PS3.18 §10.4.1.1.4): the first frame through the VOI of the file (or min–max), as
   * image/jpeg (the default rendered type; an 8-bit greyscale baseline-JPEG instance is served as its
   * own bitstream, anything else is encoded) or image/png. Other types → 406.
   */
  app.get('/studies/:study/series/:series/instances/:instance/rendered', wado('WADO-RS rendered image: image/jpeg (default) or image/png, per Accept.', P.instance), async (req, reply) => {
    const { actor, row, rows, bytes } = await oneInstance(req);
    const file = readDicom(bytes);
    if (!file.summary.hasPixelData) throw notAcceptable('this instance has no pixel data to render', 'Đối tượng này không có dữ liệu ảnh');
    const jpegAsIs = row.transfer_syntax_uid === TS.JPEGBaseline8Bit && file.summary.samplesPerPixel === 1 && file.summary.numberOfFrames === 1 && file.summary.photometricInterpretation === 'MONOCHROME2';
    const choice = negotiate(parseAccept(req.headers.accept), (r) => {
      if (r.type === 'image/png') return 'png' as const;
      if (r.type === 'image/jpeg' || r.type === 'image/*' || r.type === '*/*') return 'jpeg' as const;
      return null;
    });
    if (!choice) throw notAcceptable('rendered images are served as image/jpeg or image/png', 'Ảnh hiển thị có dạng image/jpeg hoặc image/png');
    await auditRead(actor, 'instance', rows, { rendered: choice });
    if (choice === 'jpeg' && jpegAsIs) return reply.header('content-type', 'image/jpeg').send(Buffer.from((await frameData(file, 1, true)).bytes));
    const r = await renderUint8(file);
    if (choice === 'jpeg') return reply.header('content-type', 'image/jpeg').send(Buffer.from(encodeJpegGrey(r.width, r.height, r.pixels)));
    return reply.header('content-type', 'image/png').send(Buffer.from(encodePng(r.width, r.height, r.pixels)));
  });
};
