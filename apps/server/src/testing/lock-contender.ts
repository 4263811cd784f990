/**
 * A process that competes for a data-directory lock (datadir-lock.test.ts): prints "ready", waits
 * for the go file, tries once, prints one JSON line with the outcome, and holds a won lock until
 * <goFile>.done exists (then exits, which releases it).
 * With staggerMs, it prints "stale" on finding the lock stale, waits for <goFile>.2, then staggerMs.
 * usage: node --import tsx lock-contender.ts <dataDir> <goFile> [staggerMs]
 */
import { existsSync } from 'node:fs';
import { acquireDataDirLock, DataDirInUseError } from '../db/datadir-lock.ts';

const [dataDir, goFile, staggerMs] = process.argv.slice(2) as [string, string, string?];
process.stdout.write('ready\n');
const pause = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(goFile)) Atomics.wait(pause, 0, 0, 1);
const logs: string[] = [];
try {
  acquireDataDirLock(dataDir, {
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
  const done = setInterval(() => existsSync(`${goFile}.done`) && clearInterval(done), 5);
} catch (e) {
  const holder = e instanceof DataDirInUseError ? e.owner?.pid ?? null : null;
  process.stdout.write(`${JSON.stringify({ pid: process.pid, result: e instanceof DataDirInUseError ? 'in-use' : 'error', holder, logs, message: String(e) })}\n`);
}
