/**
 * Models registered by manifest (a site drops manifest.json + the ONNX file into
 * <filesDir>/models/<id>/, or posts the manifest). Loading checks the file's SHA-256 against the
 * manifest (the imaging package's runner); a mismatch is recorded as 'refused' with the reason and
 * the model never runs. A registered model becomes an ai_tool (kind 'model'); a new tool starts in
 * 'shadow' (stored for governance, never shown) until governance promotes it.
 *
 * The inference job ('imaging.infer', payload {studyId, modelId}): each image of the study is read,
 * decoded, windowed, preprocessed per the manifest and run; findings become suggestions.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError } from '../../lib/errors.ts';
import { REPO_ROOT } from '../../paths.ts';
import { setStage, upsertTool } from '../tools/tools.repo.ts';
import { decodeImageAsync, applyVoi, loadModel, ModelError, type ModelManifest, preprocess, readDicom, readManifest, runModel, validateManifest } from './imaging-lib.ts';
import { instancesOfStudy, setStudyStatus, type StudyRow } from './imaging.repo.ts';
import { alreadyRecorded, recordFinding } from './findings.ts';
import { enqueue, type JobContext, PermanentJobError } from './jobs.ts';

/** The models the project ships (packages/imaging/models/<id>/), registered at start-up like a site's. */
export const BUNDLED_MODELS_DIR = join(REPO_ROOT, 'packages/imaging/models') + '/';

/** Queues inference of a newly received, patient-matched study by every ready model for its modality. */
export async function enqueueAutoAnalysis(q: Queryable, studyId: string, modality: string | undefined, now = new Date()): Promise<string[]> {
  if (!modality) return [];
  const models = await q.query<{ id: string }>("SELECT id FROM imaging_model WHERE status = 'ready' AND manifest->'modality' ? $1 ORDER BY id", [modality]);
  const ids: string[] = [];
  for (const m of models) ids.push(await enqueue(q, 'imaging.infer', { studyId, modelId: m.id }, now, { timeoutMs: 120_000, maxAttempts: 3 }));
  return ids;
}

export interface ModelRow {
  id: string;
  version: string;
  manifest: ModelManifest;
  dir: string;
  status: 'ready' | 'refused';
  error_code: string | null;
  error: string | null;
  registered_at: Date;
}

export const modelsDir = (filesDir: string) => join(filesDir, 'models');

async function saveModelRow(q: Queryable, r: Omit<ModelRow, 'registered_at'>, now: Date) {
  await q.query(
    `INSERT INTO imaging_model (id, version, manifest, dir, status, error_code, error, registered_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
     ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, manifest = EXCLUDED.manifest, dir = EXCLUDED.dir, status = EXCLUDED.status,
       error_code = EXCLUDED.error_code, error = EXCLUDED.error, registered_at = EXCLUDED.registered_at`,
    [r.id, r.version, JSON.stringify(r.manifest), r.dir, r.status, r.error_code, r.error, now.toISOString()],
  );
}

/** Registers the model in `dir` (manifest.json + ONNX). Returns the row, 'refused' with the reason on a bad file. */
export async function registerModelDir(db: Db, dir: string, now = new Date()): Promise<ModelRow> {
  const { manifest } = await readManifest(dir); // throws ModelError MANIFEST_* (nothing to record without an id)
  let status: ModelRow['status'] = 'ready';
  let errorCode: string | null = null;
  let error: string | null = null;
  try {
    await loadModel({ manifest, dir }, { noCache: true });
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    status = 'refused';
    errorCode = e.code;
    error = e.message;
  }
  const row = { id: manifest.id, version: manifest.version, manifest, dir, status, error_code: errorCode, error };
  await db.tx(async (q) => {
    await saveModelRow(q, row, now);
    await upsertTool(q, {
      id: manifest.id, name: manifest.name, kind: 'model', current_version: manifest.version, risk_tier: manifest.riskTier,
      risk_rationale: manifest.intendedUse, model_card: { manifest },
    });
    const staged = await q.query('SELECT 1 FROM ai_tool_stage WHERE tool_id = $1 LIMIT 1', [manifest.id]);
    if (staged.length === 0) await setStage(q, { toolId: manifest.id, facilityId: null, stage: 'shadow', reason: 'registered by manifest; shadow until reviewed', changedBy: null, at: now });
  });
  return { ...row, registered_at: now };
}

/** Registers a posted manifest (and optionally the ONNX bytes) into <filesDir>/models/<id>/. */
export async function registerPostedModel(db: Db, filesDir: string, manifestJson: unknown, onnx: Uint8Array | null, now = new Date()): Promise<ModelRow> {
  let manifest: ModelManifest;
  try {
    manifest = validateManifest(manifestJson);
  } catch (e) {
    const err = e as { message: string; field?: string };
    throw new AppError(400, 'MANIFEST_INVALID', err.message, `Manifest của mô hình không hợp lệ: ${err.field ?? ''}`, err.field);
  }
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/i.test(manifest.id)) throw new AppError(400, 'MANIFEST_INVALID', 'manifest id must be letters, digits, . _ -', 'Mã mô hình không hợp lệ', 'id');
  if (manifest.file.includes('/') || manifest.file.includes('..')) throw new AppError(400, 'MANIFEST_INVALID', 'manifest file must be a plain file name', 'Tên tệp mô hình không hợp lệ', 'file');
  const dir = join(modelsDir(filesDir), manifest.id);
  await mkdir(dir, { recursive: true });
  if (onnx) await writeFile(join(dir, manifest.file), onnx);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifestJson, null, 2));
  return registerModelDir(db, dir, now);
}

/** Registers every <filesDir>/models/<id>/manifest.json; returns what happened to each. */
export async function scanModels(db: Db, filesDir: string, root = modelsDir(filesDir)): Promise<Array<{ dir: string; status: string; error?: string }>> {
  const names = await readdir(root).catch(() => [] as string[]);
  const out: Array<{ dir: string; status: string; error?: string }> = [];
  for (const n of names.sort()) {
    const dir = join(root, n);
    try {
      const r = await registerModelDir(db, dir);
      out.push({ dir, status: r.status, ...(r.error ? { error: r.error } : {}) });
    } catch (e) {
      out.push({ dir, status: 'invalid', error: (e as Error).message });
    }
  }
  return out;
}

export async function listModels(q: Queryable) {
  return q.query<ModelRow>('SELECT * FROM imaging_model ORDER BY id');
}

export const toModel = (r: ModelRow) => ({
  id: r.id, version: r.version, name: r.manifest.name, status: r.status, errorCode: r.error_code, error: r.error,
  riskTier: r.manifest.riskTier, intendedUse: r.manifest.intendedUse, labels: r.manifest.labels.map((l) => ({ display: l.display, threshold: l.threshold })),
  registeredAt: new Date(r.registered_at).toISOString(),
});

/** The 'imaging.infer' job handler. */
export function inferenceHandler(db: Db, filesDir: string) {
  return async (ctx: JobContext) => {
    const { studyId, modelId } = ctx.job.payload as { studyId: string; modelId: string };
    const m = (await db.query<ModelRow>('SELECT * FROM imaging_model WHERE id = $1', [modelId]))[0];
    if (!m) throw new PermanentJobError(`model ${modelId} is not registered`);
    if (m.status !== 'ready') throw new PermanentJobError(`model ${modelId} was refused: ${m.error}`);
    const study = (await db.query<StudyRow>('SELECT * FROM imaging_study WHERE id = $1', [studyId]))[0];
    if (!study) throw new PermanentJobError(`study ${studyId} not found`);
    if (!study.patient_id) throw new PermanentJobError(`study ${study.study_uid} is not matched to a patient; match it before analysis`);
    let model;
    try {
      model = await loadModel({ manifest: m.manifest, dir: m.dir });
    } catch (e) {
      throw new PermanentJobError((e as Error).message);
    }
    const instances = await instancesOfStudy(db, studyId);
    const results: Array<{ sopInstanceUid: string; findings: Array<{ label: string; probability: number; positive: boolean }> }> = [];
    let i = 0;
    for (const inst of instances) {
      if (ctx.signal.aborted) throw new Error('aborted');
      const file = readDicom(new Uint8Array(await readFile(join(filesDir, inst.file_path))));
      if (!file.summary.hasPixelData || !m.manifest.modality.some((x) => x === file.summary.modality || x === '*')) continue;
      const display = applyVoi(await decodeImageAsync(file), file);
      const findings = await runModel(model, preprocess(display, m.manifest.input));
      const target = { studyId, instanceId: inst.id, sopInstanceUid: inst.sop_instance_uid, sourceName: inst.source_name, patientId: study.patient_id, facilityId: study.facility_id };
      const now = new Date();
      await db.tx(async (q) => {
        for (const f of findings) {
          if (await alreadyRecorded(q, m.id, target, f.display)) continue;
          await recordFinding(q, { id: m.id, version: m.version, kind: 'model' }, target, { label: f.display, code: { value: f.code, scheme: f.scheme }, probability: f.probability, threshold: f.threshold },
            { model: m.id, version: m.version, sha256: m.manifest.sha256, executionProvider: model.executionProvider, input: m.manifest.input }, now);
        }
      });
      results.push({ sopInstanceUid: inst.sop_instance_uid, findings: findings.map((f) => ({ label: f.display, probability: f.probability, positive: f.positive })) });
      await ctx.progress((++i / instances.length) * 100);
    }
    await setStudyStatus(db, studyId, study.status === 'reported' ? 'reported' : 'analysed');
    return { model: m.id, version: m.version, images: results.length, results };
  };
}
