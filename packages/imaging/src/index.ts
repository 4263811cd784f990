/**
 * @yte/imaging — DICOM in, pixels out, models run, findings written back as DICOM.
 *
 *   const file = readDicom(bytes);                       // validate + parse (DicomError on bad input)
 *   const img = await decodeImageAsync(file);            // Float32 modality values
 *   const display = applyVoi(img, file);                 // window/level, MONOCHROME1 inverted, [0,1]
 *   const png = encodePng(display.width, display.height, toUint8(display));   // viewer preview
 *   const model = await loadModel('packages/imaging/models/pneumonia-mnist-cnn'); // SHA-256 checked
 *   const findings = await runModel(model, preprocess(display, model.manifest.input));
 *   const sr = writeFindingsSr({ source: file.summary, model: model.manifest, findings: … });
 *
 * See packages/imaging/README.md.
 */
export { DicomError, isDicomError, type DicomErrorCode } from './dicom/errors.ts';
export { readDicom, sniffFormat, type DicomFile, type DicomSummary, type ReadOptions } from './dicom/read.ts';
export { SUPPORTED_TRANSFER_SYNTAXES, TS, transferSyntaxInfo, type TransferSyntaxInfo } from './dicom/transfer-syntax.ts';
export {
  jpegToDicom, pixelsToDicom, jpegInfo, writePart10, studyAttributes, SOP_CLASS,
  type ImageMeta, type StudyMeta, type JpegInfo, type JpegToDicomOptions,
} from './dicom/write.ts';
export {
  writeFindingsSr, parseMeasurementReport, writeFindingsGsps, personName, YTE_CODES,
  type Box, type Code, type SrFinding, type FindingsSrInput, type ParsedFinding, type ParsedReport, type GspsInput,
} from './dicom/sr.ts';
export { CHEST_FINDING_CODES, UNLISTED_FINDING, findingCode } from './dicom/codes.ts';
export { dicomJsonOf, tagOf, vrOf, matcherFor, valuesOf, firstString, type DicomJson, type JsonAttr } from './dicom/json.ts';
export { runQido, QidoError, STUDY_RETURN, SERIES_RETURN, INSTANCE_RETURN, type QidoLevel, type QidoRequest, type QidoResult } from './dicom/qido.ts';
export { transcodeToExplicitLE, frameData, type FrameData } from './dicom/transcode.ts';
export { randomUid, uidFromName, isValidUid } from './dicom/uid.ts';
export {
  initCodecs, codecsReady, decodeImage, decodeImageAsync, applyVoi, toUint8, renderUint8,
  type ModalityImage, type DisplayImage, type DecodeOptions, type VoiOptions,
} from './pixels.ts';
export { encodePng, crc32, PngError, type PngOptions } from './png.ts';
export { encodeJpegGrey } from './jpeg.ts';
export { preprocess, resize, resizeArea, resizeBilinear, PreprocessError, type GreyImage, type InputTensor } from './preprocess.ts';
export {
  validateManifest, ManifestError,
  type ModelManifest, type ManifestLabel, type ManifestInput, type ManifestOutput, type ManifestNormalisation,
  type ManifestMetrics, type ManifestProvenance, type RiskTier, type OutputActivation, type ResizeMethod,
} from './models/manifest.ts';
export {
  loadModel, readManifest, runModel, inferProbabilities, toFindings, clearModelCache, sha256Hex, ModelError,
  type LoadedModel, type LoadOptions, type Finding, type ModelErrorCode,
} from './models/runner.ts';
export { auroc, aurocWithCI, wilson, atThreshold, youdenThreshold, MetricsError, type Interval, type ThresholdMetrics } from './eval/metrics.ts';
export { readNpz, readNpy, npzGet, NpzError, type NpyArray } from './data/npz.ts';
export { encodeOnnxModel, type OnnxModel, type OnnxGraph, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './onnx/writer.ts';
export { denseNetOnnx, ensureDenseNetFile, type DenseNetOptions, type DenseNetParameterCount } from './onnx/densenet.ts';

import { readDicom, type ReadOptions, type DicomFile } from './dicom/read.ts';
import { decodeImageAsync, applyVoi, type DisplayImage, type VoiOptions } from './pixels.ts';
import { preprocess } from './preprocess.ts';
import { runModel, type LoadedModel, type Finding } from './models/runner.ts';

export interface StudyResult {
  file: DicomFile;
  display: DisplayImage;
  findings: Finding[];
  timings: { readMs: number; decodeMs: number; preprocessMs: number; inferMs: number };
}

/** The whole per-image pipeline: bytes → validated DICOM → pixels → model input → findings. */
export async function analyseDicom(bytes: Uint8Array, model: LoadedModel, opts: ReadOptions & VoiOptions = {}): Promise<StudyResult> {
  const t0 = performance.now();
  const file = readDicom(bytes, opts);
  const t1 = performance.now();
  const img = await decodeImageAsync(file);
  const display = applyVoi(img, file, opts);
  const t2 = performance.now();
  const input = preprocess(display, model.manifest.input);
  const t3 = performance.now();
  const findings = await runModel(model, input);
  const t4 = performance.now();
  return { file, display, findings, timings: { readMs: t1 - t0, decodeMs: t2 - t1, preprocessMs: t3 - t2, inferMs: t4 - t3 } };
}
