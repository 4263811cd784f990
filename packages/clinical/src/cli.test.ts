import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/yte-clinical.mjs', import.meta.url));
const run = (args: string[], input = '') => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 30_000 });

describe('yte-clinical CLI', () => {
  it('news2: one JSON line per input line, an error object for a malformed or invalid line, and the stream goes on', () => {
    const lines = [
      JSON.stringify({ respRate: 22, spo2: 95, spo2Scale: 1, onOxygen: false, systolicBP: 115, pulse: 105, consciousness: 'A', temperatureC: 38.4 }),
      '{"respRate": 12,', // malformed
      JSON.stringify({ respRate: 25, spo2: 97, spo2Scale: 1, onOxygen: false, systolicBP: 120, pulse: 70, consciousness: 'A', temperatureC: 37 }),
      JSON.stringify({ respRate: 'fast' }),
      JSON.stringify({ respRate: 30, spo2: 88, spo2Scale: 2, onOxygen: true, systolicBP: 88, pulse: 135, consciousness: 'V', temperatureC: 39.5 }),
    ];
    const r = run(['news2'], lines.join('\n') + '\n');
    expect(r.status).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0]).toMatchObject({ score: 5, band: 'medium', subScores: { respRate: 2, spo2: 1, pulse: 1, temperature: 1 } });
    expect(out[1].error.code).toBe('invalid_json');
    expect(out[1].line).toBe(2);
    expect(out[2]).toMatchObject({ score: 3, band: 'low-medium', singleParameter3: true });
    expect(out[3].error).toMatchObject({ code: 'not_a_number', field: 'respRate' });
    // RR 30 → 3, SpO2 88 scale 2 on O2 → 0, O2 → 2, SBP 88 → 3, pulse 135 → 3, V → 3, 39.5 → 2
    expect(out[4]).toMatchObject({ score: 16, band: 'high', monitoring: 'continuous' });
  });
  it('aki, growth and cvd produce their documented fields', () => {
    const aki = run(['aki'], JSON.stringify({ ageYears: 70, sex: 'female', results: [{ at: '2025-03-01T08:00:00Z', creatinineUmolL: 80 }, { at: '2025-03-03T08:00:00Z', creatinineUmolL: 170 }] }) + '\n');
    expect(JSON.parse(aki.stdout)).toMatchObject({ stage: 2, baseline: { kind: 'RV1', valueUmolL: 80 } });
    // validation row id 1 of survey_z_st.csv
    const g = run(['growth'], JSON.stringify({ sex: 'female', ageMonths: 22.45, weightKg: 10.399999619, lengthOrHeightCm: 84.800003052, measured: 'recumbent', muacMm: 148.99999619 }) + '\n');
    expect(JSON.parse(g.stdout)).toMatchObject({ waz: -0.57, haz: -0.07, whz: -0.81, baz: -0.79, muacz: 0.11, hcz: null, flags: [] });
    const c = run(['cvd', '--no-explanation'], JSON.stringify({ model: 'lab', sex: 'male', ageYears: 52.5, systolicBP: 150, smoker: true, diabetes: false, totalCholesterolMmolL: 6.5 }) + '\n');
    const cvd = JSON.parse(c.stdout);
    expect(cvd).toMatchObject({ riskPercent: 11.09, band: '10-<20' });
    expect(cvd.explanation).toBeUndefined();
  });
  it('--help, <rule> --help, and an unknown rule (exit 2)', () => {
    expect(run(['--help']).stdout).toMatch(/usage: yte-clinical <rule>/);
    expect(run(['tb', '--help']).stdout).toMatch(/refer-molecular-test/);
    const bad = run(['apgar'], '');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown rule "apgar"/);
    expect(run(['rules']).stdout.trim().split('\n')).toHaveLength(9);
  });
});
