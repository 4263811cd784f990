/**
 * Independent DICOM validators for tests: dciodvfy (dicom3tools, David Clunie) checks an object
 * against its IOD; dsrdump (DCMTK) parses and checks a structured report. Both are Debian packages
 * (dicom3tools, dcmtk); tests skip with a visible reason where they are not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
export const hasDciodvfy = has('dciodvfy');
export const hasDsrdump = has('dsrdump');

function run(bin: string, args: string[], bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'yte-dcmcheck-'));
  try {
    const f = join(dir, 'object.dcm');
    writeFileSync(f, bytes);
    const r = spawnSync(bin, [...args, f], { encoding: 'utf8', timeout: 30_000 });
    return `${r.stdout ?? ''}${r.stderr ?? ''}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** dciodvfy's findings: its "Error - …" lines, and its warnings. */
export function dciodvfy(bytes: Uint8Array): { errors: string[]; warnings: string[]; output: string } {
  const output = run('dciodvfy', [], bytes);
  const lines = output.split('\n');
  return { errors: lines.filter((l) => /^Error/.test(l)), warnings: lines.filter((l) => /^Warning/.test(l)), output };
}

/** dsrdump -v: its "E:" (error) and "W:" (warning) lines. */
export function dsrdump(bytes: Uint8Array): { errors: string[]; warnings: string[]; output: string } {
  const output = run('dsrdump', ['-v'], bytes);
  const lines = output.split('\n');
  return { errors: lines.filter((l) => /^[EF]:/.test(l)), warnings: lines.filter((l) => /^W:/.test(l)), output };
}
