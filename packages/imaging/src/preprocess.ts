/**
 * Model input preparation: resize (bilinear or area) and normalise per a model manifest into an
 * NCHW Float32 tensor. Input is a presentation image (values in [0, 1], 1 = white, see pixels.ts),
 * which is first mapped to the 0..255 range that 8-bit training images use.
 */
import type { DisplayImage } from './pixels.ts';
import type { ManifestInput, ResizeMethod } from './models/manifest.ts';

export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

export class PreprocessError extends Error {
  constructor(
    readonly code: 'INVALID_INPUT',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PreprocessError';
  }
}

function checkImage(img: GreyImage): void {
  if (!(img.width > 0 && img.height > 0) || img.data.length !== img.width * img.height)
    throw new PreprocessError('INVALID_INPUT', `image data has ${img.data.length} values for ${img.width}×${img.height}`, 'data');
}

/**
 * Bilinear resize with half-pixel centres (the convention of OpenCV INTER_LINEAR and PyTorch
 * interpolate(align_corners=False)): source x = (dst x + 0.5) · W/w − 0.5, clamped at the edges.
 */
export function resizeBilinear(img: GreyImage, width: number, height: number): GreyImage {
  checkImage(img);
  const { width: W, height: H, data } = img;
  const out = new Float32Array(width * height);
  const sx = W / width;
  const sy = H / height;
  const x0s = new Int32Array(width), x1s = new Int32Array(width), fxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(W - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    const x0 = Math.floor(fx);
    x0s[x] = x0;
    x1s[x] = Math.min(W - 1, x0 + 1);
    fxs[x] = fx - x0;
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(H - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(H - 1, y0 + 1);
    const wy = fy - y0;
    const r0 = y0 * W;
    const r1 = y1 * W;
    for (let x = 0; x < width; x++) {
      const a = x0s[x]!, b = x1s[x]!, wx = fxs[x]!;
      const top = data[r0 + a]! + (data[r0 + b]! - data[r0 + a]!) * wx;
      const bot = data[r1 + a]! + (data[r1 + b]! - data[r1 + a]!) * wx;
      out[y * width + x] = top + (bot - top) * wy;
    }
  }
  return { width, height, data: out };
}

/**
 * Area (box-filter) resize: each output pixel is the mean of the source area it covers, with
 * fractional edge coverage (OpenCV INTER_AREA for downscaling). Upscaling falls back to bilinear.
 * Implemented separably (rows, then columns).
 */
export function resizeArea(img: GreyImage, width: number, height: number): GreyImage {
  checkImage(img);
  const { width: W, height: H } = img;
  if (width > W || height > H) return resizeBilinear(img, width, height);
  // Precompute 1-D weights as flat typed arrays: for output o, taps start[o]..start[o+1] of (idx, wt).
  const plan = (src: number, dst: number) => {
    const scale = src / dst;
    const start = new Int32Array(dst + 1);
    const idx: number[] = [];
    const wts: number[] = [];
    for (let o = 0; o < dst; o++) {
      start[o] = idx.length;
      const a = o * scale;
      const b = (o + 1) * scale;
      for (let s = Math.floor(a); s < Math.min(src, Math.ceil(b)); s++) {
        const w = Math.min(b, s + 1) - Math.max(a, s);
        if (w > 1e-9) {
          idx.push(s);
          wts.push(w / scale);
        }
      }
    }
    start[dst] = idx.length;
    return { start, idx: Int32Array.from(idx), wts: Float32Array.from(wts) };
  };
  const px = plan(W, width);
  const py = plan(H, height);
  const src = img.data;
  // Columns first (per source row), then rows.
  const tmp = new Float32Array(width * H);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    const orow = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = px.start[x]!, e = px.start[x + 1]!; k < e; k++) s += src[row + px.idx[k]!]! * px.wts[k]!;
      tmp[orow + x] = s;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const orow = y * width;
    for (let k = py.start[y]!, e = py.start[y + 1]!; k < e; k++) {
      const w = py.wts[k]!;
      const trow = py.idx[k]! * width;
      for (let x = 0; x < width; x++) out[orow + x]! += tmp[trow + x]! * w;
    }
  }
  return { width, height, data: out };
}

export function resize(img: GreyImage, width: number, height: number, method: ResizeMethod): GreyImage {
  return method === 'area' ? resizeArea(img, width, height) : resizeBilinear(img, width, height);
}

/** A model input tensor (NCHW, batch 1). */
export interface InputTensor {
  data: Float32Array;
  dims: [number, number, number, number];
}

/**
 * Presentation image ([0,1]) → model tensor per the manifest: resize to input.height×input.width,
 * scale to 0..255, multiply by normalisation.scale, subtract mean[c], divide by std[c]; channels 1
 * or 3 (greyscale replicated), layout NCHW.
 */
export function preprocess(img: DisplayImage | GreyImage, input: ManifestInput): InputTensor {
  const r = img.width === input.width && img.height === input.height ? img : resize(img, input.width, input.height, input.resize);
  const hw = input.width * input.height;
  const C = input.channels;
  const out = new Float32Array(C * hw);
  const { scale, mean, std } = input.normalisation;
  for (let c = 0; c < C; c++) {
    const m = mean[c]!;
    const s = std[c]!;
    const k = (255 * scale) / s;
    const b = -m / s;
    const base = c * hw;
    for (let i = 0; i < hw; i++) out[base + i] = r.data[i]! * k + b;
  }
  return { data: out, dims: [1, C, input.height, input.width] };
}
