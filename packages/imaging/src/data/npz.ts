/**
 * Minimal reader for NumPy `.npy` arrays and `.npz` archives (a ZIP of `.npy` files), enough for
 * MedMNIST's `pneumoniamnist.npz`. ZIP entries may be stored (method 0) or deflated (method 8);
 * ZIP64 and encryption are not supported. Only little-endian / byte dtypes that map onto typed
 * arrays are read (u1, i1, u2, i2, u4, i4, f4, f8, and bool as u1); C order only.
 *
 * Format references: NumPy NEP 1 ("A simple file format for NumPy arrays"), PKWARE APPNOTE.TXT 6.3
 * (local file header 0x04034b50, central directory 0x02014b50, end of central directory 0x06054b50).
 */
import { inflateRawSync } from 'node:zlib';

export type NpyData = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export interface NpyArray {
  dtype: string;
  shape: number[];
  data: NpyData;
}

export class NpzError extends Error {
  constructor(
    readonly code: 'NOT_ZIP' | 'ZIP_UNSUPPORTED' | 'NOT_NPY' | 'NPY_UNSUPPORTED' | 'ENTRY_NOT_FOUND',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'NpzError';
  }
}

/** Parse one `.npy` buffer. */
export function readNpy(buf: Uint8Array): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (buf.length < 10 || magic.some((b, i) => buf[i] !== b)) throw new NpzError('NOT_NPY', 'missing \\x93NUMPY magic');
  const major = buf[6]!;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let headerLen: number;
  let offset: number;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    offset = 10;
  } else if (major === 2 || major === 3) {
    headerLen = dv.getUint32(8, true);
    offset = 12;
  } else throw new NpzError('NPY_UNSUPPORTED', `npy format version ${major} is not supported`);
  const header = new TextDecoder('latin1').decode(buf.subarray(offset, offset + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeTxt = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeTxt === undefined) throw new NpzError('NOT_NPY', `unreadable npy header: ${header}`);
  if (fortran === 'True') throw new NpzError('NPY_UNSUPPORTED', 'Fortran-ordered arrays are not supported');
  const shape = shapeTxt
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = offset + headerLen;
  const body = buf.slice(start); // copy → aligned, owned buffer
  const ctor = {
    '|u1': Uint8Array, '|b1': Uint8Array, '|i1': Int8Array, '<u2': Uint16Array, '<i2': Int16Array,
    '<u4': Uint32Array, '<i4': Int32Array, '<f4': Float32Array, '<f8': Float64Array,
  }[descr];
  if (!ctor) throw new NpzError('NPY_UNSUPPORTED', `dtype ${descr} is not supported`, 'descr');
  const need = count * ctor.BYTES_PER_ELEMENT;
  if (body.byteLength < need) throw new NpzError('NOT_NPY', `npy body holds ${body.byteLength} bytes, shape needs ${need}`);
  return { dtype: descr, shape, data: new ctor(body.buffer, body.byteOffset, count) };
}

/** List and extract the entries of a ZIP archive (stored or deflated). */
export function readZipEntries(buf: Uint8Array): Map<string, Uint8Array> {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // Find the end-of-central-directory record, scanning back over a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new NpzError('NOT_ZIP', 'no ZIP end-of-central-directory record');
  const entries = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  if (p === 0xffffffff) throw new NpzError('ZIP_UNSUPPORTED', 'ZIP64 archives are not supported');
  const out = new Map<string, Uint8Array>();
  for (let n = 0; n < entries; n++) {
    if (dv.getUint32(p, true) !== 0x02014b50) throw new NpzError('NOT_ZIP', `bad central directory entry at ${p}`);
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    const compSize = dv.getUint32(p + 20, true);
    const size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const localOff = dv.getUint32(p + 42, true);
    const name = new TextDecoder().decode(buf.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) throw new NpzError('ZIP_UNSUPPORTED', `entry ${name} is encrypted`);
    if (compSize === 0xffffffff || size === 0xffffffff || localOff === 0xffffffff) throw new NpzError('ZIP_UNSUPPORTED', `entry ${name} needs ZIP64`);
    if (dv.getUint32(localOff, true) !== 0x04034b50) throw new NpzError('NOT_ZIP', `bad local header for ${name}`);
    const lNameLen = dv.getUint16(localOff + 26, true);
    const lExtraLen = dv.getUint16(localOff + 28, true);
    const dataStart = localOff + 30 + lNameLen + lExtraLen;
    const raw = buf.subarray(dataStart, dataStart + compSize);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) data = new Uint8Array(inflateRawSync(raw));
    else throw new NpzError('ZIP_UNSUPPORTED', `entry ${name} uses compression method ${method}`);
    if (data.length !== size) throw new NpzError('NOT_ZIP', `entry ${name}: ${data.length} bytes, expected ${size}`);
    out.set(name, data);
  }
  return out;
}

/** Read every `.npy` array of an `.npz` archive, keyed by name without the `.npy` suffix. */
export function readNpz(buf: Uint8Array): Map<string, NpyArray> {
  const out = new Map<string, NpyArray>();
  for (const [name, data] of readZipEntries(buf)) {
    if (name.endsWith('.npy')) out.set(name.slice(0, -4), readNpy(data));
  }
  return out;
}

/** One array of an npz map, or a typed error naming the missing key. */
export function npzGet(npz: Map<string, NpyArray>, key: string): NpyArray {
  const a = npz.get(key);
  if (!a) throw new NpzError('ENTRY_NOT_FOUND', `array ${key} not in archive (has ${[...npz.keys()].join(', ')})`, key);
  return a;
}
