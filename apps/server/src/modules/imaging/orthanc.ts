/**
 * Orthanc as the PACS.
 *
 * startOrthanc(): launches the Debian `Orthanc` binary with its own generated configuration — HTTP on
 * a free port (never the system's 8042), DICOM on another free port (never 4242), remote access
 * refused, storage in the given directory, the DICOMweb plugin when installed — and waits until its
 * REST API answers.
 *
 * startOrthancSync(): polls Orthanc's /changes for StableStudy, pulls each new study's instances
 * (the stored bytes, unchanged) into yte through the same validation as uploads, and remembers the
 * last change seen in imaging_sync_state. pushToOrthanc() writes a result (e.g. the findings SR)
 * back into Orthanc.
 *
 * Protected Orthanc: credentials go in the URL (YTE_ORTHANC_URL=http://user:password@host:8042);
 * they are sent as HTTP Basic authentication and never stored (the sync cursor and a study's
 * source are keyed by the URL without them).
 * Write-back (writeBackToOrthanc) goes only to the PACS a study came from, and every object yte
 * writes there is recorded (imaging_written) so that the sync never pulls yte's own SR/PR back in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Db } from '../../db/db.ts';
import { ingestDicom, isRejection } from './ingest.service.ts';

const PLUGIN_DIRS = ['/usr/share/orthanc/plugins', '/usr/lib/orthanc', '/usr/lib/x86_64-linux-gnu/orthanc'];
const ORTHANC_BIN = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc'];

export function orthancBinary(): string | undefined {
  return ORTHANC_BIN.find((p) => existsSync(p));
}

export function dicomWebPlugin(): string | undefined {
  for (const d of PLUGIN_DIRS) {
    const p = join(d, 'libOrthancDicomWeb.so');
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The PACS URL without credentials: how yte names it in its tables. */
export function pacsKey(orthancUrl: string): string {
  const u = new URL(orthancUrl);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}

/** fetch against Orthanc: credentials in the URL become an Authorization: Basic header (RFC 7617). */
export function orthancFetch(orthancUrl: string, path: string, init: RequestInit = {}): Promise<Response> {
  const u = new URL(orthancUrl);
  const headers = new Headers(init.headers);
  if (u.username || u.password) headers.set('authorization', `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`);
  return fetch(`${pacsKey(orthancUrl)}${path}`, { ...init, headers });
}

export interface OrthancHandle {
  url: string;
  httpPort: number;
  dicomPort: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startOrthanc(dataDir: string, o: { timeoutMs?: number; name?: string; credentials?: { username: string; password: string } } = {}): Promise<OrthancHandle> {
  const bin = orthancBinary();
  if (!bin) throw new Error('Orthanc is not installed (apt-get install orthanc orthanc-dicomweb)');
  const httpPort = await freePort();
  let dicomPort = await freePort();
  while (dicomPort === httpPort) dicomPort = await freePort();
  if (httpPort === 8042 || dicomPort === 4242) throw new Error('refusing the system Orthanc ports');
  await mkdir(join(dataDir, 'storage'), { recursive: true });
  const plugin = dicomWebPlugin();
  const config = {
    Name: o.name ?? 'YTE-PACS',
    StorageDirectory: join(dataDir, 'storage'),
    IndexDirectory: join(dataDir, 'storage'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    DicomAet: 'YTEPACS',
    RemoteAccessAllowed: false,
    AuthenticationEnabled: !!o.credentials,
    ...(o.credentials ? { RegisteredUsers: { [o.credentials.username]: o.credentials.password } } : {}),
    HttpServerEnabled: true,
    DicomServerEnabled: true,
    StableAge: 1,
    Plugins: plugin ? [plugin] : [],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
  };
  const cfgPath = join(dataDir, 'orthanc.json');
  await writeFile(cfgPath, JSON.stringify(config, null, 2));
  const proc = spawn(bin, [cfgPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout?.on('data', (d: Buffer) => { log = (log + d.toString()).slice(-4000); });
  proc.stderr?.on('data', (d: Buffer) => { log = (log + d.toString()).slice(-4000); });
  const url = o.credentials
    ? `http://${encodeURIComponent(o.credentials.username)}:${encodeURIComponent(o.credentials.password)}@127.0.0.1:${httpPort}`
    : `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`Orthanc exited with ${proc.exitCode}: ${log}`);
    try {
      const r = await orthancFetch(url, '/system');
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`Orthanc did not answer on ${url} within ${o.timeoutMs ?? 30_000} ms: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, httpPort, dicomPort, process: proc,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      proc.once('exit', () => { clearTimeout(t); resolve(); });
      proc.kill('SIGTERM');
    }),
  };
}

async function json<T>(orthancUrl: string, path: string): Promise<T> {
  const r = await orthancFetch(orthancUrl, path);
  if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
  return (await r.json()) as T;
}

/** Stores a DICOM object in Orthanc; returns Orthanc's instance id. */
export async function pushToOrthanc(orthancUrl: string, bytes: Uint8Array): Promise<string> {
  const r = await orthancFetch(orthancUrl, '/instances', { method: 'POST', body: Buffer.from(bytes), headers: { 'content-type': 'application/dicom' } });
  if (!r.ok) throw new Error(`Orthanc refused the object: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { ID: string }).ID;
}

/**
 * Writes an object yte made (SR, GSPS) back to the PACS the study came from, and records it so the
 * sync skips it. A study that did not come from this PACS is left alone ('not-from-this-pacs').
 */
export async function writeBackToOrthanc(db: Db, orthancUrl: string, studyId: string, obj: { bytes: Uint8Array; sopInstanceUid: string; kind: string }, now = new Date()): Promise<'stored' | 'not-from-this-pacs'> {
  const [study] = await db.query<{ source: string; source_url: string | null; study_uid: string }>('SELECT source, source_url, study_uid FROM imaging_study WHERE id = $1', [studyId]);
  if (!study || study.source !== 'orthanc' || study.source_url !== pacsKey(orthancUrl)) return 'not-from-this-pacs';
  // Recorded first: a sync running meanwhile must already know the object is ours.
  await db.query('INSERT INTO imaging_written (sop_instance_uid, study_uid, kind, created_at) VALUES ($1,$2,$3,$4) ON CONFLICT (sop_instance_uid) DO NOTHING',
    [obj.sopInstanceUid, study.study_uid, obj.kind, now.toISOString()]);
  await pushToOrthanc(orthancUrl, obj.bytes);
  return 'stored';
}

async function cursor(db: Db, source: string): Promise<number> {
  const r = await db.query<{ last_change: number }>('SELECT last_change FROM imaging_sync_state WHERE source = $1', [source]);
  return r[0]?.last_change ?? 0;
}

/**
 * One sync pass: reads Orthanc changes after the stored cursor; each StableStudy's instances are
 * ingested into `facilityId` (default: the first hospital). Returns what happened.
 */
export async function syncOnce(db: Db, cfg: { orthancUrl: string; filesDir: string; facilityId?: string }): Promise<{ studies: number; stored: number; duplicates: number; rejected: number; own: number; last: number }> {
  const source = `orthanc:${pacsKey(cfg.orthancUrl)}`;
  const facilityId = cfg.facilityId ?? (await db.query<{ id: string }>("SELECT id FROM facility WHERE kind = 'hospital' ORDER BY code LIMIT 1"))[0]?.id;
  const out = { studies: 0, stored: 0, duplicates: 0, rejected: 0, own: 0, last: await cursor(db, source) };
  if (!facilityId) return out;
  for (;;) {
    const ch = await json<{ Changes: Array<{ ChangeType: string; ID: string; Seq: number }>; Done: boolean; Last: number }>(cfg.orthancUrl, `/changes?since=${out.last}&limit=100`);
    for (const c of ch.Changes) {
      if (c.ChangeType !== 'StableStudy') continue;
      out.studies++;
      const instances = await json<Array<{ ID: string; MainDicomTags?: { SOPInstanceUID?: string } }>>(cfg.orthancUrl, `/studies/${c.ID}/instances`);
      const uids = instances.map((i) => i.MainDicomTags?.SOPInstanceUID ?? '');
      const ours = new Set((await db.query<{ sop_instance_uid: string }>('SELECT sop_instance_uid FROM imaging_written WHERE sop_instance_uid = ANY($1::text[])', [uids])).map((r) => r.sop_instance_uid));
      for (const i of instances) {
        if (ours.has(i.MainDicomTags?.SOPInstanceUID ?? '')) {
          out.own++; // yte's own SR/PR written back: never re-ingested
          continue;
        }
        const r = await orthancFetch(cfg.orthancUrl, `/instances/${i.ID}/file`);
        if (!r.ok) throw new Error(`GET instance ${i.ID}: ${r.status}`);
        const res = await ingestDicom(db, { filesDir: cfg.filesDir, facilityId, userId: null, source: 'orthanc', sourceUrl: pacsKey(cfg.orthancUrl) }, new Uint8Array(await r.arrayBuffer()), `orthanc:${i.ID}`);
        if (isRejection(res)) out.rejected++;
        else if (res.duplicate) out.duplicates++;
        else out.stored++;
      }
    }
    out.last = ch.Last;
    await db.query(`INSERT INTO imaging_sync_state (source, last_change, updated_at) VALUES ($1,$2,now())
      ON CONFLICT (source) DO UPDATE SET last_change = EXCLUDED.last_change, updated_at = EXCLUDED.updated_at`, [source, out.last]);
    if (ch.Done || ch.Changes.length === 0) return out;
  }
}

/** Polls Orthanc every `intervalMs`; returns a stop function. */
export function startOrthancSync(db: Db, cfg: { orthancUrl: string; filesDir: string; intervalMs?: number }, log: (msg: string, err?: unknown) => void): () => Promise<void> {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    current = syncOnce(db, cfg).catch((e) => log('Orthanc sync failed', e)).finally(() => {
      if (!stopped) timer = setTimeout(tick, cfg.intervalMs ?? 5000);
    });
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}
