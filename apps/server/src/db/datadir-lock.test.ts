/**
 * The data-directory lock: the verdict on a found lock (pure, with a fake probe), then the real
 * thing on disk: refusal naming the holder, stale locks (dead pid, reused pid, reboot, damaged file)
 * taken over, and processes racing for one directory, with and without a stale lock in the way.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError, judgeLock, LOCK_FILE, type LockOwner, ownerOfThisProcess, type ProcessProbe, startTicks } from './datadir-lock.ts';

const owner = (o: Partial<LockOwner> = {}): LockOwner => ({
  pid: 4242, host: 'station-pc', bootId: 'boot-a', procStart: 1000, startedAt: '2026-12-01T00:00:00.000Z',
  command: 'node apps/server/dist/main.mjs', acquiredAt: '2026-12-01T00:00:01.000Z', ...o,
});
const probe = (o: Partial<ProcessProbe> = {}): ProcessProbe => ({
  host: 'station-pc', bootId: 'boot-a', selfPid: 7, alive: () => true, startTicks: () => 1000, heldBySelf: () => false, ...o,
});

describe('judgeLock', () => {
  it('holds while the recorded process runs', () => {
    expect(judgeLock(owner(), '/d/yte.lock', probe())).toEqual({ held: true });
  });
  it('is stale when the pid is not running', () => {
    expect(judgeLock(owner(), '/d/yte.lock', probe({ alive: (pid) => pid !== 4242 }))).toMatchObject({ held: false, reason: expect.stringContaining('not running') });
  });
  it('is stale when the pid now belongs to a process that started at another time (pid reused)', () => {
    expect(judgeLock(owner(), '/d/yte.lock', probe({ startTicks: () => 2000 }))).toMatchObject({ held: false, reason: expect.stringContaining('reused') });
  });
  it('is stale when written before the machine last booted', () => {
    expect(judgeLock(owner(), '/d/yte.lock', probe({ bootId: 'boot-b' }))).toMatchObject({ held: false, reason: expect.stringContaining('started') });
  });
  it('holds a live pid when start times cannot be read (no /proc)', () => {
    expect(judgeLock(owner({ procStart: null }), '/d/yte.lock', probe({ startTicks: () => null, bootId: null }))).toEqual({ held: true });
  });
  it('is stale when it names our own pid but we never took it (e.g. pid 1 in a restarted container)', () => {
    expect(judgeLock(owner({ pid: 7, procStart: null }), '/d/yte.lock', probe({ startTicks: () => null }))).toMatchObject({ held: false, reason: expect.stringContaining('reused') });
    expect(judgeLock(owner({ pid: 7, procStart: 500 }), '/d/yte.lock', probe())).toMatchObject({ held: false });
  });
  it('holds a lock this process took (or took through another copy of the module: same pid and start)', () => {
    expect(judgeLock(owner({ pid: 7 }), '/d/yte.lock', probe({ heldBySelf: () => true, startTicks: () => 5 }))).toEqual({ held: true });
    expect(judgeLock(owner({ pid: 7 }), '/d/yte.lock', probe())).toEqual({ held: true });
  });
  it('holds a lock from another host: its pids cannot be checked here', () => {
    expect(judgeLock(owner({ host: 'other-pc', bootId: 'boot-z' }), '/d/yte.lock', probe({ alive: () => false }))).toEqual({ held: true });
  });
});

const hasProc = existsSync('/proc/self/stat') && startTicks(process.pid) !== null;

describe('acquireDataDirLock on disk', () => {
  let root = '';
  beforeAll(() => { root = mkdtempSync(join(tmpdir(), 'yte-lock-')); });
  let n = 0;
  const freshDir = () => mkdtempSync(join(root, `d${n++}-`));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });
  const writeLock = (dir: string, o: Partial<LockOwner>) => writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ ...ownerOfThisProcess(), ...o }));
  /** A pid that has just exited. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
  /** A live process other than us, with a recognisable command line. */
  const liveProcess = () => {
    const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'yte-lock-test-holder'], { stdio: 'ignore' });
    children.push(c);
    return c;
  };

  it('writes its owner into the lock, refuses a second taker naming the holder, and releases', () => {
    const dir = freshDir();
    const lock = acquireDataDirLock(dir);
    const saved = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockOwner;
    expect(saved).toMatchObject({ pid: process.pid, host: hostname() });
    let err: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirInUseError);
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    expect((err as Error).message).toContain(dir);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lock.release(); // idempotent
    acquireDataDirLock(dir).release();
  });

  it('takes over a lock whose process is gone, and says so', () => {
    const dir = freshDir();
    const pid = deadPid();
    writeLock(dir, { pid, procStart: 1 });
    const logs: string[] = [];
    const lock = acquireDataDirLock(dir, { log: (m) => logs.push(m) });
    expect(logs).toEqual([expect.stringContaining(`pid ${pid} is not running`)]);
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it.skipIf(!hasProc)('refuses a lock held by a live process, naming its pid and command; takes it over once that pid is reused', async () => {
    const dir = freshDir();
    const holder = liveProcess();
    await new Promise((r) => holder.once('spawn', r));
    const pid = holder.pid!;
    // /proc/<pid>/cmdline is the exec'd node once spawn has fired; its start time is fixed.
    const ticks = startTicks(pid)!;
    writeLock(dir, { pid, procStart: ticks, command: 'recorded command' });
    let err: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataDirInUseError);
    expect((err as Error).message).toContain(`pid ${pid}`);
    expect((err as Error).message).toMatch(/yte-lock-test-holder|recorded command/);

    // Same pid, another start time: the recorded process is gone and its pid went to someone else.
    writeLock(dir, { pid, procStart: ticks + 1 });
    const logs: string[] = [];
    const lock = acquireDataDirLock(dir, { log: (m) => logs.push(m) });
    expect(logs[0]).toContain('reused');
    lock.release();
  });

  it.skipIf(!hasProc)('takes over a lock written before the last boot', () => {
    const dir = freshDir();
    writeLock(dir, { pid: process.ppid, bootId: 'an-earlier-boot' });
    const logs: string[] = [];
    acquireDataDirLock(dir, { log: (m) => logs.push(m) }).release();
    expect(logs[0]).toContain('before this machine last started');
  });

  it('refuses a lock from another host (cannot be checked) and says how to clear it', () => {
    const dir = freshDir();
    writeLock(dir, { host: 'another-station-pc', pid: deadPid() });
    expect(() => acquireDataDirLock(dir)).toThrow(/on host another-station-pc.*delete .*yte\.lock/);
  });

  it('treats a damaged lock file as being written while fresh, as stale once old', () => {
    const dir = freshDir();
    const path = join(dir, LOCK_FILE);
    writeFileSync(path, '');
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirInUseError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const logs: string[] = [];
    acquireDataDirLock(dir, { log: (m) => logs.push(m) }).release();
    expect(logs[0]).toContain('empty or damaged');
  });

  /**
   * Starts `count` processes and lets them all try at once; returns their one-line outcomes. With
   * `staggerMs`, each waits after finding the lock stale until all have found it stale, then
   * contender i goes on after i × staggerMs: the interleaving where a late taker could remove the
   * fresh lock of an early one.
   */
  async function race(dir: string, count: number, staggerMs = 0) {
    const go = join(dir, '..', `go-${Math.random().toString(36).slice(2)}`);
    const script = resolve(import.meta.dirname, '../testing/lock-contender.ts');
    const procs = Array.from({ length: count }, (_, i) => {
      const args = [script, dir, go, ...(staggerMs ? [String(staggerMs * i)] : [])];
      const c = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(c);
      let out = '';
      const seen = (word: string) =>
        new Promise<void>((res) => {
          const check = () => (out.includes(`${word}\n`) || c.exitCode !== null) && res();
          c.stdout!.on('data', check);
          c.once('exit', check);
        });
      c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      const line = () => out.split('\n').find((l) => l.startsWith('{') && l.endsWith('}'));
      const result = new Promise<{ pid: number; result: string; holder: number | null; logs: string[] }>((res) => {
        const check = () => { const l = line(); if (l) res(JSON.parse(l)); else if (c.exitCode !== null) res({ pid: c.pid!, result: `exited ${c.exitCode}: ${out}`, holder: null, logs: [] }); };
        c.stdout!.on('data', check);
        c.once('exit', check);
      });
      const exited = new Promise((res) => (c.exitCode !== null ? res(null) : c.once('exit', res)));
      return { ready: seen('ready'), stale: seen('stale'), result, exited };
    });
    await Promise.all(procs.map((p) => p.ready));
    writeFileSync(go, '');
    if (staggerMs) {
      await Promise.all(procs.map((p) => p.stale));
      writeFileSync(`${go}.2`, '');
    }
    // The winner holds the lock until every contender has its outcome, then all exit.
    const out = await Promise.all(procs.map((p) => p.result));
    writeFileSync(`${go}.done`, '');
    await Promise.all(procs.map((p) => p.exited));
    return out;
  }

  it('lets exactly one of several processes racing for a free directory win; the others name the winner', async () => {
    const dir = freshDir();
    const out = await race(dir, 5);
    const winners = out.filter((o) => o.result === 'ok');
    expect(winners).toHaveLength(1);
    for (const o of out.filter((x) => x.result !== 'ok')) expect(o).toMatchObject({ result: 'in-use', holder: winners[0]!.pid });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false); // released on exit
  }, 45_000);

  it('lets exactly one of several processes racing over a stale lock take it over', async () => {
    const dir = freshDir();
    writeLock(dir, { pid: deadPid() });
    const out = await race(dir, 5, 60);
    const winners = out.filter((o) => o.result === 'ok');
    expect(winners).toHaveLength(1);
    for (const o of out.filter((x) => x.result !== 'ok')) expect(o).toMatchObject({ result: 'in-use', holder: winners[0]!.pid });
    expect(out.flatMap((o) => o.logs).filter((l) => l.includes('took over'))).toHaveLength(1);
    expect(existsSync(join(dir, `${LOCK_FILE}.takeover`))).toBe(false);
  }, 45_000);
});
