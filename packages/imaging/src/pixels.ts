/**
 * Pixel pipeline: stored values → modality values → presentation values → 8-bit rendering.
 *
 *   decodeImage(file)        decode one frame (native LE/BE, JPEG, JPEG-LS, JPEG 2000, RLE via the
 *                            dcmjs-imaging WebAssembly codecs) to Float32 greyscale and apply the
 *                            Modality LUT (Rescale Slope/Intercept, PS3.3 C.11.1). Colour images
 *                            (RGB, YBR_FULL) become luminance (ITU-R BT.601 weights).
 *   applyVoi(img)            VOI LUT (PS3.3 C.11.2): Window Center/Width (linear function of
 *                            C.11.2.1.2.1) from the file or the caller, else a VOI LUT Sequence, else
 *                            the image min/max; then MONOCHROME1 is inverted so that 1 is always white.
 *                            Output: Float32 in [0, 1].
 *   toUint8(img)             the 8-bit rendering used for viewer previews (see png.ts).
 *
 * Compressed transfer syntaxes need `await initCodecs()` once per process (WebAssembly load);
 * `decodeImageAsync` does that for you.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DicomError } from './dicom/errors.ts';
import type { DicomFile } from './dicom/read.ts';

const require = createRequire(import.meta.url);

interface CodecContext {
  getWidth(): number;
  getHeight(): number;
  getBitsAllocated(): number;
  getBitsStored(): number;
  getSamplesPerPixel(): number;
  getPixelRepresentation(): number;
  getPlanarConfiguration(): number;
  getPhotometricInterpretation(): string;
}
interface NativeDecoder {
  initializeAsync(opts?: { webAssemblyModulePathOrUrl?: string; logNativeDecodersMessages?: boolean }): Promise<void>;
  isInitialized(): boolean;
  decodeJpeg(ctx: CodecContext, encoded: Uint8Array, params?: Record<string, unknown>): Uint8Array;
  decodeJpegLs(ctx: CodecContext, encoded: Uint8Array, params?: Record<string, unknown>): Uint8Array;
  decodeJpeg2000(ctx: CodecContext, encoded: Uint8Array, params?: Record<string, unknown>): Uint8Array;
  decodeRle(ctx: CodecContext, encoded: Uint8Array, params?: Record<string, unknown>): Uint8Array;
}

let decoder: NativeDecoder | undefined;
let initPromise: Promise<void> | undefined;

/** Load the WebAssembly codecs (JPEG, JPEG-LS, JPEG 2000, RLE). Idempotent; safe to call concurrently. */
export function initCodecs(): Promise<void> {
  if (!initPromise) {
    initPromise = (async () => {
      const mod = require('dcmjs-imaging') as { NativePixelDecoder: NativeDecoder };
      const wasm = join(dirname(require.resolve('dcmjs-imaging')), 'dcmjs-native-codecs.wasm');
      await mod.NativePixelDecoder.initializeAsync({ webAssemblyModulePathOrUrl: wasm, logNativeDecodersMessages: false });
      decoder = mod.NativePixelDecoder;
    })();
    initPromise.catch(() => {
      initPromise = undefined;
    });
  }
  return initPromise;
}

export function codecsReady(): boolean {
  return decoder !== undefined;
}

/** A greyscale image of modality values (after Rescale Slope/Intercept). */
export interface ModalityImage {
  width: number;
  height: number;
  data: Float32Array;
  /** Photometric interpretation of the source (after colour conversion by the codec). */
  photometric: string;
  /** True when the source was colour and `data` is its luminance. */
  fromColour: boolean;
  min: number;
  max: number;
  frame: number;
}

/** Presentation values in [0, 1], 1 = white (MONOCHROME1 already inverted). */
export interface DisplayImage {
  width: number;
  height: number;
  data: Float32Array;
  /** The window that was applied (undefined when a VOI LUT Sequence was used). */
  window?: { center: number; width: number };
  voiSource: 'caller' | 'file-window' | 'file-lut' | 'min-max' | 'colour';
  inverted: boolean;
}

export interface DecodeOptions {
  frame?: number;
}

type Samples = { get(i: number): number; length: number; fast?: ArrayLike<number> };

function frameFragments(file: DicomFile, frame: number): Uint8Array {
  const pd = file.dataset.PixelData;
  const frags = (Array.isArray(pd) ? pd : [pd]).filter((x): x is ArrayBuffer => x instanceof ArrayBuffer);
  if (frags.length === 0) throw new DicomError('NO_PIXEL_DATA', 'Pixel Data is empty', '(7FE0,0010) PixelData');
  const frames = file.summary.numberOfFrames;
  if (frames === 1) {
    if (frags.length === 1) return new Uint8Array(frags[0]!);
    const total = frags.reduce((a, b) => a + b.byteLength, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const f of frags) {
      out.set(new Uint8Array(f), o);
      o += f.byteLength;
    }
    return out;
  }
  if (frags.length === frames) return new Uint8Array(frags[frame]!);
  throw new DicomError('UNSUPPORTED_PIXEL_FORMAT', `${frames} frames in ${frags.length} fragments: multi-fragment frames are not supported`, '(7FE0,0010) PixelData');
}

function nativeFrameBytes(file: DicomFile, frame: number): Uint8Array {
  const s = file.summary;
  const pd = file.dataset.PixelData;
  const buf = Array.isArray(pd) ? (pd[0] as ArrayBuffer) : (pd as ArrayBuffer);
  if (!(buf instanceof ArrayBuffer)) throw new DicomError('NO_PIXEL_DATA', 'Pixel Data is missing', '(7FE0,0010) PixelData');
  const frameBits = s.rows! * s.columns! * s.samplesPerPixel! * s.bitsAllocated!;
  if (s.bitsAllocated === 1) {
    // Bit-packed frames may start mid-byte; unpack the whole range for this frame.
    const startBit = frameBits * frame;
    const n = s.rows! * s.columns! * s.samplesPerPixel!;
    const all = new Uint8Array(buf);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const bit = startBit + i;
      out[i] = (all[bit >> 3]! >> (bit & 7)) & 1;
    }
    return out;
  }
  const bytes = frameBits / 8;
  return new Uint8Array(buf, bytes * frame, bytes);
}

/** Typed view of decoded sample bytes (little-endian unless `bigEndian`), masked to BitsStored and sign-extended. */
function samples(bytes: Uint8Array, bitsAllocated: number, bitsStored: number, highBit: number, signed: boolean, bigEndian: boolean): Samples {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bitsAllocated === 1 || bitsAllocated === 8) {
    if (signed && bitsAllocated === 8) return { length: bytes.length, get: (i) => dv.getInt8(i) };
    return { length: bytes.length, get: (i) => bytes[i]!, fast: bitsStored === 8 || bitsAllocated === 1 ? bytes : undefined };
  }
  if (bitsAllocated === 16 && !bigEndian && bitsStored === 16 && highBit === 15) {
    const copy = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
    const arr = signed ? new Int16Array(copy.buffer, copy.byteOffset, copy.byteLength >> 1) : new Uint16Array(copy.buffer, copy.byteOffset, copy.byteLength >> 1);
    return { length: arr.length, get: (i) => arr[i]!, fast: arr };
  }
  if (bitsAllocated === 16 || bitsAllocated === 32) {
    const size = bitsAllocated / 8;
    const le = !bigEndian;
    const shift = highBit + 1 - bitsStored; // normally 0
    const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
    const signBit = 2 ** (bitsStored - 1);
    const full = bitsStored === bitsAllocated && shift === 0;
    const read = size === 2 ? (o: number) => dv.getUint16(o, le) : (o: number) => dv.getUint32(o, le);
    return {
      length: Math.floor(bytes.length / size),
      get: (i) => {
        let v = read(i * size);
        if (!full) v = Math.floor(v / 2 ** shift) % (mask + 1);
        if (signed && v >= signBit) v -= 2 * signBit;
        return v;
      },
    };
  }
  throw new DicomError('UNSUPPORTED_PIXEL_FORMAT', `Bits Allocated ${bitsAllocated} is not supported`, '(0028,0100) BitsAllocated');
}

function codecContext(file: DicomFile): CodecContext {
  const s = file.summary;
  return {
    getWidth: () => s.columns!,
    getHeight: () => s.rows!,
    getBitsAllocated: () => s.bitsAllocated!,
    getBitsStored: () => s.bitsStored!,
    getSamplesPerPixel: () => s.samplesPerPixel!,
    getPixelRepresentation: () => s.pixelRepresentation!,
    getPlanarConfiguration: () => s.planarConfiguration ?? 0,
    getPhotometricInterpretation: () => s.photometricInterpretation!,
  };
}

/** Decode one frame to Float32 greyscale modality values. Sync; compressed syntaxes need initCodecs() first. */
export function decodeImage(file: DicomFile, opts: DecodeOptions = {}): ModalityImage {
  const s = file.summary;
  if (!s.hasPixelData) throw new DicomError('NO_PIXEL_DATA', `${s.modality ?? 'this'} object (SOP Class ${s.sopClassUid}) has no Pixel Data`, '(7FE0,0010) PixelData');
  const frame = opts.frame ?? 0;
  if (!Number.isInteger(frame) || frame < 0 || frame >= s.numberOfFrames)
    throw new DicomError('INVALID_INPUT', `frame ${frame} is out of range (the image has ${s.numberOfFrames})`);
  const width = s.columns!;
  const height = s.rows!;
  const spp = s.samplesPerPixel!;
  let photometric = s.photometricInterpretation!.toUpperCase();
  if (spp !== 1 && spp !== 3) throw new DicomError('UNSUPPORTED_PIXEL_FORMAT', `Samples per Pixel ${spp} is not supported`, '(0028,0002) SamplesPerPixel');
  if (photometric === 'PALETTE COLOR') throw new DicomError('UNSUPPORTED_PIXEL_FORMAT', 'PALETTE COLOR images are not supported', '(0028,0004) PhotometricInterpretation');

  let bytes: Uint8Array;
  let bigEndian = false;
  let planar = s.planarConfiguration ?? 0;
  const ts = file.transferSyntax;
  if (!ts.encapsulated) {
    bytes = nativeFrameBytes(file, frame);
    bigEndian = !ts.littleEndian;
    if (s.bitsAllocated === 1) return finish(file, width, height, samples(bytes, 1, 1, 0, false, false), 1, photometric, false, frame);
  } else {
    if (!decoder) throw new DicomError('DECODE_FAILED', `${ts.name} needs the WebAssembly codecs: call (and await) initCodecs() first`);
    if (ts.codec === 'rle' && spp === 3)
      throw new DicomError('UNSUPPORTED_PIXEL_FORMAT', 'colour RLE Lossless images are not supported (greyscale RLE is)', '(0028,0002) SamplesPerPixel');
    const encoded = frameFragments(file, frame);
    const ctx = codecContext(file);
    try {
      if (ts.codec === 'jpeg') {
        const lossy = ts.uid === '1.2.840.10008.1.2.4.50' || ts.uid === '1.2.840.10008.1.2.4.51';
        bytes = decoder.decodeJpeg(ctx, encoded, lossy && spp === 3 ? { convertColorspaceToRgb: true } : {});
        if (lossy && spp === 3) photometric = 'RGB';
      } else if (ts.codec === 'jpeg-ls') bytes = decoder.decodeJpegLs(ctx, encoded, {});
      else if (ts.codec === 'jpeg2000') {
        bytes = decoder.decodeJpeg2000(ctx, encoded, {});
        if (spp === 3 && photometric.startsWith('YBR_')) photometric = 'RGB'; // YBR_ICT / YBR_RCT are reversed by the codec
      } else bytes = decoder.decodeRle(ctx, encoded, {});
    } catch (err) {
      throw new DicomError('DECODE_FAILED', `${ts.name} frame ${frame} could not be decoded: ${(err as Error).message}`, '(7FE0,0010) PixelData');
    }
    planar = 0; // the JPEG family codecs return interleaved samples
  }
  const expected = width * height * spp * Math.ceil(s.bitsAllocated! / 8);
  if (bytes.length < expected)
    throw new DicomError('DECODE_FAILED', `decoded frame has ${bytes.length} bytes, expected ${expected}`, '(7FE0,0010) PixelData');
  const sm = samples(bytes, s.bitsAllocated!, s.bitsStored!, s.highBit ?? s.bitsStored! - 1, s.pixelRepresentation === 1, bigEndian);
  return finish(file, width, height, sm, spp, photometric, planar === 1, frame);
}

function finish(file: DicomFile, width: number, height: number, sm: Samples, spp: number, photometric: string, planar: boolean, frame: number): ModalityImage {
  const n = width * height;
  const data = new Float32Array(n);
  let min = Infinity;
  let max = -Infinity;
  if (spp === 1) {
    const { rescaleSlope: m, rescaleIntercept: b } = file.summary;
    const fast = sm.fast;
    if (fast) {
      // Typed-array fast path (8-bit, or 16-bit little-endian using all stored bits).
      for (let i = 0; i < n; i++) {
        const v = fast[i]! * m + b;
        data[i] = v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return { width, height, data, photometric, fromColour: false, min, max, frame };
    }
    for (let i = 0; i < n; i++) {
      const v = sm.get(i) * m + b;
      data[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { width, height, data, photometric, fromColour: false, min, max, frame };
  }
  const ybr = photometric === 'YBR_FULL';
  if (photometric !== 'RGB' && !ybr)
    throw new DicomError('UNSUPPORTED_PIXEL_FORMAT', `colour photometric interpretation ${photometric} is not supported for native data`, '(0028,0004) PhotometricInterpretation');
  for (let i = 0; i < n; i++) {
    const a = planar ? sm.get(i) : sm.get(3 * i);
    const b = planar ? sm.get(n + i) : sm.get(3 * i + 1);
    const c = planar ? sm.get(2 * n + i) : sm.get(3 * i + 2);
    // For YBR_FULL the luma is Y itself (PS3.3 C.7.6.3.1.2); for RGB use BT.601 weights.
    const v = ybr ? a : 0.299 * a + 0.587 * b + 0.114 * c;
    data[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { width, height, data, photometric: ybr ? 'YBR_FULL' : 'RGB', fromColour: true, min, max, frame };
}

/** Decode one frame, loading the codecs first if needed. */
export async function decodeImageAsync(file: DicomFile, opts: DecodeOptions = {}): Promise<ModalityImage> {
  if (file.transferSyntax.encapsulated) await initCodecs();
  return decodeImage(file, opts);
}

export interface VoiOptions {
  /** 'auto' (default): caller window > file window > file VOI LUT Sequence > min/max. */
  mode?: 'auto' | 'minmax';
  window?: { center: number; width: number };
  /** Which of several file windows to use (default 0). */
  windowIndex?: number;
}

/** Apply the VOI LUT and MONOCHROME1 inversion; returns presentation values in [0, 1]. */
export function applyVoi(img: ModalityImage, file: DicomFile, opts: VoiOptions = {}): DisplayImage {
  const n = img.data.length;
  const out = new Float32Array(n);
  const s = file.summary;
  const inverted = img.photometric === 'MONOCHROME1';
  const invert = (o: Float32Array) => {
    if (inverted) for (let i = 0; i < n; i++) o[i] = 1 - o[i]!;
  };
  let win: { center: number; width: number } | undefined;
  let source: DisplayImage['voiSource'];
  if (img.fromColour) {
    // Colour images carry no VOI; scale 0..max sample value.
    const top = 2 ** (s.bitsStored ?? 8) - 1;
    for (let i = 0; i < n; i++) out[i] = Math.min(1, Math.max(0, img.data[i]! / top));
    return { width: img.width, height: img.height, data: out, voiSource: 'colour', inverted: false };
  }
  if (opts.window) {
    win = opts.window;
    source = 'caller';
  } else if (opts.mode !== 'minmax' && s.windowCenter && s.windowWidth) {
    const k = Math.min(opts.windowIndex ?? 0, s.windowCenter.length - 1, s.windowWidth.length - 1);
    win = { center: s.windowCenter[k]!, width: s.windowWidth[k]! };
    source = 'file-window';
  } else {
    const lut = opts.mode !== 'minmax' ? voiLutSequence(file) : undefined;
    if (lut) {
      const { first, data, top } = lut;
      for (let i = 0; i < n; i++) {
        const idx = Math.min(data.length - 1, Math.max(0, Math.round(img.data[i]!) - first));
        out[i] = data[idx]! / top;
      }
      invert(out);
      return { width: img.width, height: img.height, data: out, voiSource: 'file-lut', inverted };
    }
    win = { center: (img.max + img.min) / 2, width: Math.max(1, img.max - img.min) };
    source = 'min-max';
  }
  if (!(win.width >= 1)) throw new DicomError('INVALID_VALUE', `window width must be ≥ 1, got ${win.width}`, '(0028,1051) WindowWidth');
  // PS3.3 C.11.2.1.2.1 linear function with ymin = 0, ymax = 1.
  const c = win.center - 0.5;
  const w = win.width - 1;
  const lo = c - w / 2;
  const hi = c + w / 2;
  for (let i = 0; i < n; i++) {
    const x = img.data[i]!;
    out[i] = x <= lo ? 0 : x > hi ? 1 : w === 0 ? 1 : (x - c) / w + 0.5;
  }
  invert(out);
  return { width: img.width, height: img.height, data: out, window: win, voiSource: source, inverted };
}

function voiLutSequence(file: DicomFile): { first: number; data: Float32Array; top: number } | undefined {
  const seq = file.dataset.VOILUTSequence;
  const item = Array.isArray(seq) ? (seq[0] as Record<string, unknown> | undefined) : undefined;
  if (!item) return undefined;
  const desc = item.LUTDescriptor;
  const raw = item.LUTData;
  if (!Array.isArray(desc) || desc.length !== 3) return undefined;
  const entries = Number(desc[0]) === 0 ? 65536 : Number(desc[0]);
  const first = Number(desc[1]);
  const bits = Number(desc[2]);
  let values: number[] | undefined;
  if (Array.isArray(raw) && typeof raw[0] === 'number') values = raw as number[];
  else if (Array.isArray(raw) && raw[0] instanceof ArrayBuffer) values = Array.from(new Uint16Array(raw[0] as ArrayBuffer));
  else if (raw instanceof ArrayBuffer) values = Array.from(new Uint16Array(raw));
  if (!values || values.length < entries) return undefined;
  return { first, data: Float32Array.from(values.slice(0, entries)), top: 2 ** bits - 1 };
}

/** Round presentation values in [0, 1] to 8 bits (0..255). */
export function toUint8(img: { data: Float32Array }): Uint8Array {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, img.data[i]!)) * 255);
  return out;
}

/** Read → decode → VOI → 8-bit, for a viewer preview. */
export async function renderUint8(file: DicomFile, opts: DecodeOptions & VoiOptions = {}): Promise<{ width: number; height: number; pixels: Uint8Array; display: DisplayImage }> {
  const img = await decodeImageAsync(file, opts);
  const display = applyVoi(img, file, opts);
  return { width: display.width, height: display.height, pixels: toUint8(display), display };
}

/** One frame's pixel bytes: as stored (a compressed bitstream when encapsulated) or decoded to native samples. */
export interface RawFrame {
  bytes: Uint8Array;
  /** True when `bytes` is a compressed bitstream in the stored transfer syntax. */
  encapsulated: boolean;
  /** Photometric interpretation of `bytes` (lossy colour JPEG is decoded to RGB). */
  photometric: string;
}

/**
 * Frame `frame` (0-based) as stored, or decoded (`decode`) to native little-endian interleaved
 * samples, e.g. for WADO-RS frames in Explicit VR Little Endian or transcoding (PS3.18 §8.7.3.5).
 */
export async function rawFrame(file: DicomFile, frame: number, decode: boolean): Promise<RawFrame> {
  const s = file.summary;
  if (!s.hasPixelData) throw new DicomError('NO_PIXEL_DATA', 'the object has no Pixel Data', '(7FE0,0010) PixelData');
  if (!Number.isInteger(frame) || frame < 0 || frame >= s.numberOfFrames) throw new DicomError('INVALID_INPUT', `frame ${frame + 1} is out of range (the image has ${s.numberOfFrames})`);
  const ts = file.transferSyntax;
  let photometric = s.photometricInterpretation!.toUpperCase();
  if (!ts.encapsulated) {
    let bytes = nativeFrameBytes(file, frame).slice();
    if (!ts.littleEndian && s.bitsAllocated! > 8) {
      const size = s.bitsAllocated! / 8;
      for (let i = 0; i + size <= bytes.length; i += size) bytes.subarray(i, i + size).reverse();
    }
    if (s.bitsAllocated === 1) bytes = bytes.slice(); // unpacked, one byte per sample
    return { bytes, encapsulated: false, photometric };
  }
  const encoded = frameFragments(file, frame);
  if (!decode) return { bytes: encoded, encapsulated: true, photometric };
  await initCodecs();
  if (!decoder) throw new DicomError('DECODE_FAILED', `${ts.name} needs the WebAssembly codecs`);
  const ctx = codecContext(file);
  const spp = s.samplesPerPixel!;
  try {
    let bytes: Uint8Array;
    if (ts.codec === 'jpeg') {
      const lossy = ts.uid === '1.2.840.10008.1.2.4.50' || ts.uid === '1.2.840.10008.1.2.4.51';
      bytes = decoder.decodeJpeg(ctx, encoded, lossy && spp === 3 ? { convertColorspaceToRgb: true } : {});
      if (lossy && spp === 3) photometric = 'RGB';
    } else if (ts.codec === 'jpeg-ls') bytes = decoder.decodeJpegLs(ctx, encoded, {});
    else if (ts.codec === 'jpeg2000') {
      bytes = decoder.decodeJpeg2000(ctx, encoded, {});
      if (spp === 3 && photometric.startsWith('YBR_')) photometric = 'RGB';
    } else bytes = decoder.decodeRle(ctx, encoded, {});
    const expected = s.rows! * s.columns! * spp * Math.ceil(s.bitsAllocated! / 8);
    return { bytes: bytes.slice(0, expected), encapsulated: false, photometric };
  } catch (err) {
    throw new DicomError('DECODE_FAILED', `${ts.name} frame ${frame + 1} could not be decoded: ${(err as Error).message}`, '(7FE0,0010) PixelData');
  }
}
