import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aurocWithCI, atThreshold, wilson, youdenThreshold } from './metrics.ts';
import { hasShared, needs, sharedDir } from '../testing/paths.ts';

const CHEXNET = 'datasets/chexnet-predictions';

describe('AUROC', () => {
  it.skipIf(!hasShared(CHEXNET))(`reproduces reference-aucs.csv (computed exactly from the CheXNet predictions) to 3 decimals for all 14 findings${hasShared(CHEXNET) ? '' : ` ${needs(CHEXNET)}`}`, () => {
    const dir = join(sharedDir, 'datasets/chexnet-predictions');
    const lines = readFileSync(join(dir, 'predictions.csv'), 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1).map((l) => l.split(','));
    const refs = readFileSync(join(dir, 'reference-aucs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(refs).toHaveLength(14);
    for (const [label, auc, pos, neg] of refs) {
      const pi = header.indexOf(`prob_${label}`);
      const li = header.indexOf(`label_${label}`);
      const scores = rows.map((r) => Number(r[pi]));
      const labels = rows.map((r) => Number(r[li]));
      expect(labels.filter((v) => v === 1).length).toBe(Number(pos));
      expect(labels.filter((v) => v === 0).length).toBe(Number(neg));
      expect(aurocWithCI(scores, labels).estimate.toFixed(3), label).toBe(Number(auc).toFixed(3));
    }
  });
  it('hand example with a tie: scores [0.1, 0.4, 0.35, 0.8], labels [0, 0, 1, 1] → 0.75', () => {
    expect(aurocWithCI([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).estimate).toBe(0.75);
    expect(aurocWithCI([0.5, 0.5], [0, 1]).estimate).toBe(0.5);
  });
  it('rejects one-class input', () => {
    expect(() => aurocWithCI([0.1, 0.2], [1, 1])).toThrow(expect.objectContaining({ code: 'ONE_CLASS' }));
  });
});

describe('Wilson interval (Newcombe, Stat Med 1998, Table I)', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %f–%f', (x, n, lo, hi) => {
    const w = wilson(x, n);
    expect(w.lower).toBeCloseTo(lo, 4);
    expect(w.upper).toBeCloseTo(hi, 4);
  });
});

describe('threshold metrics', () => {
  it('counts at score ≥ threshold and picks the Youden-optimal threshold', () => {
    const s = [0.1, 0.2, 0.3, 0.6, 0.7, 0.9];
    const y = [0, 1, 0, 0, 1, 1];
    const t = atThreshold(s, y, 0.6);
    expect([t.tp, t.fp, t.tn, t.fn]).toEqual([2, 1, 2, 1]);
    // J: 0.9 → 1/3; 0.7 → 2/3 (best); 0.6 → 1/3; 0.3 → 0; 0.2 → 1/3; 0.1 → 0
    expect(youdenThreshold(s, y)).toBe(0.7);
  });
});
