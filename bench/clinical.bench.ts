/**
 * Clinical rules throughput, single thread (= per core): evaluations per second of the public
 * functions of @yte/clinical on varied, valid inputs (validation and explanation included unless
 * the name says otherwise).
 */
import { opsPerSecond, type Bench } from './lib.ts';
import { akiStage, cvdRisk, growthAssessment, news2, news2Score, weightForAgeZ, type AkiInput, type News2Input } from '../packages/clinical/src/index.ts';

const bench: Bench = async (ctx) => {
  const ms = ctx.quick ? 200 : 1500;
  const N = 1024;

  const news2Inputs: News2Input[] = [];
  for (let i = 0; i < N; i++) {
    news2Inputs.push({
      respRate: 8 + (i % 20), spo2: 85 + (i % 16), spo2Scale: i % 7 === 0 ? 2 : 1, onOxygen: i % 3 === 0, systolicBP: 85 + ((i * 7) % 140),
      pulse: 40 + ((i * 3) % 100), consciousness: i % 11 === 0 ? 'C' : 'A', temperatureC: 35 + (i % 50) / 10,
    });
  }
  ctx.log('news2');
  const news2Ops = opsPerSecond((i) => news2(news2Inputs[i & (N - 1)]!), ms);
  const news2FastOps = opsPerSecond((i) => {
    const x = news2Inputs[i & (N - 1)]!;
    return news2Score(x.respRate, x.spo2, x.spo2Scale, x.onOxygen, x.systolicBP, x.pulse, x.consciousness, x.temperatureC);
  }, ms);

  ctx.log('aki');
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  const akiInputs: AkiInput[] = [];
  for (let i = 0; i < 256; i++) {
    const results = [];
    for (let k = 0; k < 10; k++) results.push({ at: new Date(t0 + (k * 40 + (i % 30)) * 86_400_000 / 4).toISOString(), creatinineUmolL: 60 + ((i * 13 + k * 29) % 200) });
    akiInputs.push({ ageYears: 30 + (i % 60), sex: i % 2 ? 'male' : 'female', results });
  }
  const akiOps = opsPerSecond((i) => akiStage(akiInputs[i & 255]!), ms);

  ctx.log('growth');
  const ages = new Int32Array(N), weights = new Float64Array(N);
  for (let i = 0; i < N; i++) { ages[i] = (i * 37) % 1857; weights[i] = 3 + (ages[i]! / 1856) * 15 + ((i % 9) - 4) * 0.4; }
  const zOps = opsPerSecond((i) => weightForAgeZ((i & 1) as 0 | 1, ages[i & (N - 1)]!, weights[i & (N - 1)]!), ms);
  const growthInputs = Array.from({ length: 256 }, (_, i) => ({ sex: i % 2 ? 'male' : 'female', ageDays: ages[i]!, weightKg: weights[i]!, lengthOrHeightCm: 50 + ages[i]! / 30, measured: ages[i]! < 731 ? 'recumbent' : 'standing', muacMm: 130 + (i % 30) }));
  const assessOps = opsPerSecond((i) => growthAssessment(growthInputs[i & 255]!), ms);

  ctx.log('cvd');
  const cvdInputs = Array.from({ length: 256 }, (_, i) => ({ model: 'lab', sex: i % 2 ? 'male' : 'female', ageYears: 40 + (i % 35), systolicBP: 100 + (i % 90), smoker: i % 3 === 0, diabetes: i % 5 === 0, totalCholesterolMmolL: 3.5 + (i % 40) / 10 }));
  const cvdOps = opsPerSecond((i) => cvdRisk(cvdInputs[i & 255]!), ms);

  const r = (name: string, value: number, goal: string | null) => ({ name, value: Math.round(value), unit: 'ops/s', goal });
  return [
    r('news2 evaluations/s/core', news2Ops, '>= 2000000'),
    r('news2 score only (validated inputs) evaluations/s/core', news2FastOps, null),
    r('aki 10-result series evaluations/s/core', akiOps, null),
    r('growth z-score evaluations/s/core', zOps, '>= 1000000'),
    r('growth full assessment evaluations/s/core', assessOps, null),
    r('cvd risk evaluations/s/core', cvdOps, null),
  ];
};
export default bench;
