/**
 * A tiny PNG encoder (PNG spec, W3C 2003 / ISO 15948): 8-bit greyscale, greyscale+alpha, RGB or RGBA,
 * filter type 0 ("None") or 2 ("Up") per row, zlib via node:zlib. No native dependencies, so the
 * server can serve viewer previews anywhere Node runs.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 as used by PNG chunks (ISO 3309 / ITU-T V.42 polynomial). */
export function crc32(bytes: Uint8Array, crc = 0xffffffff): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, (crc32(out.subarray(4, 8 + data.length)) ^ 0xffffffff) >>> 0);
  return out;
}

export interface PngOptions {
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA (default 1). */
  channels?: 1 | 2 | 3 | 4;
  /** Row filter: 'none' (fast) or 'up' (smaller for smooth images). Default 'up'. */
  filter?: 'none' | 'up';
  /** zlib level 0..9 (default 6). */
  level?: number;
}

export class PngError extends Error {
  constructor(
    readonly code: 'INVALID_INPUT',
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PngError';
  }
}

/** Encode 8-bit pixels (row-major, channels interleaved) as a PNG file. */
export function encodePng(width: number, height: number, pixels: Uint8Array, opts: PngOptions = {}): Uint8Array {
  const channels = opts.channels ?? 1;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new PngError('INVALID_INPUT', `bad size ${width}×${height}`, 'width');
  if (pixels.length !== width * height * channels)
    throw new PngError('INVALID_INPUT', `pixels has ${pixels.length} bytes, expected ${width}×${height}×${channels}`, 'pixels');
  const colourType = { 1: 0, 2: 4, 3: 2, 4: 6 }[channels];
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colourType;
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  const up = (opts.filter ?? 'up') === 'up';
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1);
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    if (up && y > 0) {
      raw[o] = 2;
      const prev = pixels.subarray((y - 1) * stride, y * stride);
      for (let x = 0; x < stride; x++) raw[o + 1 + x] = (row[x]! - prev[x]!) & 0xff;
    } else {
      raw[o] = 0;
      raw.set(row, o + 1);
    }
  }
  const idat = new Uint8Array(deflateSync(raw, { level: opts.level ?? 6 }));
  const sig = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = [sig, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
