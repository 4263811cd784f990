/**
 * REAL DATA (issue 6, item 5): the CheXNet reproduction's 22,433 predictions on the NIH
 * ChestX-ray14 test split, replayed through the package (CSV parser → loader → evaluate).
 * Per-finding AUROC must equal ../shared/datasets/chexnet-predictions/reference-aucs.csv to 3
 * decimals and be within 0.005 of published-aucs.csv (Pneumonia differs by ~0.005 there: the
 * authors scored against a slightly different NIH label file — see ../shared/datasets/README.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { datasetFromRecords } from './dataset.ts';
import { evaluate } from './evaluate.ts';

const shared = process.env.YTE_SHARED_DIR ?? new URL('../../../../shared', import.meta.url).pathname;
const dir = `${shared}/datasets/chexnet-predictions`;
const have = existsSync(`${dir}/predictions.csv`);

function table(path: string): Map<string, string[]> {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  return new Map(rows.slice(1).map((r) => [r.fields[0]!, r.fields.slice(1)]));
}

describe.skipIf(!have)(`CheXNet predictions (real data)${have ? '' : ' (needs ../shared/datasets/chexnet-predictions; see README "../shared")'}`, () => {
  const records = have ? parseCsv(readFileSync(`${dir}/predictions.csv`, 'utf8')) : [];
  const reference = have ? table(`${dir}/reference-aucs.csv`) : new Map();
  const published = have ? table(`${dir}/published-aucs.csv`) : new Map();

  it('has the 14 findings and 22,433 images', () => {
    expect(records.length - 1).toBe(22433);
    expect(reference.size).toBe(14);
    expect(published.size).toBe(14);
  });

  for (const finding of [...reference.keys()]) {
    it(`${finding}: AUROC = reference to 3 decimals, within 0.005 of published, counts match`, () => {
      const d = datasetFromRecords(records, { score: `prob_${finding}`, label: `label_${finding}` });
      const r = evaluate({ scores: d.scores, labels: d.labels! });
      const [refAuc, pos, neg] = reference.get(finding)!.map(Number);
      const pubAuc = Number(published.get(finding)![0]);
      expect(r.positives).toBe(pos);
      expect(r.negatives).toBe(neg);
      expect(r.auroc.estimate!.toFixed(3)).toBe(refAuc!.toFixed(3));
      expect(Math.abs(r.auroc.estimate! - refAuc!)).toBeLessThan(5e-7); // the reference is printed to 6 decimals
      expect(Math.abs(r.auroc.estimate! - pubAuc)).toBeLessThanOrEqual(0.005);
      expect(r.auroc.lower!).toBeLessThan(r.auroc.estimate!);
      expect(r.auroc.upper!).toBeGreaterThan(r.auroc.estimate!);
    });
  }
});
