/**
 * A small CNN for 1×S×S greyscale inputs with one sigmoid output, written with Float32Array and
 * hand-written forward/backward passes (no ML library exists on the project's machines).
 *
 *   conv3×3(1→c1, pad 1) → ReLU → maxpool 2×2
 *   conv3×3(c1→c2, pad 1) → ReLU → maxpool 2×2
 *   conv3×3(c2→c3, pad 1) → ReLU → global average pool → dense(c3→1) → sigmoid
 *
 * The same graph is exported to ONNX by `toOnnxGraph` (Conv, Relu, MaxPool, GlobalAveragePool,
 * Flatten, Gemm, Sigmoid), so the TypeScript forward pass is the reference the ONNX model is
 * checked against.
 */
import { Prng } from './prng.ts';

export interface TinyCnnConfig {
  size: number; // input side (divisible by 4)
  channels: [number, number, number];
}

export interface Param {
  name: string;
  shape: number[];
  data: Float32Array;
  grad: Float32Array;
  m: Float32Array; // Adam first moment
  v: Float32Array; // Adam second moment
  decay: boolean; // apply weight decay
}

function param(name: string, shape: number[], decay: boolean): Param {
  const n = shape.reduce((a, b) => a * b, 1);
  return { name, shape, data: new Float32Array(n), grad: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n), decay };
}

/** im2col for a 3×3, pad-1, stride-1 convolution: col[(c*9 + ky*3 + kx), y*W + x] = in[c, y+ky-1, x+kx-1] (0 outside). */
function im2col(inp: Float32Array, C: number, H: number, W: number, col: Float32Array): void {
  const HW = H * W;
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < 3; ky++) {
      const dy = ky - 1;
      for (let kx = 0; kx < 3; kx++) {
        const dx = kx - 1;
        const rowBase = (c * 9 + ky * 3 + kx) * HW;
        for (let y = 0; y < H; y++) {
          const sy = y + dy;
          const o = rowBase + y * W;
          if (sy < 0 || sy >= H) {
            col.fill(0, o, o + W);
            continue;
          }
          const ib = c * HW + sy * W;
          for (let x = 0; x < W; x++) {
            const sx = x + dx;
            col[o + x] = sx >= 0 && sx < W ? inp[ib + sx]! : 0;
          }
        }
      }
    }
  }
}

/** Scatter-add col gradients back to the input gradient (inverse of im2col). */
function col2im(dCol: Float32Array, C: number, H: number, W: number, dIn: Float32Array): void {
  const HW = H * W;
  dIn.fill(0);
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < 3; ky++) {
      const dy = ky - 1;
      for (let kx = 0; kx < 3; kx++) {
        const dx = kx - 1;
        const rowBase = (c * 9 + ky * 3 + kx) * HW;
        for (let y = 0; y < H; y++) {
          const sy = y + dy;
          if (sy < 0 || sy >= H) continue;
          const o = rowBase + y * W;
          const ib = c * HW + sy * W;
          for (let x = 0; x < W; x++) {
            const sx = x + dx;
            if (sx >= 0 && sx < W) dIn[ib + sx]! += dCol[o + x]!;
          }
        }
      }
    }
  }
}

/** out[K,HW] = bias + W[K, C*9] · col[C*9, HW]. K must be a multiple of 4 (4 output rows per pass). */
function convForward(col: Float32Array, C: number, HW: number, w: Float32Array, b: Float32Array, K: number, out: Float32Array): void {
  const J = C * 9;
  for (let k = 0; k < K; k += 4) {
    const o0 = k * HW, o1 = o0 + HW, o2 = o1 + HW, o3 = o2 + HW;
    out.fill(b[k]!, o0, o1);
    out.fill(b[k + 1]!, o1, o2);
    out.fill(b[k + 2]!, o2, o3);
    out.fill(b[k + 3]!, o3, o3 + HW);
    for (let j = 0; j < J; j++) {
      const w0 = w[k * J + j]!, w1 = w[(k + 1) * J + j]!, w2 = w[(k + 2) * J + j]!, w3 = w[(k + 3) * J + j]!;
      const cb = j * HW;
      for (let p = 0; p < HW; p++) {
        const c = col[cb + p]!;
        out[o0 + p]! += w0 * c;
        out[o1 + p]! += w1 * c;
        out[o2 + p]! += w2 * c;
        out[o3 + p]! += w3 * c;
      }
    }
  }
}

/** dW += dOut · colᵀ, dB += Σ dOut, and (if dCol given) dCol = Wᵀ · dOut. K multiple of 4. */
function convBackward(
  col: Float32Array, C: number, HW: number, w: Float32Array, K: number,
  dOut: Float32Array, dW: Float32Array, dB: Float32Array, dCol: Float32Array | null,
): void {
  const J = C * 9;
  if (dCol) dCol.fill(0);
  for (let k = 0; k < K; k++) {
    let sb = 0;
    for (let p = 0; p < HW; p++) sb += dOut[k * HW + p]!;
    dB[k]! += sb;
  }
  for (let k = 0; k < K; k += 4) {
    const o0 = k * HW, o1 = o0 + HW, o2 = o1 + HW, o3 = o2 + HW;
    for (let j = 0; j < J; j++) {
      const cb = j * HW;
      let g0 = 0, g1 = 0, g2 = 0, g3 = 0;
      if (dCol) {
        const w0 = w[k * J + j]!, w1 = w[(k + 1) * J + j]!, w2 = w[(k + 2) * J + j]!, w3 = w[(k + 3) * J + j]!;
        for (let p = 0; p < HW; p++) {
          const c = col[cb + p]!;
          const d0 = dOut[o0 + p]!, d1 = dOut[o1 + p]!, d2 = dOut[o2 + p]!, d3 = dOut[o3 + p]!;
          g0 += d0 * c;
          g1 += d1 * c;
          g2 += d2 * c;
          g3 += d3 * c;
          dCol[cb + p]! += w0 * d0 + w1 * d1 + w2 * d2 + w3 * d3;
        }
      } else {
        for (let p = 0; p < HW; p++) {
          const c = col[cb + p]!;
          g0 += dOut[o0 + p]! * c;
          g1 += dOut[o1 + p]! * c;
          g2 += dOut[o2 + p]! * c;
          g3 += dOut[o3 + p]! * c;
        }
      }
      dW[k * J + j]! += g0;
      dW[(k + 1) * J + j]! += g1;
      dW[(k + 2) * J + j]! += g2;
      dW[(k + 3) * J + j]! += g3;
    }
  }
}

function reluInPlace(a: Float32Array): void {
  for (let i = 0; i < a.length; i++) if (a[i]! < 0) a[i] = 0;
}

/** 2×2 stride-2 max pool; records the argmax input index of every output. */
function poolForward(inp: Float32Array, C: number, H: number, W: number, out: Float32Array, arg: Int32Array): void {
  const Ho = H >> 1;
  const Wo = W >> 1;
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < Ho; y++) {
      for (let x = 0; x < Wo; x++) {
        const i0 = c * H * W + 2 * y * W + 2 * x;
        let bi = i0;
        let bv = inp[i0]!;
        const cands = [i0 + 1, i0 + W, i0 + W + 1];
        for (const i of cands) {
          if (inp[i]! > bv) {
            bv = inp[i]!;
            bi = i;
          }
        }
        const o = (c * Ho + y) * Wo + x;
        out[o] = bv;
        arg[o] = bi;
      }
    }
  }
}

/** Workspace for one sample (activations kept for backward). */
interface Workspace {
  x: Float32Array;
  col1: Float32Array; col2: Float32Array; col3: Float32Array; dcol2: Float32Array; dcol3: Float32Array;
  a1: Float32Array; p1: Float32Array; g1: Int32Array;
  a2: Float32Array; p2: Float32Array; g2: Int32Array;
  a3: Float32Array; gap: Float32Array;
  // gradients
  dp1: Float32Array; da1: Float32Array; dp2: Float32Array; da2: Float32Array; da3: Float32Array;
}

export class TinyCnn {
  readonly config: TinyCnnConfig;
  readonly w1: Param; readonly b1: Param;
  readonly w2: Param; readonly b2: Param;
  readonly w3: Param; readonly b3: Param;
  readonly wf: Param; readonly bf: Param;
  private ws: Workspace;

  constructor(config: TinyCnnConfig, rng: Prng) {
    if (config.size % 4 !== 0) throw new RangeError('size must be divisible by 4');
    if (config.channels.some((c) => c % 4 !== 0 || c <= 0)) throw new RangeError('channel counts must be positive multiples of 4');
    this.config = config;
    const [c1, c2, c3] = config.channels;
    this.w1 = param('conv1.weight', [c1, 1, 3, 3], true);
    this.b1 = param('conv1.bias', [c1], false);
    this.w2 = param('conv2.weight', [c2, c1, 3, 3], true);
    this.b2 = param('conv2.bias', [c2], false);
    this.w3 = param('conv3.weight', [c3, c2, 3, 3], true);
    this.b3 = param('conv3.bias', [c3], false);
    this.wf = param('fc.weight', [1, c3], true);
    this.bf = param('fc.bias', [1], false);
    // He-normal initialisation for ReLU layers; the head starts small.
    const he = (p: Param, fanIn: number) => {
      const s = Math.sqrt(2 / fanIn);
      for (let i = 0; i < p.data.length; i++) p.data[i] = rng.normal() * s;
    };
    he(this.w1, 9);
    he(this.w2, 9 * c1);
    he(this.w3, 9 * c2);
    for (let i = 0; i < this.wf.data.length; i++) this.wf.data[i] = rng.normal() * Math.sqrt(1 / c3);
    this.ws = this.workspace();
  }

  params(): Param[] {
    return [this.w1, this.b1, this.w2, this.b2, this.w3, this.b3, this.wf, this.bf];
  }

  private workspace(): Workspace {
    const S = this.config.size;
    const [c1, c2, c3] = this.config.channels;
    const s1 = S * S, s2 = (S / 2) ** 2, s3 = (S / 4) ** 2;
    return {
      x: new Float32Array(s1),
      col1: new Float32Array(9 * s1), col2: new Float32Array(9 * c1 * s2), col3: new Float32Array(9 * c2 * s3),
      dcol2: new Float32Array(9 * c1 * s2), dcol3: new Float32Array(9 * c2 * s3),
      a1: new Float32Array(c1 * s1), p1: new Float32Array(c1 * s2), g1: new Int32Array(c1 * s2),
      a2: new Float32Array(c2 * s2), p2: new Float32Array(c2 * s3), g2: new Int32Array(c2 * s3),
      a3: new Float32Array(c3 * s3), gap: new Float32Array(c3),
      dp1: new Float32Array(c1 * s2), da1: new Float32Array(c1 * s1), dp2: new Float32Array(c2 * s3),
      da2: new Float32Array(c2 * s2), da3: new Float32Array(c3 * s3),
    };
  }

  /** Logit for one normalised input (length size²); activations stay in the workspace. */
  forwardLogit(x: Float32Array): number {
    const S = this.config.size;
    const [c1, c2, c3] = this.config.channels;
    const w = this.ws;
    w.x.set(x);
    im2col(w.x, 1, S, S, w.col1);
    convForward(w.col1, 1, S * S, this.w1.data, this.b1.data, c1, w.a1);
    reluInPlace(w.a1);
    poolForward(w.a1, c1, S, S, w.p1, w.g1);
    const S2 = S / 2;
    im2col(w.p1, c1, S2, S2, w.col2);
    convForward(w.col2, c1, S2 * S2, this.w2.data, this.b2.data, c2, w.a2);
    reluInPlace(w.a2);
    poolForward(w.a2, c2, S2, S2, w.p2, w.g2);
    const S4 = S / 4;
    im2col(w.p2, c2, S4, S4, w.col3);
    convForward(w.col3, c2, S4 * S4, this.w3.data, this.b3.data, c3, w.a3);
    reluInPlace(w.a3);
    const n3 = S4 * S4;
    let z = this.bf.data[0]!;
    for (let k = 0; k < c3; k++) {
      let s = 0;
      for (let i = 0; i < n3; i++) s += w.a3[k * n3 + i]!;
      w.gap[k] = s / n3;
      z += this.wf.data[k]! * w.gap[k]!;
    }
    return z;
  }

  /** Probability for one normalised input. */
  predict(x: Float32Array): number {
    return sigmoid(this.forwardLogit(x));
  }

  /** Backward from dLoss/dLogit for the sample last passed to forwardLogit; gradients accumulate. */
  backward(dz: number): void {
    const S = this.config.size;
    const [c1, c2, c3] = this.config.channels;
    const w = this.ws;
    const S2 = S / 2, S4 = S / 4, n3 = S4 * S4;
    this.bf.grad[0]! += dz;
    for (let k = 0; k < c3; k++) {
      this.wf.grad[k]! += dz * w.gap[k]!;
      const g = (dz * this.wf.data[k]!) / n3;
      for (let i = 0; i < n3; i++) w.da3[k * n3 + i] = w.a3[k * n3 + i]! > 0 ? g : 0;
    }
    convBackward(w.col3, c2, n3, this.w3.data, c3, w.da3, this.w3.grad, this.b3.grad, w.dcol3);
    col2im(w.dcol3, c2, S4, S4, w.dp2);
    w.da2.fill(0);
    for (let i = 0; i < w.dp2.length; i++) w.da2[w.g2[i]!]! += w.dp2[i]!;
    for (let i = 0; i < w.da2.length; i++) if (w.a2[i]! <= 0) w.da2[i] = 0;
    convBackward(w.col2, c1, S2 * S2, this.w2.data, c2, w.da2, this.w2.grad, this.b2.grad, w.dcol2);
    col2im(w.dcol2, c1, S2, S2, w.dp1);
    w.da1.fill(0);
    for (let i = 0; i < w.dp1.length; i++) w.da1[w.g1[i]!]! += w.dp1[i]!;
    for (let i = 0; i < w.da1.length; i++) if (w.a1[i]! <= 0) w.da1[i] = 0;
    convBackward(w.col1, 1, S * S, this.w1.data, c1, w.da1, this.w1.grad, this.b1.grad, null);
  }

  zeroGrad(): void {
    for (const p of this.params()) p.grad.fill(0);
  }

  /** Copy of the weights (for model selection). */
  snapshot(): Float32Array[] {
    return this.params().map((p) => p.data.slice());
  }

  restore(s: Float32Array[]): void {
    this.params().forEach((p, i) => p.data.set(s[i]!));
  }
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number; // decoupled (AdamW)
}

/** One AdamW step over all params using their accumulated `grad` scaled by `gradScale`. */
export function adamStep(params: Param[], step: number, gradScale: number, o: AdamOptions): void {
  const b1 = o.beta1 ?? 0.9, b2 = o.beta2 ?? 0.999, eps = o.eps ?? 1e-8, wd = o.weightDecay ?? 0;
  const c1 = 1 - b1 ** step, c2 = 1 - b2 ** step;
  for (const p of params) {
    for (let i = 0; i < p.data.length; i++) {
      const g = p.grad[i]! * gradScale;
      const m = (p.m[i] = b1 * p.m[i]! + (1 - b1) * g);
      const v = (p.v[i] = b2 * p.v[i]! + (1 - b2) * g * g);
      let upd = (m / c1) / (Math.sqrt(v / c2) + eps);
      if (p.decay && wd > 0) upd += wd * p.data[i]!;
      p.data[i]! -= o.lr * upd;
    }
  }
}
