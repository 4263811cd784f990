/** The one place this module imports the imaging package from. */
/// <reference path="../../../../../packages/imaging/src/types/dcmjs.d.ts" />
export {
  readDicom, DicomError, isDicomError, renderUint8, decodeImageAsync, applyVoi, toUint8, encodePng, preprocess, resize,
  validateManifest, ManifestError, loadModel, runModel, readManifest, ModelError, jpegToDicom, pixelsToDicom, uidFromName, findingCode, personName,
  writePart10, transferSyntaxInfo, dicomJsonOf, runQido, QidoError, tagOf, transcodeToExplicitLE, frameData, TS, encodeJpegGrey,
  writeFindingsSr, writeFindingsGsps, parseMeasurementReport, encodeOnnxModel,
  type DicomJson, type QidoLevel,
  type DicomFile, type DicomSummary, type DicomErrorCode, type ModelManifest, type Finding, type SrFinding,
} from '@yte/imaging';
