import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, needs, openTestApp, type TestApp } from '../../testing/harness.ts';

const NIH = 'datasets/nih-chestxray14-sample/images';
import { ImagingDemo } from './demo.service.ts';

describe('imaging demo loader (pglite)', () => {
  let t: TestApp;
  let filesDir: string;
  beforeAll(async () => {
    filesDir = mkdtempSync(join(tmpdir(), 'yte-demo-'));
    t = await openTestApp('pglite', { config: { filesDir } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it.skipIf(!hasShared(NIH))(`turns NIH images into matched DICOM studies with the vendor results, deterministically and idempotently${hasShared(NIH) ? '' : ` ${needs(NIH)}`}`, async () => {
    const sharedDir = (await import('../../testing/harness.ts')).testConfig().sharedDir;
    const demo = new ImagingDemo(t.db, { sharedDir, filesDir, limit: 3 });
    await demo.start();
    expect(demo.status).toMatchObject({ state: 'done', done: 3, total: 3, imported: 42 });
    const rows = await t.db.query<{ source_name: string; match_state: string; study_uid: string; n: number }>(
      `SELECT i.source_name, s.match_state, s.study_uid, (SELECT count(*)::int FROM suggestion g WHERE g.subject_ref = 'ImagingStudy/' || s.id) AS n
       FROM imaging_instance i JOIN imaging_study s ON s.id = i.study_id ORDER BY i.source_name`);
    expect(rows.map((r) => [r.source_name, r.match_state, r.n])).toEqual([['00000075_000', 'matched', 14], ['00000100_000', 'matched', 14], ['00000129_000', 'matched', 14]]);
    // the same UIDs on every run (derived from the image name)
    const again = new ImagingDemo(t.db, { sharedDir, filesDir, limit: 3 });
    await again.start();
    expect(again.status).toMatchObject({ state: 'done', done: 3, total: 3 });
    expect((await t.db.query('SELECT 1 FROM imaging_instance')).length).toBe(3);
    const cookie = await t.login('bs.minh');
    expect((await t.app.inject({ method: 'GET', url: '/api/imaging/demo-status', headers: { cookie } })).json()).toMatchObject({ state: 'idle' });
  });

  it('skips quietly when the shared folder is missing', async () => {
    const demo = new ImagingDemo(t.db, { sharedDir: '/nonexistent', filesDir });
    await demo.start();
    expect(demo.status.state).toBe('skipped');
  });
});
