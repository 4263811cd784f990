/** The badge CLI end to end (child processes): issue --demo, then verify offline with exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, 'badge.ts');
const dir = mkdtempSync(join(tmpdir(), 'yte-badge-cli-'));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', cwd: resolve(import.meta.dirname, '../../../..') });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr };
};
const f = (name: string) => join(dir, name);

describe('npm run badge', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('issue --demo prints a signed OpenBadgeCredential; verify says valid (exit 0), a changed byte → signature invalid (exit 1)', () => {
    const issued = run('issue', '--demo', '--status-out', f('list.json'));
    expect(issued.code, issued.err).toBe(0);
    const badge = JSON.parse(issued.out) as { type: string[]; proof: { cryptosuite: string } };
    expect(badge.type).toContain('OpenBadgeCredential');
    expect(badge.proof.cryptosuite).toBe('eddsa-rdfc-2022');
    writeFileSync(f('badge.json'), issued.out);
    expect(run('verify', f('badge.json'), '--status-list', f('list.json'))).toMatchObject({ code: 0, out: 'valid' });
    writeFileSync(f('tampered.json'), issued.out.replace('Nguyễn Thị Hoa', 'Nguyễn Thị Hòa'));
    expect(readFileSync(f('tampered.json'), 'utf8')).not.toBe(issued.out);
    expect(run('verify', f('tampered.json'), '--status-list', f('list.json'))).toMatchObject({ code: 1, out: 'signature invalid' });
  });

  it('issue --demo --jwt prints a VC-JWT; verify accepts the token file, a revoked one → "revoked", a changed character → signature invalid', () => {
    const issued = run('issue', '--demo', '--jwt', '--status-out', f('jlist.json'), '--revoked');
    expect(issued.code, issued.err).toBe(0);
    expect(issued.out).toMatch(/^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    writeFileSync(f('badge.jwt'), issued.out + '\n');
    const ok = run('verify', f('badge.jwt'));
    expect(ok).toMatchObject({ code: 0, out: 'valid' });
    expect(ok.err).toMatch(/VC-JWT/);
    expect(run('verify', f('badge.jwt'), '--status-list', f('jlist.json'))).toMatchObject({ code: 1, out: 'revoked' });
    const at = issued.out.length - 20;
    writeFileSync(f('bad.jwt'), issued.out.slice(0, at) + (issued.out[at] === 'a' ? 'b' : 'a') + issued.out.slice(at + 1));
    expect(run('verify', f('bad.jwt'))).toMatchObject({ code: 1, out: 'signature invalid' });
  });

  it('revoked → "revoked"; expired → "expired"; not a badge → "malformed: …"; usage → exit 2', () => {
    const issued = run('issue', '--demo', '--status-out', f('rlist.json'), '--revoked');
    writeFileSync(f('revoked.json'), issued.out);
    expect(run('verify', f('revoked.json'), '--status-list', f('rlist.json'))).toMatchObject({ code: 1, out: 'revoked' });
    // Without the cached list the CLI cannot know, and says so.
    const unchecked = run('verify', f('revoked.json'));
    expect(unchecked).toMatchObject({ code: 0, out: 'valid' });
    expect(unchecked.err).toMatch(/revocation not checked/);
    const old = run('issue', '--demo', '--now', '2024-01-01T00:00:00Z', '--valid-until', '2025-01-01T00:00:00Z');
    writeFileSync(f('old.json'), old.out);
    expect(run('verify', f('old.json'))).toMatchObject({ code: 1, out: 'expired' });
    writeFileSync(f('junk.json'), '{"@context": "https://www.w3.org/2018/credentials/v1"}');
    expect(run('verify', f('junk.json')).out).toMatch(/^malformed: @context/);
    writeFileSync(f('cut.json'), old.out.slice(0, 100));
    expect(run('verify', f('cut.json'))).toMatchObject({ code: 1, out: expect.stringMatching(/^malformed: neither JSON nor a VC-JWT/) });
    expect(run('verify').code).toBe(2);
  });
});
