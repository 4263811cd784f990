/**
 * Model manifest: everything the platform needs to load, run and describe an ONNX model without a
 * code change. A site registers its own licensed model by placing `model.onnx` + `manifest.json`
 * in a folder; `validateManifest` checks the JSON and the runner checks the file's SHA-256.
 *
 * Schema (version 1) — see packages/imaging/README.md for an annotated example.
 */

export type RiskTier = 'low' | 'medium' | 'high';
export type OutputActivation = 'sigmoid' | 'softmax' | 'none';
export type ResizeMethod = 'bilinear' | 'area';

export interface ManifestLabel {
  /** Code value, e.g. SNOMED CT 233604007 for pneumonia. */
  code: string;
  /** Coding scheme designator as used in DICOM code sequences: 'SCT', 'DCM', 'RADLEX', or a local '99…' scheme. */
  scheme: string;
  /** Human-readable meaning (DICOM CodeMeaning). */
  display: string;
  /** Operating threshold on the probability: probability >= threshold → positive. */
  threshold: number;
}

export interface ManifestNormalisation {
  /** Multiply raw 8-bit-rendered pixel values (0..255) by this first, e.g. 1/255. */
  scale: number;
  /** Then subtract mean[c] and divide by std[c] per channel (length = channels). */
  mean: number[];
  std: number[];
}

export interface ManifestInput {
  /** Graph input name. */
  name: string;
  /** Full tensor shape; -1 for a dynamic batch dimension, e.g. [-1, 1, 28, 28]. */
  shape: number[];
  layout: 'NCHW';
  channels: 1 | 3;
  /** Spatial size the image is resized to. */
  height: number;
  width: number;
  resize: ResizeMethod;
  normalisation: ManifestNormalisation;
}

export interface ManifestOutput {
  /** Graph output name. */
  name: string;
  /** Activation the runner applies to the raw output ('none' when the graph already ends in Sigmoid/Softmax). */
  activation: OutputActivation;
}

export interface ManifestMetrics {
  split: string;
  n: number;
  positives: number;
  auroc: number;
  aurocCi95: [number, number];
  threshold: number;
  sensitivity: number;
  sensitivityCi95: [number, number];
  specificity: number;
  specificityCi95: [number, number];
}

export interface ManifestProvenance {
  /** Who produced the model (vendor or 'yte project'). */
  producer: string;
  /** Training data description and its licence. */
  trainingData: string;
  dataLicence?: string;
  trainingCommand?: string;
  seed?: number;
  /** Measured performance, if the producer reports it. */
  metrics?: ManifestMetrics;
  notes?: string;
}

export interface ModelManifest {
  schemaVersion: 1;
  id: string;
  version: string;
  name: string;
  /** ONNX file name relative to the manifest's folder. */
  file: string;
  /** Lower-case hex SHA-256 of the ONNX file. */
  sha256: string;
  modality: string[];
  input: ManifestInput;
  output: ManifestOutput;
  labels: ManifestLabel[];
  intendedUse: string;
  outOfScope: string[];
  licence: string;
  riskTier: RiskTier;
  provenance: ManifestProvenance;
}

export class ManifestError extends Error {
  constructor(
    readonly code: 'MANIFEST_INVALID',
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

type Obj = Record<string, unknown>;

function fail(field: string, msg: string): never {
  throw new ManifestError('MANIFEST_INVALID', `manifest ${field}: ${msg}`, field);
}
function obj(v: unknown, f: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(f, 'must be an object');
  return v as Obj;
}
function str(v: unknown, f: string, re?: RegExp): string {
  if (typeof v !== 'string' || v.trim() === '') fail(f, 'must be a non-empty string');
  if (re && !re.test(v)) fail(f, `must match ${re}`);
  return v;
}
function num(v: unknown, f: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(f, 'must be a finite number');
  if (v < min || v > max) fail(f, `must be within [${min}, ${max}]`);
  return v;
}
function int(v: unknown, f: string, min = -Infinity): number {
  const n = num(v, f, min);
  if (!Number.isInteger(n)) fail(f, 'must be an integer');
  return n;
}
function oneOf<T extends string>(v: unknown, f: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) fail(f, `must be one of ${allowed.join(', ')}`);
  return v as T;
}
function arr(v: unknown, f: string, minLen = 0): unknown[] {
  if (!Array.isArray(v)) fail(f, 'must be an array');
  if (v.length < minLen) fail(f, `needs at least ${minLen} item(s)`);
  return v;
}
function pair(v: unknown, f: string): [number, number] {
  const a = arr(v, f, 2);
  if (a.length !== 2) fail(f, 'must be [lower, upper]');
  return [num(a[0], `${f}[0]`, 0, 1), num(a[1], `${f}[1]`, 0, 1)];
}

function metrics(v: unknown, f: string): ManifestMetrics {
  const m = obj(v, f);
  return {
    split: str(m.split, `${f}.split`),
    n: int(m.n, `${f}.n`, 1),
    positives: int(m.positives, `${f}.positives`, 0),
    auroc: num(m.auroc, `${f}.auroc`, 0, 1),
    aurocCi95: pair(m.aurocCi95, `${f}.aurocCi95`),
    threshold: num(m.threshold, `${f}.threshold`, 0, 1),
    sensitivity: num(m.sensitivity, `${f}.sensitivity`, 0, 1),
    sensitivityCi95: pair(m.sensitivityCi95, `${f}.sensitivityCi95`),
    specificity: num(m.specificity, `${f}.specificity`, 0, 1),
    specificityCi95: pair(m.specificityCi95, `${f}.specificityCi95`),
  };
}

/**
 * Validate parsed JSON as a ModelManifest. Throws ManifestError naming the first bad field.
 * Unknown extra fields are ignored (forward compatible); the returned object holds only known ones.
 */
export function validateManifest(json: unknown): ModelManifest {
  const m = obj(json, '$');
  if (m.schemaVersion !== 1) fail('schemaVersion', 'must be 1');
  const input = obj(m.input, 'input');
  const norm = obj(input.normalisation, 'input.normalisation');
  const channels = int(input.channels, 'input.channels', 1);
  if (channels !== 1 && channels !== 3) fail('input.channels', 'must be 1 or 3');
  const height = int(input.height, 'input.height', 1);
  const width = int(input.width, 'input.width', 1);
  const shape = arr(input.shape, 'input.shape', 4).map((d, i) => int(d, `input.shape[${i}]`, -1));
  if (shape.length !== 4) fail('input.shape', 'must have 4 dimensions (NCHW)');
  if (shape[1] !== channels || shape[2] !== height || shape[3] !== width)
    fail('input.shape', `must be [N, ${channels}, ${height}, ${width}] to agree with channels/height/width`);
  const mean = arr(norm.mean, 'input.normalisation.mean', 1).map((x, i) => num(x, `input.normalisation.mean[${i}]`));
  const std = arr(norm.std, 'input.normalisation.std', 1).map((x, i) => num(x, `input.normalisation.std[${i}]`, Number.MIN_VALUE));
  if (mean.length !== channels) fail('input.normalisation.mean', `needs ${channels} value(s)`);
  if (std.length !== channels) fail('input.normalisation.std', `needs ${channels} value(s)`);
  const output = obj(m.output, 'output');
  const labels = arr(m.labels, 'labels', 1).map((l, i) => {
    const o = obj(l, `labels[${i}]`);
    return {
      code: str(o.code, `labels[${i}].code`),
      scheme: str(o.scheme, `labels[${i}].scheme`),
      display: str(o.display, `labels[${i}].display`),
      threshold: num(o.threshold, `labels[${i}].threshold`, 0, 1),
    };
  });
  const codes = new Set(labels.map((l) => `${l.scheme}:${l.code}`));
  if (codes.size !== labels.length) fail('labels', 'codes must be unique');
  const prov = obj(m.provenance, 'provenance');
  const provenance: ManifestProvenance = {
    producer: str(prov.producer, 'provenance.producer'),
    trainingData: str(prov.trainingData, 'provenance.trainingData'),
  };
  if (prov.dataLicence !== undefined) provenance.dataLicence = str(prov.dataLicence, 'provenance.dataLicence');
  if (prov.trainingCommand !== undefined) provenance.trainingCommand = str(prov.trainingCommand, 'provenance.trainingCommand');
  if (prov.seed !== undefined) provenance.seed = int(prov.seed, 'provenance.seed');
  if (prov.metrics !== undefined) provenance.metrics = metrics(prov.metrics, 'provenance.metrics');
  if (prov.notes !== undefined) provenance.notes = str(prov.notes, 'provenance.notes');
  return {
    schemaVersion: 1,
    id: str(m.id, 'id', /^[a-z0-9][a-z0-9._-]{0,63}$/),
    version: str(m.version, 'version', /^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/),
    name: str(m.name, 'name'),
    file: str(m.file, 'file', /^[^/\\]+\.onnx$/),
    sha256: str(m.sha256, 'sha256', /^[0-9a-f]{64}$/),
    modality: arr(m.modality, 'modality', 1).map((x, i) => str(x, `modality[${i}]`, /^[A-Z]{2,4}$/)),
    input: {
      name: str(input.name, 'input.name'),
      shape,
      layout: oneOf(input.layout, 'input.layout', ['NCHW'] as const),
      channels,
      height,
      width,
      resize: oneOf(input.resize, 'input.resize', ['bilinear', 'area'] as const),
      normalisation: { scale: num(norm.scale, 'input.normalisation.scale', Number.MIN_VALUE), mean, std },
    },
    output: {
      name: str(output.name, 'output.name'),
      activation: oneOf(output.activation, 'output.activation', ['sigmoid', 'softmax', 'none'] as const),
    },
    labels,
    intendedUse: str(m.intendedUse, 'intendedUse'),
    outOfScope: arr(m.outOfScope, 'outOfScope', 1).map((x, i) => str(x, `outOfScope[${i}]`)),
    licence: str(m.licence, 'licence'),
    riskTier: oneOf(m.riskTier, 'riskTier', ['low', 'medium', 'high'] as const),
    provenance,
  } as ModelManifest;
}
