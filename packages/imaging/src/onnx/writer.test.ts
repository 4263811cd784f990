import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { encodeOnnxModel } from './writer.ts';
import { denseNetOnnx } from './densenet.ts';
import { TinyCnn } from '../train/tiny-cnn.ts';
import { exportTinyCnn } from '../train/export.ts';
import { Prng } from '../train/prng.ts';

describe('ONNX writer', () => {
  it('a Conv → Relu → Gemm → Sigmoid graph runs in onnxruntime with hand-computed outputs', async () => {
    // 3×3 input [[1,2,3],[4,5,6],[7,8,9]], 2×2 kernel of ones, no padding → [[12,16],[24,28]];
    // bias −20 → [[−8,−4],[4,8]] → Relu [[0,0],[4,8]]; Gemm with w=[0.25,0,0,0.25]… → 0·0.25+8·0.25 = 2; sigmoid(2) = 0.880797.
    const bytes = encodeOnnxModel({
      graph: {
        name: 't',
        nodes: [
          { opType: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['c'], attributes: { kernel_shape: { ints: [2, 2] } } },
          { opType: 'Relu', inputs: ['c'], outputs: ['r'] },
          { opType: 'Flatten', inputs: ['r'], outputs: ['f'], attributes: { axis: { i: 1 } } },
          { opType: 'Gemm', inputs: ['f', 'gw', 'gb'], outputs: ['z'], attributes: { transB: { i: 1 }, alpha: { f: 1 } } },
          { opType: 'Sigmoid', inputs: ['z'], outputs: ['y'] },
        ],
        initializers: [
          { name: 'w', dims: [1, 1, 2, 2], elemType: 'FLOAT', data: Float32Array.from([1, 1, 1, 1]) },
          { name: 'b', dims: [1], elemType: 'FLOAT', data: Float32Array.from([-20]) },
          { name: 'gw', dims: [1, 4], elemType: 'FLOAT', data: Float32Array.from([0.25, 0, 0, 0.25]) },
          { name: 'gb', dims: [1], elemType: 'FLOAT', data: Float32Array.from([0]) },
        ],
        inputs: [{ name: 'x', elemType: 'FLOAT', shape: ['N', 1, 3, 3] }],
        outputs: [{ name: 'y', elemType: 'FLOAT', shape: ['N', 1] }],
      },
      metadata: { k: 'v' },
    });
    const s = await ort.InferenceSession.create(bytes);
    const out = await s.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 1, 3, 3]) });
    expect(out.y!.data[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    await s.release();
  });

  it('the exported TinyCnn equals its TypeScript forward pass', async () => {
    const rng = new Prng(3);
    const net = new TinyCnn({ size: 28, channels: [8, 16, 32] }, rng);
    const s = await ort.InferenceSession.create(exportTinyCnn(net));
    const n = 8;
    const x = Float32Array.from({ length: n * 784 }, () => rng.normal());
    const out = (await s.run({ input: new ort.Tensor('float32', x, [n, 1, 28, 28]) })).probability!.data as Float32Array;
    for (let i = 0; i < n; i++) expect(Math.abs(out[i]! - net.predict(x.subarray(i * 784, (i + 1) * 784)))).toBeLessThan(1e-5);
    await s.release();
  });

  it('the DenseNet-121 generator has torchvision densenet121’s 7,978,856 trainable parameters (1000 classes)', () => {
    // torchvision counts BN weight+bias as parameters (running mean/var are buffers); we store all four.
    const { parameters: p } = denseNetOnnx({ classes: 1000 });
    expect(p.conv + p.batchNorm / 2 + p.fc).toBe(7_978_856);
  });

  it('a small DenseNet variant loads and gives 14 sigmoid outputs', async () => {
    const { bytes } = denseNetOnnx({ blocks: [1, 1], size: 32 });
    const s = await ort.InferenceSession.create(bytes);
    const out = await s.run({ input: new ort.Tensor('float32', new Float32Array(3 * 32 * 32).fill(0.5), [1, 3, 32, 32]) });
    const y = out.probabilities!;
    expect(y.dims).toEqual([1, 14]);
    for (const v of y.data as Float32Array) expect(v > 0 && v < 1).toBe(true);
    await s.release();
  });
});
