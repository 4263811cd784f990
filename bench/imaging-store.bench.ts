/**
 * Imaging storage on embedded PGlite through the HTTP API (app.inject): DICOM upload (validate +
 * store + rows + audit) per second, PNG render latency (decode → window → resize → PNG), QIDO study
 * search latency, and job-queue claim+complete throughput.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { enqueue, JobWorker } from '../apps/server/src/modules/imaging/jobs.ts';
import { jpegToDicom } from '../apps/server/src/modules/imaging/imaging-lib.ts';
import { openTestApp } from '../apps/server/src/testing/harness.ts';
import { type Bench, percentile } from './lib.ts';

const shared = resolve(import.meta.dirname, '../../shared');

const bench: Bench = async (ctx) => {
  const n = ctx.quick ? 10 : 60;
  const filesDir = mkdtempSync(join(tmpdir(), 'yte-bench-imaging-'));
  const t = await openTestApp('pglite', { config: { filesDir } });
  try {
    const cookie = await t.login('bs.minh');
    const [p] = await t.db.query<{ cccd: string }>("SELECT cccd FROM patient p JOIN facility f ON f.id = p.facility_id WHERE f.code = 'BVDK-TN' AND cccd IS NOT NULL LIMIT 1");
    const imagesDir = join(shared, 'datasets/nih-chestxray14-sample/images');
    const names = readdirSync(imagesDir).sort().slice(0, n);
    ctx.log(`converting ${n} NIH images to DICOM`);
    const files: Uint8Array[] = [];
    for (const name of names) files.push(await jpegToDicom(new Uint8Array(readFileSync(join(imagesDir, name))), { patientId: p!.cccd }, { now: new Date('2026-11-01T00:00:00Z') }));
    const up = (b: Uint8Array, i: number) => t.app.inject({ method: 'POST', url: `/api/imaging/upload?filename=b${i}.dcm`, payload: Buffer.from(b), headers: { cookie, 'content-type': 'application/dicom' } });
    await up(files[0]!, 0);
    const t0 = performance.now();
    for (let i = 1; i < files.length; i++) await up(files[i]!, i);
    const uploadsPerS = ((files.length - 1) / (performance.now() - t0)) * 1000;

    const inst = await t.db.query<{ id: string }>('SELECT id FROM imaging_instance ORDER BY id');
    const render: number[] = [];
    for (let i = 0; i < (ctx.quick ? 10 : 40); i++) {
      const id = inst[i % inst.length]!.id;
      const s = performance.now();
      const r = await t.app.inject({ method: 'GET', url: `/api/imaging/instances/${id}/render?size=512&wc=${120 + (i % 7)}&ww=240`, headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(`render ${r.statusCode}`);
      render.push(performance.now() - s);
    }
    const qido: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = performance.now();
      await t.app.inject({ method: 'GET', url: '/dicomweb/studies', headers: { cookie } });
      qido.push(performance.now() - s);
    }
    const jobs = ctx.quick ? 50 : 300;
    for (let i = 0; i < jobs; i++) await enqueue(t.db, 'bench.noop', {}, new Date());
    const w = new JobWorker(t.db, { 'bench.noop': async () => null });
    const j0 = performance.now();
    while (await w.runOnce());
    const jobsPerS = (jobs / (performance.now() - j0)) * 1000;
    return [
      { name: 'dicom uploads/s (validate+store+audit, 512² CR, pglite)', value: Math.round(uploadsPerS * 10) / 10, unit: 'files/s', goal: '>= 10' },
      { name: 'render p50 (512 px PNG, window/level, warm)', value: Math.round(percentile(render, 50)), unit: 'ms', goal: '<= 150' },
      { name: 'render p95 (512 px PNG, window/level)', value: Math.round(percentile(render, 95)), unit: 'ms', goal: '<= 300' },
      { name: `qido studies p50 (${inst.length} studies)`, value: Math.round(percentile(qido, 50) * 10) / 10, unit: 'ms', goal: '<= 50' },
      { name: 'job claim+complete/s (pglite, one worker)', value: Math.round(jobsPerS), unit: 'jobs/s', goal: '>= 100' },
    ];
  } finally {
    await t.close();
    rmSync(filesDir, { recursive: true, force: true });
  }
};
export default bench;
