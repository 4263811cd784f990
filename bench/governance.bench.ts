/**
 * Governance statistics: the full metric set (confusion matrix + Wilson intervals, AUROC with
 * DeLong's interval, ROC curve + Youden, threshold table, calibration, kappa) over 1,000,000
 * seeded synthetic score/label pairs (100k in quick mode), and parse + evaluate of the real
 * CheXNet predictions CSV (22,433 rows × 14 findings).
 */
import { existsSync, readFileSync } from 'node:fs';
import { datasetFromRecords, evaluate, parseCsv } from '../packages/governance/src/index.ts';
import type { Bench, BenchResult } from './lib.ts';

/** mulberry32: small seeded PRNG (the bench owns its randomness; the package has none). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic(n: number, seed: number) {
  const rnd = mulberry32(seed);
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = rnd() < 0.1 ? 1 : 0;
    // Box–Muller normal, shifted by 1.2 for positives, squashed to a probability.
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    scores[i] = 1 / (1 + Math.exp(-(z + (y ? 1.2 : 0) - 1.5)));
    labels[i] = y;
  }
  return { scores, labels };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const bench: Bench = async (ctx) => {
  const results: BenchResult[] = [];
  const n = ctx.quick ? 100_000 : 1_000_000;
  const data = synthetic(n, 20240601);
  evaluate(data); // warm-up
  const times: number[] = [];
  let auc = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const rep = evaluate(data);
    times.push((performance.now() - t0) / 1000);
    auc = rep.auroc.estimate!;
  }
  ctx.log(`${n} pairs: AUROC ${auc.toFixed(4)}, runs ${times.map((t) => t.toFixed(3)).join(', ')} s`);
  results.push({ name: ctx.quick ? 'governance metrics+AUROC CI 100k pairs' : 'governance metrics+AUROC CI 1M pairs', value: median(times), unit: 's', goal: ctx.quick ? null : '<= 2' });

  const shared = process.env.YTE_SHARED_DIR ?? new URL('../../shared', import.meta.url).pathname;
  const file = `${shared}/datasets/chexnet-predictions/predictions.csv`;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    const t0 = performance.now();
    const records = parseCsv(text);
    const findings = records[0]!.fields.filter((f) => f.startsWith('prob_')).map((f) => f.slice(5));
    for (const f of findings) {
      const d = datasetFromRecords(records, { score: `prob_${f}`, label: `label_${f}` });
      evaluate({ scores: d.scores, labels: d.labels! });
    }
    const s = (performance.now() - t0) / 1000;
    ctx.log(`chexnet: ${records.length - 1} rows × ${findings.length} findings in ${s.toFixed(3)} s`);
    results.push({ name: 'governance parse+evaluate chexnet CSV 22k rows x 14 findings', value: s, unit: 's', goal: null });
  } else ctx.log(`chexnet predictions not found at ${file}; skipped`);
  return results;
};

export default bench;
