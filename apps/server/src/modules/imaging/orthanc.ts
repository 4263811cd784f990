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

export interface OrthancHandle {
  url: string;
  httpPort: number;
  dicomPort: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startOrthanc(dataDir: string, o: { timeoutMs?: number; name?: string } = {}): Promise<OrthancHandle> {
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
    AuthenticationEnabled: false,
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
  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`Orthanc exited with ${proc.exitCode}: ${log}`);
    try {
      const r = await fetch(`${url}/system`);
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

async function json<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`GET ${url}: ${r.status}`);
  return (await r.json()) as T;
}

/** Stores a DICOM object in Orthanc; returns Orthanc's instance id. */
export async function pushToOrthanc(orthancUrl: string, bytes: Uint8Array): Promise<string> {
  const r = await fetch(`${orthancUrl}/instances`, { method: 'POST', body: Buffer.from(bytes), headers: { 'content-type': 'application/dicom' } });
  if (!r.ok) throw new Error(`Orthanc refused the object: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { ID: string }).ID;
}

async function cursor(db: Db, source: string): Promise<number> {
  const r = await db.query<{ last_change: number }>('SELECT last_change FROM imaging_sync_state WHERE source = $1', [source]);
  return r[0]?.last_change ?? 0;
}

/**
 * One sync pass: reads Orthanc changes after the stored cursor; each StableStudy's instances are
 * ingested into `facilityId` (default: the first hospital). Returns what happened.
 */
export async function syncOnce(db: Db, cfg: { orthancUrl: string; filesDir: string; facilityId?: string }): Promise<{ studies: number; stored: number; duplicates: number; rejected: number; last: number }> {
  const source = `orthanc:${cfg.orthancUrl}`;
  const facilityId = cfg.facilityId ?? (await db.query<{ id: string }>("SELECT id FROM facility WHERE kind = 'hospital' ORDER BY code LIMIT 1"))[0]?.id;
  const out = { studies: 0, stored: 0, duplicates: 0, rejected: 0, last: await cursor(db, source) };
  if (!facilityId) return out;
  for (;;) {
    const ch = await json<{ Changes: Array<{ ChangeType: string; ID: string; Seq: number }>; Done: boolean; Last: number }>(`${cfg.orthancUrl}/changes?since=${out.last}&limit=100`);
    for (const c of ch.Changes) {
      if (c.ChangeType !== 'StableStudy') continue;
      out.studies++;
      const instances = await json<Array<{ ID: string }>>(`${cfg.orthancUrl}/studies/${c.ID}/instances`);
      for (const i of instances) {
        const r = await fetch(`${cfg.orthancUrl}/instances/${i.ID}/file`);
        if (!r.ok) throw new Error(`GET instance ${i.ID}: ${r.status}`);
        const res = await ingestDicom(db, { filesDir: cfg.filesDir, facilityId, userId: null, source: 'orthanc' }, new Uint8Array(await r.arrayBuffer()), `orthanc:${i.ID}`);
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
