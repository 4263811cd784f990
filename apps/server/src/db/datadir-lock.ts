/**
 * An exclusive lock on yte's data directory. PGlite is one PostgreSQL backend inside the process
 * that opened it, with no postmaster to keep a second process out: two processes on one directory
 * each believe they own the WAL, and acknowledged writes are lost (issue 11). Every process that
 * opens the embedded database therefore takes `<dataDir>/yte.lock` first.
 *
 * The lock file is created atomically and complete: its content is written to a private temp file,
 * fsynced, then hard-linked to the lock name (link fails if the name exists, on local disks and
 * NFS alike). Where hard links are not supported it falls back to O_EXCL.
 *
 * A lock left by a process that died (kill -9, power cut) is stale and taken over with a log line.
 * Stale means: written before the machine last booted, or its pid is not running, or its pid now
 * belongs to another process (its start time in /proc differs from the one recorded). A lock from
 * another host cannot be checked and is refused. Taking over is serialised by a second, short-lived
 * file (`yte.lock.takeover`) so two starters never both remove a stale lock and both proceed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'yte.lock';

export interface LockOwner {
  pid: number;
  host: string;
  /** /proc/sys/kernel/random/boot_id when the lock was taken (Linux), else null. */
  bootId: string | null;
  /** The owner's start time in clock ticks since boot (/proc/<pid>/stat field 22), else null. */
  procStart: number | null;
  /** The owner's start time (ISO), for people reading the message. */
  startedAt: string;
  /** The owner's command line, for people reading the message. */
  command: string;
  acquiredAt: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner | null,
    readonly lockPath: string,
    /** The owner's live command line when it could be read, else the one recorded in the lock. */
    readonly command: string,
  ) {
    super(inUseMessage(dataDir, owner, lockPath, command));
    this.name = 'DataDirInUseError';
  }
}

function inUseMessage(dataDir: string, owner: LockOwner | null, lockPath: string, command: string): string {
  if (!owner) {
    return `the data directory ${dataDir} is being locked by another process right now (${lockPath} is not complete yet); try again in a few seconds`;
  }
  const here = owner.host === hostname();
  return [
    `the data directory ${dataDir} is in use by another process: pid ${owner.pid}${here ? '' : ` on host ${owner.host}`} (${command}), running since ${owner.startedAt}.`,
    'Only one process at a time may open the embedded database.',
    here
      ? `Stop that process first (Ctrl+C in its terminal, or kill ${owner.pid}), or use another YTE_DATA_DIR.`
      : `If yte is not running on ${owner.host}, delete ${lockPath} and start again.`,
  ].join(' ');
}

/** What this machine says about processes; injected so the verdict is testable without real pids. */
export interface ProcessProbe {
  host: string;
  bootId: string | null;
  selfPid: number;
  /** true if a process with this pid exists (also when it belongs to another user). */
  alive(pid: number): boolean;
  /** The process's start time in clock ticks since boot, or null where /proc is not available. */
  startTicks(pid: number): number | null;
  /** Locks this process holds now (a pid equal to ours in a lock we do not hold is a reused pid). */
  heldBySelf(lockPath: string): boolean;
}

export type Verdict = { held: true } | { held: false; reason: string };

/** Is the lock's owner still running? Pure given the probe. */
export function judgeLock(owner: LockOwner, lockPath: string, probe: ProcessProbe): Verdict {
  if (owner.host !== probe.host) return { held: true }; // its pids mean nothing here
  if (owner.bootId && probe.bootId && owner.bootId !== probe.bootId) return { held: false, reason: 'written before this machine last started' };
  if (owner.pid === probe.selfPid) {
    if (probe.heldBySelf(lockPath)) return { held: true };
    // Same pid and start time: this very process, through another copy of this module (a worker).
    const self = probe.startTicks(owner.pid);
    if (owner.procStart !== null && self !== null && self === owner.procStart) return { held: true };
    // Our own pid in a lock we never took: a previous run with the same pid (e.g. pid 1 in a container).
    return { held: false, reason: `pid ${owner.pid} is this process now (pid reused)` };
  }
  if (!probe.alive(owner.pid)) return { held: false, reason: `pid ${owner.pid} is not running` };
  const now = probe.startTicks(owner.pid);
  if (owner.procStart !== null && now !== null && now !== owner.procStart) {
    return { held: false, reason: `pid ${owner.pid} now belongs to another process (pid reused)` };
  }
  return { held: true };
}

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
export function startTicks(pid: number): number | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const v = Number(fields[19]); // field 22 counted from field 3
  return Number.isFinite(v) ? v : null;
}

function liveCommand(pid: number): string | null {
  const raw = readText(`/proc/${pid}/cmdline`);
  return raw ? raw.split('\0').filter(Boolean).join(' ') : null;
}

const held = new Set<string>();

export const systemProbe = (): ProcessProbe => ({
  host: hostname(),
  bootId: readText('/proc/sys/kernel/random/boot_id')?.trim() || null,
  selfPid: process.pid,
  alive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  startTicks,
  heldBySelf: (path) => held.has(path),
});

export function ownerOfThisProcess(probe: ProcessProbe = systemProbe()): LockOwner {
  return {
    pid: process.pid,
    host: probe.host,
    bootId: probe.bootId,
    procStart: probe.startTicks(process.pid),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    command: process.argv.join(' ').slice(0, 500),
    acquiredAt: new Date().toISOString(),
  };
}

function parseOwner(text: string | null): LockOwner | null {
  if (!text) return null;
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (!Number.isInteger(o.pid) || (o.pid as number) <= 0 || typeof o.host !== 'string') return null;
    return { bootId: null, procStart: null, startedAt: '?', command: '?', acquiredAt: '?', ...o } as LockOwner;
  } catch {
    return null;
  }
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** Creates `path` with `content` only if it does not exist; false if it does. */
function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errno(e) ?? '')) throw e;
  } finally {
    try { unlinkSync(tmp); } catch { /* already gone */ }
  }
  // No hard links on this file system: O_EXCL (a reader may briefly see it empty, judged below).
  let fd2: number;
  try {
    fd2 = openSync(path, 'wx', 0o644);
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd2, content);
    fsyncSync(fd2);
  } finally {
    closeSync(fd2);
  }
  return true;
}

const ageMs = (path: string): number | null => {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return null;
  }
};

/** A lock file that cannot be read back is complete after this long (or was cut short by a crash). */
const UNREADABLE_GRACE_MS = 5_000;
/** A takeover takes milliseconds; one older than this was left by a process that died meanwhile. */
const TAKEOVER_STALE_MS = 10_000;

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Idempotent, synchronous (safe in an 'exit' handler). */
  release(): void;
}

export interface AcquireOptions {
  /** Told when a stale lock is taken over. */
  log?: (message: string) => void;
  probe?: ProcessProbe;
  /** Give up after this long while other processes are taking over a stale lock. */
  timeoutMs?: number;
  /** Tests: runs between finding a lock stale and taking it over (widens the race window). */
  beforeTakeover?: () => void;
}

/**
 * Takes the lock on `dataDir` (which must exist) or throws DataDirInUseError naming the process
 * that holds it. The lock is released by `release()`, and at the latest when this process exits.
 */
export function acquireDataDirLock(dataDir: string, opts: AcquireOptions = {}): DataDirLock {
  const probe = opts.probe ?? systemProbe();
  const path = join(dataDir, LOCK_FILE);
  const takeover = `${path}.takeover`;
  const me = ownerOfThisProcess(probe);
  const content = `${JSON.stringify(me, null, 2)}\n`;
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);

  for (;;) {
    if (createExclusive(path, content)) break;
    if (Date.now() > deadline) throw new Error(`could not lock ${dataDir}: other processes kept taking over ${path}`);

    const text = readText(path);
    if (text === null) {
      if (ageMs(path) === null) continue; // removed between our attempt and the read: try again
      throw new Error(`cannot read the lock file ${path} (permissions?)`);
    }
    const owner = parseOwner(text);
    let verdict: Verdict;
    if (owner) {
      verdict = judgeLock(owner, path, probe);
    } else {
      const age = ageMs(path);
      verdict = age !== null && age < UNREADABLE_GRACE_MS ? { held: true } : { held: false, reason: 'the lock file is empty or damaged' };
    }
    if (verdict.held) {
      const command = (owner && owner.host === probe.host ? liveCommand(owner.pid) : null) ?? owner?.command ?? '?';
      throw new DataDirInUseError(dataDir, owner, path, command);
    }

    // Stale. Only the holder of the takeover file may remove it, after checking it is unchanged.
    opts.beforeTakeover?.();
    let mine = false;
    try {
      mine = createExclusive(takeover, `${process.pid}\n`);
    } catch (e) {
      if (errno(e) !== 'ENOENT') throw e;
    }
    if (mine) {
      try {
        if (readText(path) === text) {
          unlinkSync(path);
          opts.log?.(`took over a stale lock on ${dataDir}: ${verdict.reason} (it was taken ${owner?.acquiredAt ?? '?'} by pid ${owner?.pid ?? '?'}: ${owner?.command ?? '?'})`);
        }
      } finally {
        try { unlinkSync(takeover); } catch { /* already gone */ }
      }
      continue;
    }
    const tAge = ageMs(takeover);
    if (tAge !== null && tAge > TAKEOVER_STALE_MS) {
      try { unlinkSync(takeover); } catch { /* someone else removed it */ }
      continue;
    }
    sleepSync(10 + Math.random() * 40);
  }

  held.add(path);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(path);
    process.off('exit', release);
    // Remove it only if it is still ours (nobody else should have touched it, but be sure).
    if (readText(path) === content) {
      try { unlinkSync(path); } catch { /* already gone */ }
    }
  };
  process.on('exit', release);
  return { path, release };
}
