/**
 * Imaging pipeline latency on the CPU, per study, with the real 1024×1024 JPEG Baseline chest X-ray
 * (../shared/datasets/dicom/cxr-pa-jpeg-baseline.dcm):
 *   read (validate + parse) → decode (JPEG) → VOI → preprocess (resize + normalise) → infer.
 * "store" belongs to the server and is not measured here. Models: a DenseNet-121-sized ONNX graph
 * with random weights (224×224×3 → 14 sigmoid outputs; timing only) and the project's own
 * pneumonia-mnist-cnn. onnxruntime runs with 2 intra-op threads (the project's 2-core target).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchResult } from './lib.ts';
import { percentile } from './lib.ts';
import {
  applyVoi, clearModelCache, decodeImage, ensureDenseNetFile, initCodecs, loadModel, preprocess, readDicom, runModel,
  type LoadedModel, type ModelManifest,
} from '../packages/imaging/src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const shared = process.env.YTE_SHARED_DIR ?? resolve(here, '../../shared');

const NIH14 = ['Atelectasis', 'Cardiomegaly', 'Effusion', 'Infiltration', 'Mass', 'Nodule', 'Pneumonia', 'Pneumothorax', 'Consolidation', 'Edema', 'Emphysema', 'Fibrosis', 'Pleural_Thickening', 'Hernia'];

function denseNetManifest(sha256: string, file: string): ModelManifest {
  return {
    schemaVersion: 1, id: 'densenet121-size-random', version: '0.0.1', name: 'DenseNet-121-sized graph, random weights (benchmark only)',
    file, sha256, modality: ['CR', 'DX'],
    input: { name: 'input', shape: [-1, 3, 224, 224], layout: 'NCHW', channels: 3, height: 224, width: 224, resize: 'area',
      normalisation: { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } },
    output: { name: 'probabilities', activation: 'none' },
    labels: NIH14.map((l, i) => ({ code: `NIH-${i + 1}`, scheme: '99YTE', display: l, threshold: 0.5 })),
    intendedUse: 'Benchmark only', outOfScope: ['Everything'], licence: 'Apache-2.0', riskTier: 'low',
    provenance: { producer: 'yte bench', trainingData: 'none (random weights)' },
  };
}

const bench: Bench = async (ctx) => {
  const bytes = new Uint8Array(readFileSync(join(shared, 'datasets/dicom/cxr-pa-jpeg-baseline.dcm')));
  await initCodecs();
  const dn = ensureDenseNetFile();
  const models: [string, LoadedModel][] = [
    ['densenet121-size', await loadModel({ manifest: denseNetManifest(dn.sha256, dn.path.split('/').pop()!), dir: dirname(dn.path) }, { threads: 2 })],
    ['pneumonia-mnist-cnn', await loadModel(resolve(here, '../packages/imaging/models/pneumonia-mnist-cnn'), { threads: 2 })],
  ];
  const rows: BenchResult[] = [];
  // 200 studies per model, so the p99 is not just the single slowest one.
  const iters = ctx.quick ? 8 : 200;
  const warm = ctx.quick ? 2 : 5;
  for (const [name, model] of models) {
    const total: number[] = [];
    const overhead: number[] = [];
    const infer: number[] = [];
    for (let i = 0; i < warm + iters; i++) {
      const t0 = performance.now();
      const file = readDicom(bytes);
      const display = applyVoi(decodeImage(file), file);
      const input = preprocess(display, model.manifest.input);
      const t1 = performance.now();
      const findings = await runModel(model, input);
      const t2 = performance.now();
      if (findings.length !== model.manifest.labels.length) throw new Error('wrong number of findings');
      if (i >= warm) {
        total.push(t2 - t0);
        overhead.push(t1 - t0);
        infer.push(t2 - t1);
      }
    }
    const mean = total.reduce((a, b) => a + b, 0) / total.length;
    ctx.log(`${name}: ${iters} studies, mean ${mean.toFixed(1)} ms (read+decode+preprocess ${(overhead.reduce((a, b) => a + b, 0) / iters).toFixed(1)} ms, infer ${(infer.reduce((a, b) => a + b, 0) / iters).toFixed(1)} ms)`);
    rows.push(
      { name: `imaging study latency p50 ${name} cpu`, value: round(percentile([...total], 50)), unit: 'ms', goal: name.startsWith('densenet') ? '<= 500' : null },
      { name: `imaging study latency p99 ${name} cpu`, value: round(percentile([...total], 99)), unit: 'ms', goal: name.startsWith('densenet') ? '<= 500' : null },
      { name: `imaging inference p50 ${name} cpu`, value: round(percentile([...infer], 50)), unit: 'ms', goal: null },
      { name: `imaging pipeline overhead p50 ${name} (read+decode+preprocess, no inference)`, value: round(percentile([...overhead], 50)), unit: 'ms', goal: '<= 50' },
      { name: `imaging pipeline overhead p99 ${name} (read+decode+preprocess, no inference)`, value: round(percentile([...overhead], 99)), unit: 'ms', goal: '<= 50' },
      { name: `imaging studies/s ${name} cpu (sequential)`, value: round(1000 / mean), unit: 'studies/s', goal: name.startsWith('densenet') ? '>= 2' : null },
    );
  }
  await clearModelCache();
  return rows;
};

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

export default bench;
