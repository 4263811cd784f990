import { describe, expect, it } from 'vitest';
import { Prng } from './prng.ts';
import { TinyCnn, sigmoid } from './tiny-cnn.ts';

describe('TinyCnn backward', () => {
  it('matches central-difference gradients of the BCE loss for every parameter tensor', () => {
    const rng = new Prng(7);
    const net = new TinyCnn({ size: 8, channels: [4, 8, 4] }, rng);
    const x = new Float32Array(64).map(() => rng.normal());
    const y = 1;
    const loss = () => {
      const p = sigmoid(net.forwardLogit(x));
      return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    };
    net.zeroGrad();
    const p = sigmoid(net.forwardLogit(x));
    net.backward(p - y);
    for (const prm of net.params()) {
      for (const i of [0, Math.floor(prm.data.length / 2), prm.data.length - 1]) {
        const orig = prm.data[i]!;
        const h = 1e-2;
        prm.data[i] = orig + h;
        const lp = loss();
        prm.data[i] = orig - h;
        const lm = loss();
        prm.data[i] = orig;
        const num = (lp - lm) / (2 * h);
        expect(prm.grad[i]!, `${prm.name}[${i}]`).toBeCloseTo(num, 2);
      }
    }
  });
});
