/**
 * A process that competes for a data-directory lock (datadir-lock.test.ts): prints "ready", waits
 * for the go file, tries once, prints one JSON line with the outcome, holds a won lock for holdMs.
 * With staggerMs, it prints "stale" on finding the lock stale, waits for <goFile>.2, then staggerMs.
 * usage: node --import tsx lock-contender.ts <dataDir> <goFile> <holdMs> [staggerMs]
 */
import { existsSync } from 'node:fs';
import { acquireDataDirLock, DataDirInUseError } from '../db/datadir-lock.ts';

const [dataDir, goFile, holdMs, staggerMs] = process.argv.slice(2) as [string, string, string, string?];
process.stdout.write('ready\n');
const pause = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(goFile)) Atomics.wait(pause, 0, 0, 1);
const logs: string[] = [];
try {
  const lock = acquireDataDirLock(dataDir, {
    log: (m) => logs.push(m),
    ...(staggerMs !== undefined ? {
      beforeTakeover: () => {
        process.stdout.write('stale\n');
        while (!existsSync(`${goFile}.2`)) Atomics.wait(pause, 0, 0, 1);
        Atomics.wait(pause, 0, 0, Number(staggerMs));
      },
    } : {}),
  });
  process.stdout.write(`${JSON.stringify({ pid: process.pid, result: 'ok', logs })}\n`);
  setTimeout(() => lock.release(), Number(holdMs));
} catch (e) {
  const holder = e instanceof DataDirInUseError ? e.owner?.pid ?? null : null;
  process.stdout.write(`${JSON.stringify({ pid: process.pid, result: e instanceof DataDirInUseError ? 'in-use' : 'error', holder, logs, message: String(e) })}\n`);
}
