/**
 * Create DICOM Part 10 files.
 *
 * `jpegToDicom(jpeg, meta)` wraps an existing baseline JPEG unchanged (no re-encoding, so no further
 * loss) as a Secondary Capture image in the JPEG Baseline (Process 1) transfer syntax
 * 1.2.840.10008.1.2.4.50 (PS3.5 §8.2.1, encapsulated in one fragment after an empty Basic Offset
 * Table). Rows, columns and components come from the JPEG's SOF0 header. Text is UTF-8
 * (Specific Character Set ISO_IR 192), so Vietnamese names survive.
 *
 * JPEG Baseline cannot carry a progressive JPEG (SOF2) — and all 621 NIH sample images are
 * progressive. Those are decoded once (no further loss: the decoded pixels are stored exactly) and
 * written uncompressed in Explicit VR Little Endian; greyscale content stored as 3-component JPEG
 * becomes MONOCHROME2. Pass `{ mode: 'encapsulate-only' }` to reject instead.
 */
import dcmjs from 'dcmjs';
import { DicomError } from './errors.ts';
import { isValidUid, randomUid } from './uid.ts';
import { TS } from './transfer-syntax.ts';
import { initCodecs } from '../pixels.ts';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const SOP_CLASS = {
  SecondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
  ComprehensiveSR: '1.2.840.10008.5.1.4.1.1.88.33',
  GrayscaleSoftcopyPresentationState: '1.2.840.10008.5.1.4.1.1.11.1',
} as const;

/** Patient/study/series metadata for a new object. Dates are DICOM DA (YYYYMMDD), times TM (HHMMSS). */
export interface StudyMeta {
  patientId: string;
  /** DICOM PN, e.g. "Nguyễn^Văn An". */
  patientName?: string;
  patientSex?: 'M' | 'F' | 'O';
  patientBirthDate?: string;
  /** DICOM AS, e.g. "062Y". */
  patientAge?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  studyDate?: string;
  studyTime?: string;
  accessionNumber?: string;
  studyId?: string;
  studyDescription?: string;
  seriesDescription?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  institutionName?: string;
  referringPhysicianName?: string;
}

export interface ImageMeta extends StudyMeta {
  /** Default 'CR'. */
  modality?: string;
  /** Default 'CHEST'. */
  bodyPartExamined?: string;
  /**
   * e.g. 'PA', 'AP'. Not written: ViewPosition (0018,5101) is not in the Secondary Capture IOD
   * (PS3.3 A.8.1; dciodvfy flags it). Put the view in seriesDescription instead.
   */
  viewPosition?: string;
  /** Pixel spacing in mm [row, column], if known. */
  pixelSpacing?: [number, number];
  imageComments?: string;
}

export interface JpegInfo {
  width: number;
  height: number;
  components: number;
  precision: number;
  /** SOF marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, … */
  sof: number;
  /** Horizontal×vertical sampling of the first component (2×2 or 2×1 means chroma subsampled). */
  subsampled: boolean;
}

/** Read the frame header of a JPEG (ITU T.81 §B.2.2). Throws DicomError INVALID_INPUT. */
export function jpegInfo(jpeg: Uint8Array): JpegInfo {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new DicomError('INVALID_INPUT', 'not a JPEG: missing SOI marker (FF D8)');
  let o = 2;
  while (o + 4 <= jpeg.length) {
    if (jpeg[o] !== 0xff) throw new DicomError('INVALID_INPUT', `JPEG marker expected at byte ${o}`);
    const m = jpeg[o + 1]!;
    if (m === 0xff) {
      o++;
      continue;
    }
    if (m === 0xd8 || (m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      o += 2;
      continue;
    }
    const len = (jpeg[o + 2]! << 8) | jpeg[o + 3]!;
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (o + 2 + len > jpeg.length || len < 8) throw new DicomError('INVALID_INPUT', 'truncated JPEG frame header');
      const precision = jpeg[o + 4]!;
      const height = (jpeg[o + 5]! << 8) | jpeg[o + 6]!;
      const width = (jpeg[o + 7]! << 8) | jpeg[o + 8]!;
      const components = jpeg[o + 9]!;
      const samp = jpeg[o + 11] ?? 0x11;
      return { width, height, components, precision, sof: m, subsampled: samp !== 0x11 && components === 3 };
    }
    if (m === 0xda || m === 0xd9) break;
    o += 2 + len;
  }
  throw new DicomError('INVALID_INPUT', 'JPEG has no frame header (SOF) before the image data');
}

function checkUid(v: string | undefined, field: string): string {
  if (v === undefined) return randomUid();
  if (!isValidUid(v)) throw new DicomError('INVALID_INPUT', `${field} "${v}" is not a valid DICOM UID`, field);
  return v;
}

const DA_RE = /^\d{8}$/;
const TM_RE = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;

/** Patient + General Study + General Series attributes shared by every object we write. */
export function studyAttributes(meta: StudyMeta, now: Date): Record<string, unknown> {
  if (!meta.patientId || meta.patientId.length > 64) throw new DicomError('INVALID_INPUT', 'patientId is required (≤ 64 characters)', 'patientId');
  if (meta.studyDate !== undefined && !DA_RE.test(meta.studyDate)) throw new DicomError('INVALID_INPUT', `studyDate "${meta.studyDate}" is not YYYYMMDD`, 'studyDate');
  if (meta.studyTime !== undefined && !TM_RE.test(meta.studyTime)) throw new DicomError('INVALID_INPUT', `studyTime "${meta.studyTime}" is not HHMMSS`, 'studyTime');
  if (meta.patientBirthDate !== undefined && meta.patientBirthDate !== '' && !DA_RE.test(meta.patientBirthDate))
    throw new DicomError('INVALID_INPUT', `patientBirthDate "${meta.patientBirthDate}" is not YYYYMMDD`, 'patientBirthDate');
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const time = now.toISOString().slice(11, 19).replace(/:/g, '');
  const ds: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: meta.patientName ?? '',
    PatientID: meta.patientId,
    PatientBirthDate: meta.patientBirthDate ?? '',
    PatientSex: meta.patientSex ?? '',
    StudyInstanceUID: checkUid(meta.studyInstanceUid, 'studyInstanceUid'),
    StudyDate: meta.studyDate ?? date,
    StudyTime: meta.studyTime ?? time,
    ReferringPhysicianName: meta.referringPhysicianName ?? '',
    StudyID: meta.studyId ?? '',
    AccessionNumber: meta.accessionNumber ?? '',
    SeriesInstanceUID: checkUid(meta.seriesInstanceUid, 'seriesInstanceUid'),
    SeriesNumber: meta.seriesNumber ?? 1,
    InstanceNumber: meta.instanceNumber ?? 1,
  };
  if (meta.patientAge) ds.PatientAge = meta.patientAge;
  if (meta.studyDescription) ds.StudyDescription = meta.studyDescription;
  if (meta.seriesDescription) ds.SeriesDescription = meta.seriesDescription;
  if (meta.institutionName) ds.InstitutionName = meta.institutionName;
  return ds;
}

/** Serialise a naturalised data set as Part 10 with the given transfer syntax. */
export function writePart10(dataset: Record<string, unknown>, transferSyntaxUid: string): Uint8Array {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: transferSyntaxUid,
    ImplementationClassUID: '2.25.80302813137786398554742050926734630921',
    ImplementationVersionName: 'YTE_IMAGING_01',
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write({ fragmentMultiframe: false }));
}

/**
 * Secondary Capture Image IOD attributes (PS3.3 A.8.1) without the pixel description: patient,
 * study, series, General Equipment (Manufacturer, Type 2) and SC Equipment (Conversion Type).
 */
function secondaryCapture(meta: ImageMeta, now: Date, width: number, height: number): Record<string, unknown> {
  const ds: Record<string, unknown> = {
    ...studyAttributes(meta, now),
    SOPClassUID: SOP_CLASS.SecondaryCapture,
    SOPInstanceUID: checkUid(meta.sopInstanceUid, 'sopInstanceUid'),
    Modality: meta.modality ?? 'CR',
    Manufacturer: 'yte',
    ConversionType: 'WSD',
    BodyPartExamined: meta.bodyPartExamined ?? 'CHEST',
    PatientOrientation: '',
    ImageType: ['DERIVED', 'SECONDARY'],
    InstanceCreationDate: now.toISOString().slice(0, 10).replace(/-/g, ''),
    InstanceCreationTime: now.toISOString().slice(11, 19).replace(/:/g, ''),
    Rows: height,
    Columns: width,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    _vrMap: { PixelData: 'OB' },
  };
  if (meta.pixelSpacing) ds.PixelSpacing = meta.pixelSpacing;
  if (meta.imageComments) ds.ImageComments = meta.imageComments;
  return ds;
}

/**
 * 8-bit greyscale pixels (row by row, width × height) as a Secondary Capture image in Explicit VR
 * Little Endian (MONOCHROME2). Used for images yte renders itself and for tests that must not
 * depend on sample files.
 */
export function pixelsToDicom(pixels: Uint8Array, width: number, height: number, meta: ImageMeta, opts: { now?: Date } = {}): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 65535 || height > 65535)
    throw new DicomError('INVALID_INPUT', `image size ${width}×${height} is not valid`, 'pixels');
  if (pixels.length !== width * height) throw new DicomError('INVALID_INPUT', `expected ${width * height} pixels, got ${pixels.length}`, 'pixels');
  const ds: Record<string, unknown> = {
    ...secondaryCapture(meta, opts.now ?? new Date(), width, height),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
  };
  return writePart10(ds, TS.ExplicitVRLittleEndian);
}

export interface JpegToDicomOptions {
  /** 'auto' (default): encapsulate baseline, decode other JPEG processes to native pixels. */
  mode?: 'auto' | 'encapsulate-only';
  /** Content/instance creation time (pass it for reproducible files). Default: now. */
  now?: Date;
}

interface Decoder {
  decodeJpeg(ctx: Record<string, () => unknown>, encoded: Uint8Array, params?: Record<string, unknown>): Uint8Array;
}

/** Decode any JPEG process the codec supports to 8-bit samples (RGB interleaved for 3 components). */
function decodeJpegPixels(jpeg: Uint8Array, info: JpegInfo): Uint8Array {
  const { NativePixelDecoder } = require('dcmjs-imaging') as { NativePixelDecoder: Decoder };
  const ctx = {
    getWidth: () => info.width,
    getHeight: () => info.height,
    getBitsAllocated: () => 8,
    getBitsStored: () => 8,
    getSamplesPerPixel: () => info.components,
    getPixelRepresentation: () => 0,
    getPlanarConfiguration: () => 0,
    getPhotometricInterpretation: () => (info.components === 1 ? 'MONOCHROME2' : 'YBR_FULL_422'),
  };
  try {
    return NativePixelDecoder.decodeJpeg(ctx, jpeg, info.components === 3 ? { convertColorspaceToRgb: true } : {});
  } catch (e) {
    throw new DicomError('DECODE_FAILED', `the JPEG could not be decoded: ${(e as Error).message}`, 'jpeg');
  }
}

/**
 * Wrap a JPEG as a DICOM Secondary Capture image (see the module comment). Baseline JPEGs are stored
 * byte-for-byte in JPEG Baseline transfer syntax; other JPEG processes are decoded and stored native.
 */
export async function jpegToDicom(jpeg: Uint8Array, meta: ImageMeta, opts: JpegToDicomOptions = {}): Promise<Uint8Array> {
  const now = opts.now ?? new Date();
  const info = jpegInfo(jpeg);
  if (info.components !== 1 && info.components !== 3) throw new DicomError('INVALID_INPUT', `JPEG has ${info.components} components; 1 or 3 are supported`, 'jpeg');
  if (info.precision !== 8) throw new DicomError('INVALID_INPUT', `JPEG has ${info.precision}-bit precision; only 8-bit is supported`, 'jpeg');
  const baseline = info.sof === 0xc0;
  if (!baseline && opts.mode === 'encapsulate-only')
    throw new DicomError('INVALID_INPUT', `only baseline JPEG (SOF0) can be stored as JPEG Baseline without re-encoding; this JPEG uses SOF${(info.sof - 0xc0).toString(16)}${info.sof === 0xc2 ? ' (progressive)' : ''}`, 'jpeg');
  const ds: Record<string, unknown> = {
    ...secondaryCapture(meta, now, info.width, info.height),
    LossyImageCompression: '01',
    LossyImageCompressionMethod: 'ISO_10918_1',
  };
  if (baseline) {
    const grey = info.components === 1;
    ds.SamplesPerPixel = grey ? 1 : 3;
    ds.PhotometricInterpretation = grey ? 'MONOCHROME2' : info.subsampled ? 'YBR_FULL_422' : 'YBR_FULL';
    if (!grey) ds.PlanarConfiguration = 0;
    ds.PixelData = [jpeg.slice().buffer];
    return writePart10(ds, TS.JPEGBaseline8Bit);
  }
  await initCodecs();
  const px = decodeJpegPixels(jpeg, info);
  const n = info.width * info.height;
  let grey = info.components === 1;
  if (!grey) {
    grey = true;
    for (let i = 0; i < n && grey; i++) {
      const r = px[3 * i]!, g = px[3 * i + 1]!, b = px[3 * i + 2]!;
      if (Math.abs(r - g) > 2 || Math.abs(r - b) > 2) grey = false;
    }
  }
  let pixels: Uint8Array;
  if (grey && info.components === 3) {
    pixels = new Uint8Array(n);
    for (let i = 0; i < n; i++) pixels[i] = Math.round(0.299 * px[3 * i]! + 0.587 * px[3 * i + 1]! + 0.114 * px[3 * i + 2]!);
  } else pixels = px.slice(0, n * info.components);
  ds.SamplesPerPixel = grey ? 1 : 3;
  ds.PhotometricInterpretation = grey ? 'MONOCHROME2' : 'RGB';
  if (!grey) ds.PlanarConfiguration = 0;
  ds.DerivationDescription = `Decoded from a ${info.sof === 0xc2 ? 'progressive' : 'non-baseline'} JPEG (ISO 10918-1) and stored uncompressed; no further loss`;
  ds.PixelData = [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)];
  return writePart10(ds, TS.ExplicitVRLittleEndian);
}
