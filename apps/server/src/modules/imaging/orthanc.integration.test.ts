/**
 * A real Orthanc (Debian package) on free ports: a file stored in Orthanc arrives in yte through the
 * /changes sync, byte for byte; a result written back (the findings SR) is stored in Orthanc.
 * Skipped where Orthanc is not installed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, openTestDb, SHARED_DIR, type TestDb } from '../../testing/harness.ts';
import { seedDemo } from '../../db/seed/demo.ts';
import { readDicom, writeFindingsSr } from './imaging-lib.ts';
import { dicomWebPlugin, orthancBinary, type OrthancHandle, pushToOrthanc, startOrthanc, syncOnce } from './orthanc.ts';

const SHARED = SHARED_DIR;

describe.skipIf(!orthancBinary() || !hasShared('datasets/dicom'))(`Orthanc PACS sync (pglite)${!orthancBinary() ? ' (needs the Orthanc binary)' : !hasShared('datasets/dicom') ? ' (needs ../shared/datasets/dicom; see README "../shared")' : ''}`, () => {
  let t: TestDb;
  let orthanc: OrthancHandle;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yte-orthanc-'));
    [t, orthanc] = await Promise.all([openTestDb('pglite'), startOrthanc(join(dir, 'orthanc'))]);
    await seedDemo(t.db, new Date('2026-11-01T00:00:00Z'));
  });
  afterAll(async () => {
    await orthanc?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs on its own ports with the DICOMweb plugin', async () => {
    expect(orthanc.httpPort).not.toBe(8042);
    expect(orthanc.dicomPort).not.toBe(4242);
    const sys = await (await fetch(`${orthanc.url}/system`)).json() as { DicomPort: number; HttpPort: number };
    expect(sys.HttpPort).toBe(orthanc.httpPort);
    if (dicomWebPlugin()) expect((await fetch(`${orthanc.url}/dicom-web/studies`)).status).toBe(200);
  });

  it('a study uploaded to Orthanc arrives in yte once it is stable, unchanged; the SR goes back', async () => {
    const bytes = readFileSync(join(SHARED, 'datasets/dicom/cxr-pa-jpeg-baseline.dcm'));
    const s = readDicom(new Uint8Array(bytes)).summary;
    await pushToOrthanc(orthanc.url, bytes);
    const filesDir = join(dir, 'files');
    let got = { studies: 0, stored: 0, duplicates: 0, rejected: 0, last: 0 };
    for (let i = 0; i < 60 && got.stored === 0; i++) {
      await new Promise((r) => setTimeout(r, 500)); // StableAge is 1 s
      got = await syncOnce(t.db, { orthancUrl: orthanc.url, filesDir });
    }
    expect(got).toMatchObject({ studies: 1, stored: 1, rejected: 0 });
    const [row] = await t.db.query<{ file_path: string; source: string; study_uid: string }>('SELECT i.file_path, s.source, s.study_uid FROM imaging_instance i JOIN imaging_study s ON s.id = i.study_id');
    expect(row).toMatchObject({ source: 'orthanc', study_uid: s.studyInstanceUid });
    expect(readFileSync(join(filesDir, row!.file_path)).equals(bytes)).toBe(true);
    // the cursor is kept: a second pass fetches nothing again
    expect(await syncOnce(t.db, { orthancUrl: orthanc.url, filesDir })).toMatchObject({ studies: 0, stored: 0 });
    // write back: the findings SR is stored in Orthanc in the same study
    const sr = writeFindingsSr({ source: s, model: { id: 'vendor-chexnet', version: '2018.1' }, findings: [{ code: { value: '233604007', scheme: 'SCT', meaning: 'Pneumonia' }, probability: 0.8, threshold: 0.5 }] });
    await pushToOrthanc(orthanc.url, sr);
    const found = await (await fetch(`${orthanc.url}/tools/find`, { method: 'POST', body: JSON.stringify({ Level: 'Instance', Query: { StudyInstanceUID: s.studyInstanceUid, Modality: 'SR' } }) })).json() as string[];
    expect(found).toHaveLength(1);
  });
});
