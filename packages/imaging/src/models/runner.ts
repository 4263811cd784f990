/**
 * Inference runner on onnxruntime-node. A model is loaded from its manifest; the ONNX file's SHA-256
 * must equal `manifest.sha256` or loading is refused (HASH_MISMATCH) — this is how a site's
 * registered model is pinned. Sessions are cached per manifest id@version (the cached entry is only
 * reused when its verified hash equals the manifest's). Execution provider: CPU; CUDA is tried first
 * when `executionProvider: 'cuda'` is passed or env YTE_ONNX_CUDA=1, falling back to CPU with a
 * logged reason.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type * as Ort from 'onnxruntime-node';

// onnxruntime (native, ~10 MB resident) loads on the first model load, not at server start.
let ortModule: typeof Ort | undefined;
const loadOrt = async () => (ortModule ??= await import('onnxruntime-node'));
import { validateManifest, type ModelManifest } from './manifest.ts';
import type { InputTensor } from '../preprocess.ts';

export type ModelErrorCode = 'MANIFEST_NOT_FOUND' | 'MANIFEST_INVALID' | 'MODEL_FILE_MISSING' | 'HASH_MISMATCH' | 'SESSION_FAILED' | 'IO_MISMATCH' | 'INFERENCE_FAILED';

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export interface LoadedModel {
  manifest: ModelManifest;
  /** Folder of the manifest; `manifest.file` is relative to it. */
  dir: string;
  session: Ort.InferenceSession;
  executionProvider: 'cpu' | 'cuda';
  /** Why CUDA was not used, when it was asked for. */
  fallbackReason?: string;
  sha256: string;
}

export interface LoadOptions {
  /** Default: 'cuda' when env YTE_ONNX_CUDA=1, else 'cpu'. */
  executionProvider?: 'cpu' | 'cuda';
  /** Intra-op threads (default: onnxruntime's choice). */
  threads?: number;
  /** Where to report a CUDA fallback (default console.warn). */
  log?: (msg: string) => void;
  /** Bypass the session cache. */
  noCache?: boolean;
  /**
   * Let onnxruntime's worker threads busy-wait between runs (its default). Off here: on a 2-core
   * station the spinning threads took the CPU from DICOM decoding and HTTP requests between
   * studies (the pipeline's overhead p50 went from ~22 to ~47 ms), for no faster inference.
   */
  allowSpinning?: boolean;
}

export interface Finding {
  code: string;
  scheme: string;
  display: string;
  probability: number;
  threshold: number;
  positive: boolean;
}

const cache = new Map<string, Promise<LoadedModel>>();

/** Read and validate `manifest.json` (a path to the file or to its folder). */
export async function readManifest(path: string): Promise<{ manifest: ModelManifest; dir: string }> {
  const file = path.endsWith('.json') ? resolve(path) : join(resolve(path), 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ModelError('MANIFEST_NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`, 'manifest');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelError('MANIFEST_INVALID', `${file} is not valid JSON: ${(e as Error).message}`, 'manifest');
  }
  try {
    return { manifest: validateManifest(json), dir: dirname(file) };
  } catch (e) {
    const err = e as { message: string; field?: string };
    throw new ModelError('MANIFEST_INVALID', err.message, err.field);
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Load (or reuse) the session for a manifest. Throws ModelError. */
export async function loadModel(src: string | { manifest: ModelManifest; dir: string }, opts: LoadOptions = {}): Promise<LoadedModel> {
  const { manifest, dir } = typeof src === 'string' ? await readManifest(src) : src;
  const key = `${manifest.id}@${manifest.version}`;
  if (!opts.noCache) {
    const hit = cache.get(key);
    if (hit) {
      const m = await hit.catch(() => undefined);
      if (m && m.sha256 === manifest.sha256 && m.dir === dir) return m;
    }
  }
  const p = createModel(manifest, dir, opts);
  if (!opts.noCache) {
    cache.set(key, p);
    p.catch(() => {
      if (cache.get(key) === p) cache.delete(key);
    });
  }
  return p;
}

async function createModel(manifest: ModelManifest, dir: string, opts: LoadOptions): Promise<LoadedModel> {
  const path = join(dir, manifest.file);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new ModelError('MODEL_FILE_MISSING', `model file ${path} cannot be read: ${(e as Error).message}`, 'file');
  }
  const actual = sha256Hex(bytes);
  if (actual !== manifest.sha256)
    throw new ModelError('HASH_MISMATCH', `refusing to load ${manifest.id}@${manifest.version}: ${manifest.file} has SHA-256 ${actual}, manifest says ${manifest.sha256}`, 'sha256');
  const wantCuda = (opts.executionProvider ?? (process.env.YTE_ONNX_CUDA === '1' ? 'cuda' : 'cpu')) === 'cuda';
  const log = opts.log ?? ((m: string) => console.warn(m));
  const ort = await loadOrt();
  const spin = opts.allowSpinning ? '1' : '0';
  const base: Ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...(opts.threads ? { intraOpNumThreads: opts.threads } : {}),
    extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
  };
  let session: Ort.InferenceSession;
  let ep: 'cpu' | 'cuda' = 'cpu';
  let fallbackReason: string | undefined;
  if (wantCuda) {
    try {
      session = await ort.InferenceSession.create(bytes, { ...base, executionProviders: ['cuda'], logSeverityLevel: 4 }); // we log the reason ourselves
      ep = 'cuda';
    } catch (e) {
      fallbackReason = `CUDA execution provider unavailable (${(e as Error).message.split('\n')[0]}); using CPU`;
      log(`[yte-imaging] ${manifest.id}@${manifest.version}: ${fallbackReason}`);
    }
  }
  try {
    session ??= await ort.InferenceSession.create(bytes, { ...base, executionProviders: ['cpu'] });
  } catch (e) {
    throw new ModelError('SESSION_FAILED', `onnxruntime could not load ${path}: ${(e as Error).message}`, 'file');
  }
  if (!session.inputNames.includes(manifest.input.name))
    throw new ModelError('IO_MISMATCH', `graph inputs are [${session.inputNames.join(', ')}], manifest input.name is ${manifest.input.name}`, 'input.name');
  if (!session.outputNames.includes(manifest.output.name))
    throw new ModelError('IO_MISMATCH', `graph outputs are [${session.outputNames.join(', ')}], manifest output.name is ${manifest.output.name}`, 'output.name');
  return { manifest, dir, session, executionProvider: ep, ...(fallbackReason ? { fallbackReason } : {}), sha256: actual };
}

/** Drop cached sessions (all, or one id@version) and release them. */
export async function clearModelCache(key?: string): Promise<void> {
  const entries = key ? [[key, cache.get(key)] as const] : [...cache.entries()];
  for (const [k, p] of entries) {
    cache.delete(k);
    const m = await p?.catch(() => undefined);
    await m?.session.release().catch(() => undefined);
  }
}

/**
 * Run a batch: `input.dims` = [N, C, H, W] matching the manifest. Returns probabilities per image
 * (N arrays of label-count numbers) after the manifest's output activation.
 */
export async function inferProbabilities(model: LoadedModel, input: InputTensor | { data: Float32Array; dims: number[] }): Promise<number[][]> {
  const { manifest } = model;
  const [n, c, h, w] = input.dims;
  if (input.dims.length !== 4 || c !== manifest.input.channels || h !== manifest.input.height || w !== manifest.input.width || n === undefined || n < 1)
    throw new ModelError('IO_MISMATCH', `input dims [${input.dims.join(', ')}] do not match the manifest [N, ${manifest.input.channels}, ${manifest.input.height}, ${manifest.input.width}]`, 'input.shape');
  if (input.data.length !== n * c * h * w) throw new ModelError('IO_MISMATCH', `input has ${input.data.length} values for dims [${input.dims.join(', ')}]`, 'input.shape');
  const ort = await loadOrt();
  let out: Ort.Tensor;
  try {
    const res = await model.session.run({ [manifest.input.name]: new ort.Tensor('float32', input.data, input.dims) });
    out = res[manifest.output.name]!;
  } catch (e) {
    throw new ModelError('INFERENCE_FAILED', `inference failed: ${(e as Error).message}`);
  }
  const L = manifest.labels.length;
  const raw = out.data as Float32Array;
  if (raw.length !== n * L) throw new ModelError('IO_MISMATCH', `output has ${raw.length} values, expected ${n}×${L} labels`, 'labels');
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = Array.from(raw.subarray(i * L, (i + 1) * L));
    if (manifest.output.activation === 'sigmoid') rows.push(r.map((z) => 1 / (1 + Math.exp(-z))));
    else if (manifest.output.activation === 'softmax') {
      const mx = Math.max(...r);
      const e = r.map((z) => Math.exp(z - mx));
      const s = e.reduce((a, b) => a + b, 0);
      rows.push(e.map((v) => v / s));
    } else rows.push(r);
  }
  return rows;
}

/** Probabilities of one image → findings with the manifest's per-label thresholds. */
export function toFindings(manifest: ModelManifest, probs: number[]): Finding[] {
  return manifest.labels.map((l, i) => {
    const p = probs[i]!;
    return { code: l.code, scheme: l.scheme, display: l.display, probability: p, threshold: l.threshold, positive: p >= l.threshold };
  });
}

/** Run one preprocessed image (dims [1, C, H, W]) and return its findings. */
export async function runModel(model: LoadedModel, input: InputTensor): Promise<Finding[]> {
  const [probs] = await inferProbabilities(model, input);
  return toFindings(model.manifest, probs!);
}
