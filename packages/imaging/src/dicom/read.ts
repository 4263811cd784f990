/**
 * Read and validate a DICOM Part 10 file (PS3.10 §7: 128-byte preamble, "DICM", File Meta
 * Information in Explicit VR Little Endian, then the data set in the transfer syntax named by
 * (0002,0010)).
 *
 * Validation happens before anything is returned, in this fixed order, and the first failure throws a
 * `DicomError` (nothing is returned half-read):
 *   1. signature: ≥ 132 bytes with "DICM" at offset 128, else NOT_DICOM (names a recognised other
 *      format such as PNG/JPEG) or TRUNCATED (a file that stops inside the preamble);
 *   2. File Meta Information: (0002,0000) group length present (else META_GROUP_LENGTH_MISSING, unless
 *      `allowMissingMetaGroupLength`), every meta element well formed and inside the group;
 *   3. (0002,0010) Transfer Syntax UID present (MISSING_TRANSFER_SYNTAX) and supported
 *      (UNSUPPORTED_TRANSFER_SYNTAX, listing the supported ones);
 *   4. (0002,0002)/(0002,0003) Media Storage SOP Class/Instance UID present (MISSING_ATTRIBUTE);
 *   5. a structural walk of the whole data set, sequences and encapsulated pixel data included:
 *      every length must fit in the file (TRUNCATED), every explicit VR must be a known VR code and
 *      every IS/DS value of a standard attribute must be a number (INVALID_VALUE);
 *   6. parsing with dcmjs (MALFORMED_DATASET if it throws);
 *   7. Type 1 identifiers: SOP Class/Instance, Study and Series Instance UID (MISSING_ATTRIBUTE), and
 *      for images the Image Pixel module attributes and enough native pixel bytes for all frames.
 *
 * Decisions on the pydicom malformed samples (deterministic, tested):
 *   - badVR.dcm → INVALID_VALUE: (0028,0008) Number of Frames is IS "1A".
 *   - no_meta_group_length.dcm → META_GROUP_LENGTH_MISSING by default (the element is Type 1 in
 *     PS3.10 Table 7.1-1); recoverable with `{ allowMissingMetaGroupLength: true }`, which scans the
 *     group-0002 elements and reads the file normally.
 *   - meta_missing_tsyntax.dcm → MISSING_TRANSFER_SYNTAX (never guessed: a wrong guess decodes garbage).
 */
import dcmjs from 'dcmjs';
import { DicomError } from './errors.ts';
import { SUPPORTED_TRANSFER_SYNTAXES, transferSyntaxInfo, type TransferSyntaxInfo } from './transfer-syntax.ts';

type Dataset = Record<string, unknown>;

// dcmjs logs through loglevel (e.g. "Invalid length for fixed length tag" on odd AS values); those are
// not errors we act on, and this package reports problems as typed DicomErrors instead, so silence it.
(dcmjs as unknown as { log?: { setLevel?: (l: string) => void } }).log?.setLevel?.('silent');

export interface ReadOptions {
  /** Recover files whose File Meta Information lacks (0002,0000). Default false: rejected. */
  allowMissingMetaGroupLength?: boolean;
}

/** The attributes the platform needs from a DICOM object. Absent attributes are undefined. */
export interface DicomSummary {
  transferSyntaxUid: string;
  transferSyntaxName: string;
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  patientId?: string;
  patientName?: string;
  patientSex?: string;
  patientBirthDate?: string;
  studyDate?: string;
  studyTime?: string;
  accessionNumber?: string;
  studyDescription?: string;
  seriesDescription?: string;
  modality?: string;
  bodyPartExamined?: string;
  viewPosition?: string;
  /** (0020,0060) Laterality of the series, R or L, when given. */
  laterality?: string;
  instanceNumber?: number;
  /** Image attributes, present when the object has Pixel Data. */
  hasPixelData: boolean;
  rows?: number;
  columns?: number;
  numberOfFrames: number;
  samplesPerPixel?: number;
  photometricInterpretation?: string;
  bitsAllocated?: number;
  bitsStored?: number;
  highBit?: number;
  pixelRepresentation?: number;
  planarConfiguration?: number;
  windowCenter?: number[];
  windowWidth?: number[];
  /** Modality LUT: defaults 1 and 0 when absent. */
  rescaleSlope: number;
  rescaleIntercept: number;
  pixelSpacing?: number[];
}

export interface DicomFile {
  summary: DicomSummary;
  transferSyntax: TransferSyntaxInfo;
  /** dcmjs-naturalised File Meta Information and data set (keywords as keys). */
  meta: Dataset;
  dataset: Dataset;
  /** The (possibly repaired) Part 10 bytes that were parsed. */
  bytes: Uint8Array;
}

const tagStr = (g: number, e: number) =>
  `(${g.toString(16).toUpperCase().padStart(4, '0')},${e.toString(16).toUpperCase().padStart(4, '0')})`;

function keyword(g: number, e: number): string {
  const dict = (dcmjs.data.DicomMetaDictionary as unknown as { dictionary: Record<string, { name?: string; vr?: string }> }).dictionary;
  return dict[tagStr(g, e)]?.name ?? '';
}
function dictVr(g: number, e: number): string | undefined {
  const dict = (dcmjs.data.DicomMetaDictionary as unknown as { dictionary: Record<string, { name?: string; vr?: string }> }).dictionary;
  return dict[tagStr(g, e)]?.vr;
}
const field = (g: number, e: number) => `${tagStr(g, e)} ${keyword(g, e)}`.trim();

const KNOWN_VRS = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW',
  'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
]);
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;

/** Image storage SOP classes whose IOD requires Pixel Data (PS3.4 Annex B). */
const IMAGE_SOP_CLASSES = new Set(
  ['1', '1.1', '1.1.1', '1.2', '1.2.1', '2', '2.1', '4', '4.1', '6.1', '3.1', '7', '7.1', '7.2', '7.3', '7.4', '12.1', '12.2', '20', '128', '481.1'].map(
    (s) => `1.2.840.10008.5.1.4.1.1.${s}`,
  ),
);
const MAX_DEPTH = 32;

/** Recognise common non-DICOM files so the rejection can say what the file is. */
export function sniffFormat(b: Uint8Array): string | undefined {
  const starts = (sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'PNG image';
  if (starts([0xff, 0xd8, 0xff])) return 'JPEG image';
  if (starts([0x47, 0x49, 0x46, 0x38])) return 'GIF image';
  if (starts([0x25, 0x50, 0x44, 0x46])) return 'PDF document';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'ZIP archive';
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF image';
  if (starts([0x1f, 0x8b])) return 'gzip archive';
  // A raw data set without preamble usually starts with group 0008 (or 0002) in little endian.
  if (b.length >= 8 && (starts([0x08, 0x00]) || starts([0x02, 0x00])) && b[1] === 0x00) return 'DICOM data set without the Part 10 preamble and "DICM" prefix';
  return undefined;
}

interface Walk {
  dv: DataView;
  bytes: Uint8Array;
  le: boolean;
  explicit: boolean;
}

function u16(w: Walk, o: number): number {
  return w.dv.getUint16(o, w.le);
}
function u32(w: Walk, o: number): number {
  return w.dv.getUint32(o, w.le);
}

const IS_RE = /^[+-]?\d{1,12}$/;
const DS_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function checkNumberString(w: Walk, g: number, e: number, vr: string, start: number, len: number): void {
  if (g % 2 === 1) return; // private attributes: not validated
  const text = new TextDecoder('latin1').decode(w.bytes.subarray(start, start + len)).replace(/[\0 ]+$/, '');
  if (text.trim() === '') return;
  for (const raw of text.split('\\')) {
    const v = raw.trim();
    if (v === '') continue;
    if (!(vr === 'IS' ? IS_RE : DS_RE).test(v))
      throw new DicomError('INVALID_VALUE', `${field(g, e)} has VR ${vr} but its value "${raw}" is not ${vr === 'IS' ? 'an integer string' : 'a decimal string'}`, field(g, e));
  }
}

/** Walk elements in [off, end). Returns the offset after the last element (or after an item delimiter). */
function walkDataset(w: Walk, off: number, end: number, depth: number, inUndefinedItem: boolean): number {
  if (depth > MAX_DEPTH) throw new DicomError('MALFORMED_DATASET', `sequences nested deeper than ${MAX_DEPTH} levels`);
  while (off < end) {
    if (off + 8 > end) throw new DicomError('TRUNCATED', `file ends inside an element header at byte ${off} (${end - off} bytes left)`);
    const g = u16(w, off);
    const e = u16(w, off + 2);
    if (g === 0xfffe) {
      if (e === 0xe00d && inUndefinedItem) return off + 8;
      throw new DicomError('MALFORMED_DATASET', `unexpected delimiter ${tagStr(g, e)} at byte ${off}`);
    }
    let vr: string;
    let len: number;
    let header: number;
    if (w.explicit) {
      vr = String.fromCharCode(w.bytes[off + 4]!, w.bytes[off + 5]!);
      if (!KNOWN_VRS.has(vr))
        throw new DicomError('INVALID_VALUE', `${field(g, e)} at byte ${off} has an invalid VR code ${JSON.stringify(vr)}`, field(g, e));
      if (LONG_VRS.has(vr)) {
        if (off + 12 > end) throw new DicomError('TRUNCATED', `file ends inside the header of ${field(g, e)}`, field(g, e));
        len = u32(w, off + 8);
        header = 12;
      } else {
        len = u16(w, off + 6);
        header = 8;
      }
    } else {
      len = u32(w, off + 4);
      header = 8;
      vr = g === 0x7fe0 && e === 0x0010 ? 'OW' : (dictVr(g, e) ?? 'UN');
    }
    const vs = off + header;
    if (len === UNDEFINED) {
      if (g === 0x7fe0 && e === 0x0010) {
        off = walkEncapsulated(w, vs, end);
      } else if (vr === 'SQ' || vr === 'UN' || !w.explicit) {
        // An undefined-length UN is an implicit VR little endian sequence (PS3.5 §6.2.2).
        const inner = vr === 'UN' && w.explicit ? { ...w, explicit: false, le: true } : w;
        off = walkSequence(inner, vs, end, undefined, depth + 1, g, e);
      } else {
        throw new DicomError('MALFORMED_DATASET', `${field(g, e)} (VR ${vr}) has undefined length`, field(g, e));
      }
      continue;
    }
    if (vs + len > end) {
      throw new DicomError('TRUNCATED', `${field(g, e)} declares ${len} bytes at byte ${vs} but only ${Math.max(0, end - vs)} remain`, field(g, e));
    }
    if (vr === 'SQ') walkSequence(w, vs, vs + len, vs + len, depth + 1, g, e);
    else if (vr === 'IS' || vr === 'DS') checkNumberString(w, g, e, vr, vs, len);
    off = vs + len;
  }
  if (inUndefinedItem) throw new DicomError('TRUNCATED', 'file ends inside a sequence item (no item delimiter)');
  return off;
}

function walkSequence(w: Walk, off: number, end: number, definedEnd: number | undefined, depth: number, sg: number, se: number): number {
  while (definedEnd === undefined || off < definedEnd) {
    if (off + 8 > end) throw new DicomError('TRUNCATED', `file ends inside sequence ${field(sg, se)}`, field(sg, se));
    const g = u16(w, off);
    const e = u16(w, off + 2);
    const len = u32(w, off + 4);
    if (g === 0xfffe && e === 0xe0dd) {
      if (definedEnd !== undefined) throw new DicomError('MALFORMED_DATASET', `sequence delimiter inside defined-length ${field(sg, se)}`, field(sg, se));
      return off + 8;
    }
    if (g !== 0xfffe || e !== 0xe000) throw new DicomError('MALFORMED_DATASET', `expected an item in ${field(sg, se)} at byte ${off}, found ${tagStr(g, e)}`, field(sg, se));
    if (len === UNDEFINED) off = walkDataset(w, off + 8, end, depth, true);
    else {
      if (off + 8 + len > end) throw new DicomError('TRUNCATED', `an item of ${field(sg, se)} declares ${len} bytes but only ${end - off - 8} remain`, field(sg, se));
      walkDataset(w, off + 8, off + 8 + len, depth, false);
      off += 8 + len;
    }
  }
  return off;
}

function walkEncapsulated(w: Walk, off: number, end: number): number {
  let items = 0;
  for (;;) {
    if (off + 8 > end) throw new DicomError('TRUNCATED', `file ends inside encapsulated Pixel Data after ${items} item(s)`, '(7FE0,0010) PixelData');
    const g = u16(w, off);
    const e = u16(w, off + 2);
    const len = u32(w, off + 4);
    if (g === 0xfffe && e === 0xe0dd) return off + 8;
    if (g !== 0xfffe || e !== 0xe000 || len === UNDEFINED) throw new DicomError('MALFORMED_DATASET', `bad fragment item ${tagStr(g, e)} in encapsulated Pixel Data`, '(7FE0,0010) PixelData');
    if (off + 8 + len > end) throw new DicomError('TRUNCATED', `a Pixel Data fragment declares ${len} bytes but only ${end - off - 8} remain`, '(7FE0,0010) PixelData');
    off += 8 + len;
    items++;
  }
}

interface MetaElement {
  g: number;
  e: number;
  vr: string;
  start: number;
  len: number;
}

/** Parse group-0002 elements (Explicit VR LE) in [off, end), or until the group changes when end is undefined. */
function parseMeta(bytes: Uint8Array, dv: DataView, off: number, end: number | undefined): { elements: MetaElement[]; end: number } {
  const elements: MetaElement[] = [];
  const limit = end ?? bytes.length;
  while (off < limit) {
    if (off + 8 > bytes.length) throw new DicomError('TRUNCATED', `file ends inside the File Meta Information at byte ${off}`);
    const g = dv.getUint16(off, true);
    const e = dv.getUint16(off + 2, true);
    if (g !== 0x0002) {
      if (end === undefined) break;
      throw new DicomError('META_INVALID', `File Meta Information Group Length says the group ends at byte ${end}, but ${tagStr(g, e)} at byte ${off} is not a group 0002 element`, '(0002,0000) FileMetaInformationGroupLength');
    }
    const vr = String.fromCharCode(bytes[off + 4]!, bytes[off + 5]!);
    if (!KNOWN_VRS.has(vr)) throw new DicomError('META_INVALID', `meta element ${field(g, e)} has an invalid VR code ${JSON.stringify(vr)}`, field(g, e));
    let len: number;
    let header: number;
    if (LONG_VRS.has(vr)) {
      if (off + 12 > bytes.length) throw new DicomError('TRUNCATED', `file ends inside meta element ${field(g, e)}`);
      len = dv.getUint32(off + 8, true);
      header = 12;
    } else {
      len = dv.getUint16(off + 6, true);
      header = 8;
    }
    if (len === UNDEFINED) throw new DicomError('META_INVALID', `meta element ${field(g, e)} has undefined length`, field(g, e));
    if (off + header + len > bytes.length) throw new DicomError('TRUNCATED', `meta element ${field(g, e)} declares ${len} bytes past the end of the file`, field(g, e));
    if (end !== undefined && off + header + len > end)
      throw new DicomError('META_INVALID', `meta element ${field(g, e)} runs past the end of the group given by (0002,0000)`, field(g, e));
    elements.push({ g, e, vr, start: off + header, len });
    off += header + len;
  }
  return { elements, end: off };
}

const textOf = (b: Uint8Array, m: MetaElement | undefined) =>
  m ? new TextDecoder('latin1').decode(b.subarray(m.start, m.start + m.len)).replace(/[\0 ]+$/, '').trim() : '';

/** PS3.5 §6.2: NUL (00H) is only ever padding, never part of a value (and PostgreSQL text cannot hold it). */
const noNul = (s: string) => s.replace(/\0/g, '');
function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.length ? str(v[0]) : undefined;
  if (typeof v === 'object') {
    const pn = v as { Alphabetic?: string };
    return pn.Alphabetic !== undefined ? noNul(String(pn.Alphabetic)) : undefined;
  }
  const s = noNul(String(v)).trim();
  return s === '' ? undefined : s;
}
function numArr(v: unknown): number[] | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const a = (Array.isArray(v) ? v : [v]).map(Number).filter((x) => Number.isFinite(x));
  return a.length ? a : undefined;
}
function num(v: unknown): number | undefined {
  return numArr(v)?.[0];
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** Validate and parse DICOM Part 10 bytes. Throws DicomError; see the module comment for the checks. */
export function readDicom(input: Uint8Array | ArrayBuffer, opts: ReadOptions = {}): DicomFile {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  // 1. signature
  const other = sniffFormat(bytes);
  const hasDicm = bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  if (!hasDicm) {
    if (other) throw new DicomError('NOT_DICOM', `not a DICOM Part 10 file: this is a ${other}`);
    if (bytes.length === 0) throw new DicomError('NOT_DICOM', 'not a DICOM Part 10 file: the file is empty');
    if (bytes.length < 132) {
      const prefix = 'DICM'.slice(0, Math.max(0, bytes.length - 128));
      const looksLikePreamble = bytes.length <= 128 || new TextDecoder('latin1').decode(bytes.subarray(128)) === prefix;
      if (looksLikePreamble) throw new DicomError('TRUNCATED', `file is ${bytes.length} bytes: it ends before the 128-byte preamble and "DICM" prefix are complete`);
    }
    throw new DicomError('NOT_DICOM', 'not a DICOM Part 10 file: no "DICM" prefix after the 128-byte preamble');
  }

  // 2. File Meta Information
  if (bytes.length < 140) throw new DicomError('TRUNCATED', `file is ${bytes.length} bytes: it ends before the File Meta Information`);
  const g0 = dv.getUint16(132, true);
  const e0 = dv.getUint16(134, true);
  let meta: { elements: MetaElement[]; end: number };
  if (g0 !== 0x0002) throw new DicomError('META_INVALID', `no File Meta Information: the first element after "DICM" is ${tagStr(g0, e0)}, not group 0002`);
  if (e0 !== 0x0000) {
    if (!opts.allowMissingMetaGroupLength)
      throw new DicomError('META_GROUP_LENGTH_MISSING', 'File Meta Information has no (0002,0000) group length (a Type 1 element, PS3.10 Table 7.1-1); the first meta element is ' + field(g0, e0), '(0002,0000) FileMetaInformationGroupLength');
    meta = parseMeta(bytes, dv, 132, undefined);
    // Repair: insert the group length so that downstream readers (dcmjs, Orthanc) accept the file.
    const groupLen = meta.end - 132;
    const fixed = new Uint8Array(bytes.length + 12);
    fixed.set(bytes.subarray(0, 132), 0);
    const fdv = new DataView(fixed.buffer);
    fdv.setUint16(132, 0x0002, true);
    fdv.setUint16(134, 0x0000, true);
    fixed[136] = 0x55; // 'U'
    fixed[137] = 0x4c; // 'L'
    fdv.setUint16(138, 4, true);
    fdv.setUint32(140, groupLen, true);
    fixed.set(bytes.subarray(132), 144);
    bytes = fixed;
    return readDicom(bytes, { ...opts, allowMissingMetaGroupLength: false });
  }
  const glVr = String.fromCharCode(bytes[136]!, bytes[137]!);
  const glLen = dv.getUint16(138, true);
  if (glVr !== 'UL' || glLen !== 4) throw new DicomError('META_INVALID', `(0002,0000) group length must be UL of 4 bytes, found VR ${JSON.stringify(glVr)} length ${glLen}`, '(0002,0000) FileMetaInformationGroupLength');
  if (bytes.length < 144) throw new DicomError('TRUNCATED', 'file ends inside (0002,0000)');
  const metaEnd = 144 + dv.getUint32(140, true);
  if (metaEnd > bytes.length) throw new DicomError('TRUNCATED', `File Meta Information Group Length says ${metaEnd - 144} bytes but the file has only ${bytes.length - 144} after it`, '(0002,0000) FileMetaInformationGroupLength');
  meta = parseMeta(bytes, dv, 144, metaEnd);
  if (metaEnd + 2 <= bytes.length && dv.getUint16(metaEnd, true) === 0x0002)
    throw new DicomError('META_INVALID', `group 0002 continues after the length given by (0002,0000) (${metaEnd - 144} bytes): the group length is wrong`, '(0002,0000) FileMetaInformationGroupLength');
  const find = (e: number) => meta.elements.find((m) => m.e === e);

  // 3. transfer syntax
  const tsUid = textOf(bytes, find(0x0010));
  if (!tsUid) throw new DicomError('MISSING_TRANSFER_SYNTAX', '(0002,0010) Transfer Syntax UID is missing or empty in the File Meta Information, so the data set cannot be decoded', '(0002,0010) TransferSyntaxUID');
  const ts = transferSyntaxInfo(tsUid);
  if (!ts) {
    const list = SUPPORTED_TRANSFER_SYNTAXES.map((t) => `${t.uid} (${t.name})`).join('; ');
    throw new DicomError('UNSUPPORTED_TRANSFER_SYNTAX', `transfer syntax ${tsUid} is not supported. Supported: ${list}`, '(0002,0010) TransferSyntaxUID');
  }

  // 4. meta identifiers
  for (const [e, name] of [[0x0002, 'MediaStorageSOPClassUID'], [0x0003, 'MediaStorageSOPInstanceUID']] as const) {
    if (!textOf(bytes, find(e))) throw new DicomError('MISSING_ATTRIBUTE', `${tagStr(2, e)} ${name} is missing or empty in the File Meta Information`, `${tagStr(2, e)} ${name}`);
  }

  // 5. structural walk of the data set
  walkDataset({ dv, bytes, le: ts.littleEndian, explicit: ts.explicitVr }, metaEnd, bytes.length, 0, false);

  // 6. parse with dcmjs
  let metaDs: Dataset;
  let ds: Dataset;
  try {
    const msg = dcmjs.data.DicomMessage.readFile(toArrayBuffer(bytes), { ignoreErrors: false, untilTag: undefined });
    metaDs = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.meta) as Dataset;
    ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.dict) as Dataset;
  } catch (err) {
    throw new DicomError('MALFORMED_DATASET', `the data set could not be parsed: ${(err as Error).message}`);
  }

  // 7. required attributes
  const need = (key: string, tag: string): string => {
    const v = str(ds[key]);
    if (!v) throw new DicomError('MISSING_ATTRIBUTE', `${tag} ${key} is missing or empty (Type 1)`, `${tag} ${key}`);
    return v;
  };
  const summary: DicomSummary = {
    transferSyntaxUid: ts.uid,
    transferSyntaxName: ts.name,
    sopClassUid: need('SOPClassUID', '(0008,0016)'),
    sopInstanceUid: need('SOPInstanceUID', '(0008,0018)'),
    studyInstanceUid: need('StudyInstanceUID', '(0020,000D)'),
    seriesInstanceUid: need('SeriesInstanceUID', '(0020,000E)'),
    hasPixelData: ds.PixelData !== undefined,
    numberOfFrames: 1,
    rescaleSlope: num(ds.RescaleSlope) ?? 1,
    rescaleIntercept: num(ds.RescaleIntercept) ?? 0,
  };
  const opt = <K extends keyof DicomSummary>(k: K, v: DicomSummary[K] | undefined) => {
    if (v !== undefined) summary[k] = v;
  };
  opt('patientId', str(ds.PatientID));
  opt('patientName', str(ds.PatientName));
  opt('patientSex', str(ds.PatientSex));
  opt('patientBirthDate', str(ds.PatientBirthDate));
  opt('studyDate', str(ds.StudyDate));
  opt('studyTime', str(ds.StudyTime));
  opt('accessionNumber', str(ds.AccessionNumber));
  opt('studyDescription', str(ds.StudyDescription));
  opt('seriesDescription', str(ds.SeriesDescription));
  opt('modality', str(ds.Modality));
  opt('bodyPartExamined', str(ds.BodyPartExamined));
  opt('viewPosition', str(ds.ViewPosition));
  opt('laterality', str(ds.Laterality));
  opt('instanceNumber', num(ds.InstanceNumber));
  if (!summary.hasPixelData && IMAGE_SOP_CLASSES.has(summary.sopClassUid))
    throw new DicomError('MISSING_ATTRIBUTE', `(7FE0,0010) PixelData is missing from an image object (SOP Class ${summary.sopClassUid}); the file may be truncated`, '(7FE0,0010) PixelData');
  if (summary.hasPixelData) {
    const needNum = (key: string, tag: string): number => {
      const v = num(ds[key]);
      if (v === undefined) throw new DicomError('MISSING_ATTRIBUTE', `image has Pixel Data but ${tag} ${key} is missing`, `${tag} ${key}`);
      return v;
    };
    summary.rows = needNum('Rows', '(0028,0010)');
    summary.columns = needNum('Columns', '(0028,0011)');
    summary.bitsAllocated = needNum('BitsAllocated', '(0028,0100)');
    summary.bitsStored = needNum('BitsStored', '(0028,0101)');
    summary.samplesPerPixel = needNum('SamplesPerPixel', '(0028,0002)');
    summary.pixelRepresentation = needNum('PixelRepresentation', '(0028,0103)');
    summary.photometricInterpretation = need('PhotometricInterpretation', '(0028,0004)');
    opt('highBit', num(ds.HighBit));
    opt('planarConfiguration', num(ds.PlanarConfiguration));
    summary.numberOfFrames = num(ds.NumberOfFrames) ?? 1;
    if (!Number.isInteger(summary.numberOfFrames) || summary.numberOfFrames < 1)
      throw new DicomError('INVALID_VALUE', `(0028,0008) NumberOfFrames must be a positive integer, found ${String(ds.NumberOfFrames)}`, '(0028,0008) NumberOfFrames');
    opt('windowCenter', numArr(ds.WindowCenter));
    opt('windowWidth', numArr(ds.WindowWidth));
    opt('pixelSpacing', numArr(ds.PixelSpacing));
    if (!ts.encapsulated) {
      const frameBits = summary.rows * summary.columns * summary.samplesPerPixel * summary.bitsAllocated;
      const needBytes = Math.ceil((frameBits * summary.numberOfFrames) / 8);
      const pd = ds.PixelData;
      const have = Array.isArray(pd) ? (pd as ArrayBuffer[]).reduce((a, b) => a + b.byteLength, 0) : pd instanceof ArrayBuffer ? pd.byteLength : 0;
      if (have < needBytes)
        throw new DicomError('TRUNCATED', `Pixel Data holds ${have} bytes but ${summary.rows}×${summary.columns}×${summary.samplesPerPixel} samples × ${summary.bitsAllocated} bits × ${summary.numberOfFrames} frame(s) need ${needBytes}`, '(7FE0,0010) PixelData');
    }
  }
  return { summary, transferSyntax: ts, meta: metaDs, dataset: ds, bytes };
}
