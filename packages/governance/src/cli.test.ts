import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = new URL('../bin/yte-governance.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'yte-gov-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// 40 cases: scores 0.025..1.0; label 1 for the top 20 except two swaps; sex alternates.
const rows: string[] = ['score,truth,sex,reader'];
for (let i = 1; i <= 40; i++) {
  const label = (i > 20) !== (i === 19 || i === 22) ? 1 : 0;
  rows.push(`${(i / 40).toFixed(3)},${label},${i % 2 ? 'F' : 'M'},${label}`);
}
const good = file('good.csv', rows.join('\n') + '\n');

describe('yte-governance CLI', () => {
  it('--help documents the command and exits 0', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/yte-governance evaluate <file\.csv> --score <col> --label <col>/);
  });

  it('evaluate prints JSON with the metrics, fairness and alerts', () => {
    const r = run('evaluate', good, '--score', 'score', '--label', 'truth', '--group', 'sex', '--reader', 'reader', '--threshold', '0.5', '--min-group', '10', '--claim', 'sensitivity=0.99');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.n).toBe(40);
    expect(out.positives).toBe(20);
    // Positives: i = 19, 21, 23..40; negatives: 1..18, 20, 22. Called positive (score >= 0.5): i = 20..40,
    // so TP = 21, 23..40 (19), FP = 20, 22 (2), FN = 19 (1), TN = 1..18 (18).
    expect(out.metrics.confusion).toMatchObject({ tp: 19, fp: 2, fn: 1, tn: 18 });
    // AUROC by hand: positive 19 is below negatives 20 and 22, positive 21 below negative 22: 3 of 400 pairs wrong.
    expect(out.auroc.estimate).toBeCloseTo(1 - 3 / 400, 12);
    expect(out.fairness[0].column).toBe('sex');
    expect(out.agreement.withReader.kappa).toBeCloseTo(out.agreement.withReference.kappa, 12);
    expect(out.alerts.some((a: { rule: string }) => a.rule === 'below_claim')).toBe(true);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('--table prints aligned tables', () => {
    const r = run('evaluate', good, '--score', 'score', '--label', 'truth', '--table', '--baseline', good);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/== Metrics at threshold 0\.5/);
    expect(r.stdout).toMatch(/DeLong\s+0\.9925/);
    expect(r.stdout).toMatch(/== Drift against the baseline/);
  });

  it.each([
    ['missing column', 'score,sex\n0.5,F\n', /row 1, column truth: label column "truth" is not in the header/],
    ['non-numeric score', 'score,truth,sex\n0.5,1,F\nhigh,0,M\n', /row 3, column score: "high" is not a number/],
    ['label other than 0/1', 'score,truth,sex\n0.5,1,F\n0.4,2,M\n', /row 3, column truth: "2" is not a label: expected 0 or 1/],
    ['empty group', 'score,truth,sex\n0.5,1,F\n0.4,0,\n', /row 3, column sex: empty value in group column sex/],
    ['broken quoting', 'score,truth,sex\n0.5,1,"F\n', /row 2, column field 3: unterminated quoted field/],
  ])('bad CSV (%s) → stderr names row and column, exit 2, no output', (_, text, message) => {
    const r = run('evaluate', file(`bad-${_.replace(/\W/g, '')}.csv`, text), '--score', 'score', '--label', 'truth', '--group', 'sex');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/nothing was evaluated/);
  });

  it('usage errors exit 2', () => {
    expect(run('evaluate', good, '--label', 'truth').stderr).toMatch(/missing --score/);
    expect(run('evaluate', good, '--score', 'score', '--label', 'truth', '--threshold', 'abc').code).toBe(2);
    expect(run('evaluate', join(dir, 'nope.csv'), '--score', 'score', '--label', 'truth').stderr).toMatch(/cannot read/);
    expect(run('frobnicate').code).toBe(2);
  });
});
