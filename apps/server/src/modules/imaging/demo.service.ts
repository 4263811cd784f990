/**
 * Demo imaging data, loaded in the background on first start (config.imagingDemo): the 621 NIH
 * ChestX-ray14 sample JPEGs become DICOM studies (the imaging package's JPEG→DICOM writer) for the
 * hospital's demo patients — image k (sorted by name) goes to patient k mod n, patients ordered by
 * CCCD, name, birth date — then the CheXNet-reproduction predictions for those images are imported
 * as vendor suggestions (tool 'vendor-chexnet', piloted at the hospital). Skips quietly when the
 * shared folder or the hospital is missing. Idempotent: images already stored are skipped.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/db.ts';
import { type DemoProgress, yieldToLoop } from '../system/demo-progress.ts';
import { setStage } from '../tools/tools.repo.ts';
import { jpegToDicom, uidFromName } from './imaging-lib.ts';
import { ingestDicom, isRejection } from './ingest.service.ts';
import { ensureVendorTool, imageStem, importVendorRows, parseVendorCsv, VENDOR_TOOL } from './vendor.service.ts';

export interface DemoStatus { state: 'idle' | 'running' | 'done' | 'skipped' | 'failed'; done: number; total: number; error?: string; imported?: number }

export class ImagingDemo {
  status: DemoStatus = { state: 'idle', done: 0, total: 0 };
  private run: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly cfg: { sharedDir: string; filesDir: string; limit?: number },
    private readonly log: (msg: string, err?: unknown) => void = () => undefined,
    /** The server's demo tracker (GET /api/system/status, the UI's banner). */
    private readonly progress?: DemoProgress,
  ) {}

  start(): Promise<void> {
    this.progress?.expect('imaging');
    this.run ??= this.load().then(() => {
      const s = this.status;
      this.progress?.finish('imaging', s.state === 'done' ? 'done' : s.state === 'failed' ? 'failed' : 'skipped', s.error ?? (this.stopped ? 'stopped' : undefined));
    }, (e) => {
      this.status = { ...this.status, state: 'failed', error: (e as Error).message };
      this.progress?.finish('imaging', 'failed', (e as Error).message);
      this.log('imaging demo failed', e);
    });
    return this.run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.run;
  }

  private async load(): Promise<void> {
    const imagesDir = join(this.cfg.sharedDir, 'datasets/nih-chestxray14-sample/images');
    const predictions = join(this.cfg.sharedDir, 'datasets/chexnet-predictions/predictions.csv');
    const hospital = (await this.db.query<{ id: string; name: string }>("SELECT id, name FROM facility WHERE code = 'BVDK-TN'"))[0];
    if (!existsSync(imagesDir) || !hospital) {
      this.status = { state: 'skipped', done: 0, total: 0, error: !hospital ? 'no demo hospital' : 'no datasets/nih-chestxray14-sample/images in the shared folder (../shared)' };
      return;
    }
    const names = (await readdir(imagesDir)).filter((n) => /\.jpe?g$/i.test(n)).sort().slice(0, this.cfg.limit ?? Infinity);
    const patients = await this.db.query<{ id: string; full_name: string; sex: string; birth_date: string; cccd: string | null }>(
      'SELECT id, full_name, sex, birth_date, cccd FROM patient WHERE facility_id = $1 ORDER BY cccd NULLS LAST, full_name, birth_date, id', [hospital.id]);
    if (patients.length === 0) {
      this.status = { state: 'skipped', done: 0, total: 0, error: 'no demo patients' };
      return;
    }
    this.status = { state: 'running', done: 0, total: names.length };
    this.progress?.start('imaging', names.length);
    const have = new Set((await this.db.query<{ source_name: string }>("SELECT source_name FROM imaging_instance WHERE source_name IS NOT NULL")).map((r) => r.source_name));
    if (names.every((n) => have.has(imageStem(n)))) {
      const vendor = await this.db.query("SELECT 1 FROM suggestion WHERE tool_id = $1 LIMIT 1", [VENDOR_TOOL.id]);
      if (vendor.length > 0) {
        this.status = { state: 'done', done: names.length, total: names.length };
        return;
      }
    }
    const base = new Date('2026-10-01T01:00:00Z').getTime();
    for (let k = 0; k < names.length; k++) {
      if (this.stopped) return;
      const name = names[k]!;
      const stem = imageStem(name);
      if (!have.has(stem)) {
        const p = patients[k % patients.length]!;
        const when = new Date(base + k * 47 * 60_000);
        const jpeg = new Uint8Array(await readFile(join(imagesDir, name)));
        const parts = p.full_name.split(' ');
        const bytes = await jpegToDicom(jpeg, {
          patientId: p.cccd ?? p.id,
          patientName: `${parts[0]}^${parts.slice(1).join(' ')}`,
          patientSex: p.sex === 'male' ? 'M' : p.sex === 'female' ? 'F' : 'O',
          patientBirthDate: p.birth_date.replace(/-/g, ''),
          studyInstanceUid: uidFromName(`nih-demo:study:${stem}`),
          seriesInstanceUid: uidFromName(`nih-demo:series:${stem}`),
          sopInstanceUid: uidFromName(`nih-demo:sop:${stem}`),
          studyDate: when.toISOString().slice(0, 10).replace(/-/g, ''),
          studyTime: when.toISOString().slice(11, 19).replace(/:/g, ''),
          accessionNumber: `XQ${String(k + 1).padStart(6, '0')}`,
          studyDescription: 'XQ ngực thẳng (ảnh mẫu NIH ChestX-ray14)',
          seriesDescription: 'PA',
          institutionName: hospital.name,
          modality: 'CR', bodyPartExamined: 'CHEST', viewPosition: 'PA',
          imageComments: `NIH ChestX-ray14 ${stem}.png (NIH Clinical Center; Wang et al., CVPR 2017)`,
        }, { now: when });
        const r = await ingestDicom(this.db, { filesDir: this.cfg.filesDir, facilityId: hospital.id, userId: null, source: 'demo', sourceName: stem, now: when }, bytes, name);
        if (isRejection(r)) this.log(`demo image ${name} rejected: ${r.message}`);
      }
      this.status = { ...this.status, done: k + 1 };
      this.progress?.progress('imaging', k + 1);
      await yieldToLoop(); // one image at a time: requests are answered between them
    }
    // Vendor results for the stored images.
    if (existsSync(predictions)) {
      await ensureVendorTool(this.db);
      const staged = await this.db.query('SELECT 1 FROM ai_tool_stage WHERE tool_id = $1 LIMIT 1', [VENDOR_TOOL.id]);
      if (staged.length === 0) await setStage(this.db, { toolId: VENDOR_TOOL.id, facilityId: hospital.id, stage: 'pilot', reason: 'demo: vendor results piloted at the hospital', changedBy: null, at: new Date() });
      const wanted = new Set(names.map(imageStem));
      const lines = (await readFile(predictions, 'utf8')).split(/\r?\n/);
      const keep = [lines[0]!, ...lines.slice(1).filter((l) => wanted.has(imageStem(l.slice(0, l.indexOf(',')))))].join('\n');
      const rows = parseVendorCsv(keep);
      const res = await importVendorRows(this.db, [hospital.id], rows);
      this.status = { ...this.status, imported: res.recorded + res.shadow };
    }
    this.status = { ...this.status, state: 'done' };
  }
}
