/**
 * Generate a DenseNet-121-sized ONNX graph (Huang et al., CVPR 2017: growth rate 32, blocks
 * 6-12-24-16, bottleneck 4×growth, compression 0.5; 7.05 M parameters with the 14-class head, 28 MB)
 * with seeded random weights:
 * input [N, 3, 224, 224] → 14 sigmoid outputs, like CheXNet. Used only to time inference at a
 * realistic size (not committed). BatchNormalization nodes stay in the graph (pre-activation
 * BN cannot be folded into the preceding convolution); onnxruntime fuses what it can.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeOnnxModel, type OnnxNode, type OnnxTensor } from './writer.ts';
import { Prng } from '../train/prng.ts';

export interface DenseNetOptions {
  growth?: number;
  blocks?: number[];
  initFeatures?: number;
  classes?: number;
  size?: number;
  seed?: number;
}

export interface DenseNetParameterCount {
  total: number;
  conv: number;
  /** BatchNormalization: scale, bias, running mean and running variance (4 per channel). */
  batchNorm: number;
  fc: number;
}

export function denseNetOnnx(o: DenseNetOptions = {}): { bytes: Uint8Array; parameters: DenseNetParameterCount } {
  const growth = o.growth ?? 32;
  const blocks = o.blocks ?? [6, 12, 24, 16];
  const init = o.initFeatures ?? 64;
  const classes = o.classes ?? 14;
  const size = o.size ?? 224;
  const rng = new Prng(o.seed ?? 121);
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  const parameters: DenseNetParameterCount = { total: 0, conv: 0, batchNorm: 0, fc: 0 };
  let uid = 0;
  const name = (p: string) => `${p}_${uid++}`;
  const tensor = (n: string, dims: number[], fill: (i: number) => number): string => {
    const count = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = fill(i);
    inits.push({ name: n, dims, elemType: 'FLOAT', data });
    parameters.total += count;
    if (n.startsWith('conv')) parameters.conv += count;
    else if (n.startsWith('bn')) parameters.batchNorm += count;
    else parameters.fc += count;
    return n;
  };
  const conv = (x: string, cin: number, cout: number, k: number, stride: number, pad: number): string => {
    const w = tensor(name('conv_w'), [cout, cin, k, k], () => rng.normal() * Math.sqrt(2 / (cin * k * k)));
    const y = name('conv');
    nodes.push({ opType: 'Conv', inputs: [x, w], outputs: [y], attributes: { kernel_shape: { ints: [k, k] }, strides: { ints: [stride, stride] }, pads: { ints: [pad, pad, pad, pad] } } });
    return y;
  };
  const bnRelu = (x: string, c: number): string => {
    const s = tensor(name('bn_scale'), [c], () => 1);
    const b = tensor(name('bn_bias'), [c], () => 0);
    const m = tensor(name('bn_mean'), [c], () => 0);
    const v = tensor(name('bn_var'), [c], () => 1);
    const y = name('bn');
    nodes.push({ opType: 'BatchNormalization', inputs: [x, s, b, m, v], outputs: [y], attributes: { epsilon: { f: 1e-5 } } });
    const r = name('relu');
    nodes.push({ opType: 'Relu', inputs: [y], outputs: [r] });
    return r;
  };
  let x = conv('input', 3, init, 7, 2, 3);
  x = bnRelu(x, init);
  const p0 = name('pool');
  nodes.push({ opType: 'MaxPool', inputs: [x], outputs: [p0], attributes: { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } } });
  x = p0;
  let c = init;
  blocks.forEach((layers, bi) => {
    for (let l = 0; l < layers; l++) {
      let h = bnRelu(x, c);
      h = conv(h, c, 4 * growth, 1, 1, 0);
      h = bnRelu(h, 4 * growth);
      h = conv(h, 4 * growth, growth, 3, 1, 1);
      const cat = name('concat');
      nodes.push({ opType: 'Concat', inputs: [x, h], outputs: [cat], attributes: { axis: { i: 1 } } });
      x = cat;
      c += growth;
    }
    if (bi < blocks.length - 1) {
      let t = bnRelu(x, c);
      t = conv(t, c, c / 2, 1, 1, 0);
      const ap = name('avgpool');
      nodes.push({ opType: 'AveragePool', inputs: [t], outputs: [ap], attributes: { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } } });
      x = ap;
      c = c / 2;
    }
  });
  x = bnRelu(x, c);
  nodes.push({ opType: 'GlobalAveragePool', inputs: [x], outputs: ['gap'] });
  nodes.push({ opType: 'Flatten', inputs: ['gap'], outputs: ['flat'], attributes: { axis: { i: 1 } } });
  const fw = tensor('fc.weight', [classes, c], () => rng.normal() * Math.sqrt(1 / c));
  const fb = tensor('fc.bias', [classes], () => 0);
  nodes.push({ opType: 'Gemm', inputs: ['flat', fw, fb], outputs: ['logits'], attributes: { transB: { i: 1 } } });
  nodes.push({ opType: 'Sigmoid', inputs: ['logits'], outputs: ['probabilities'] });
  const bytes = encodeOnnxModel({
    graph: {
      name: 'densenet121_size_random',
      nodes,
      initializers: inits,
      inputs: [{ name: 'input', elemType: 'FLOAT', shape: ['N', 3, size, size] }],
      outputs: [{ name: 'probabilities', elemType: 'FLOAT', shape: ['N', classes] }],
    },
    opset: 13,
    docString: 'DenseNet-121-sized graph with random weights, for benchmarks only. Outputs are meaningless.',
  });
  return { bytes, parameters };
}

/** Write (or reuse) the benchmark graph in the OS temp folder; returns its path and SHA-256. */
export function ensureDenseNetFile(seed = 121): { path: string; sha256: string } {
  const path = join(tmpdir(), `yte-densenet121-size-seed${seed}.onnx`);
  if (existsSync(path)) {
    const bytes = readFileSync(path);
    return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  const { bytes } = denseNetOnnx({ seed });
  writeFileSync(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
}
