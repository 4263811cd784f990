import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDicom } from './dicom/read.ts';
import { applyVoi, decodeImage, decodeImageAsync, initCodecs, toUint8, type ModalityImage } from './pixels.ts';
import { crc32, encodePng } from './png.ts';
import { preprocess, resizeArea, resizeBilinear } from './preprocess.ts';
import { dicomDir, hasShared, needs, pydicomDir } from './testing/paths.ts';

const NEEDS = 'datasets/dicom';
const HAVE = hasShared(NEEDS);
import type { ManifestInput } from './models/manifest.ts';

const file = (f: string) => readDicom(new Uint8Array(readFileSync(join(pydicomDir, f))));
const at = (img: ModalityImage, r: number, c: number) => img.data[r * img.width + c]!;

beforeAll(async () => {
  await initCodecs();
});

describe.skipIf(!HAVE)(`decodeImage against published reference values${HAVE ? '' : ` ${needs(NEEDS)}`}`, () => {
  // pydicom documentation ("Viewing images"): CT_small pixel_array rows begin [175, 180, 166] and
  // [186, 183, 157]; the second-to-last row ends [942, 925, 905]. Modality values add the file's
  // Rescale Intercept −1024 (slope 1).
  it('CT_small.dcm (Explicit VR LE, signed 16-bit) with the modality LUT', () => {
    const img = decodeImage(file('CT_small.dcm'));
    expect([img.width, img.height]).toEqual([128, 128]);
    expect([at(img, 0, 0), at(img, 0, 1), at(img, 0, 2)]).toEqual([175 - 1024, 180 - 1024, 166 - 1024]);
    expect([at(img, 1, 0), at(img, 1, 1), at(img, 1, 2)]).toEqual([186 - 1024, 183 - 1024, 157 - 1024]);
    expect([at(img, 126, 125), at(img, 126, 126), at(img, 126, 127)]).toEqual([942 - 1024, 925 - 1024, 905 - 1024]);
  });
  // pydicom README: MR_small pixel_array [[905, 1019, 1227, ..., 302, 304, 328], [628, 770, 907, ..., 298, 331, 355], ...].
  it('MR_small.dcm and MR_small_bigendian.dcm decode to the published array', () => {
    for (const f of ['MR_small.dcm', 'MR_small_bigendian.dcm']) {
      const img = decodeImage(file(f));
      expect(Array.from(img.data.subarray(0, 3))).toEqual([905, 1019, 1227]);
      expect(Array.from(img.data.subarray(61, 64))).toEqual([302, 304, 328]);
      expect(Array.from(img.data.subarray(64, 67))).toEqual([628, 770, 907]);
      expect(Array.from(img.data.subarray(125, 128))).toEqual([298, 331, 355]);
    }
    expect(Array.from(decodeImage(file('MR_small_bigendian.dcm')).data)).toEqual(Array.from(decodeImage(file('MR_small.dcm')).data));
  });
  // pydicom pixel reference (tests/pixels/pixels_reference.py, JPGE_BAD): arr[420, 140] == 244, arr[230, 120] == 95.
  it('JPEG-lossy.dcm (JPEG extended, 12-bit) via the WebAssembly codec', () => {
    const img = decodeImage(file('JPEG-lossy.dcm'));
    expect([img.width, img.height]).toEqual([256, 1024]);
    expect(at(img, 420, 140)).toBe(244);
    expect(at(img, 230, 120)).toBe(95);
  });
  // Both files are lossy versions of the same source image (same Referenced SOP Instance in their Source Image Sequence).
  it('JPEG2000.dcm (J2K lossy, 2097:1) agrees with the JPEG version of the same source image', () => {
    const a = decodeImage(file('JPEG-lossy.dcm'));
    const b = decodeImage(file('JPEG2000.dcm'));
    expect([b.width, b.height]).toEqual([256, 1024]);
    let sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
    const n = a.data.length;
    for (let i = 0; i < n; i++) {
      const x = a.data[i]!, y = b.data[i]!;
      sa += x; sb += y; sab += x * y; saa += x * x; sbb += y * y;
    }
    const r = (sab / n - (sa / n) * (sb / n)) / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
    expect(r).toBeGreaterThan(0.9);
  });
  // The file's Image Comments: 10 rows each of (255,0,0), (255,128,128), (0,255,0), (128,255,128),
  // (0,0,255), (128,128,255), (0,0,0), (64,64,64), (192,192,192), (255,255,255). Luminance = BT.601.
  it('SC_rgb_jpeg_dcmtk.dcm (YBR_FULL JPEG baseline) → luminance of the documented colour bands', () => {
    const img = decodeImage(file('SC_rgb_jpeg_dcmtk.dcm'));
    const rgb = [[255, 0, 0], [255, 128, 128], [0, 255, 0], [128, 255, 128], [0, 0, 255], [128, 128, 255], [0, 0, 0], [64, 64, 64], [192, 192, 192], [255, 255, 255]];
    rgb.forEach(([r, g, b], k) => expect(Math.abs(at(img, 10 * k + 5, 50) - (0.299 * r! + 0.587 * g! + 0.114 * b!))).toBeLessThan(4));
  });
  it('ExplVR_BigEnd.dcm (RGB, planar, big endian) decodes 80×60', () => {
    const img = decodeImage(file('ExplVR_BigEnd.dcm'));
    expect([img.width, img.height, img.fromColour]).toEqual([80, 60, true]);
  });
  it('liver_1frame.dcm (1-bit SEG) unpacks to 0/1 only', () => {
    const img = decodeImage(file('liver_1frame.dcm'));
    expect([img.width, img.height, img.min, img.max]).toEqual([512, 512, 0, 1]);
  });
  it('cxr-pa-jpeg-baseline.dcm decodes to 1024×1024 8-bit', async () => {
    const img = await decodeImageAsync(readDicom(new Uint8Array(readFileSync(join(dicomDir, 'cxr-pa-jpeg-baseline.dcm')))));
    expect([img.width, img.height]).toEqual([1024, 1024]);
    expect(img.min).toBeGreaterThanOrEqual(0);
    expect(img.max).toBeLessThanOrEqual(255);
  });
  it('an SR has no pixels → NO_PIXEL_DATA', () => {
    expect(() => decodeImage(file('test-SR.dcm'))).toThrow(expect.objectContaining({ code: 'NO_PIXEL_DATA' }));
  });
});

describe.skipIf(!HAVE)(`VOI LUT and MONOCHROME1${HAVE ? '' : ` ${needs(NEEDS)}`}`, () => {
  // PS3.3 C.11.2.1.2.1: if x <= c − 0.5 − (w−1)/2 → ymin; if x > c − 0.5 + (w−1)/2 → ymax;
  // else ((x − (c − 0.5)) / (w − 1) + 0.5) · (ymax − ymin) + ymin. With c = 600, w = 1600:
  // x = −200 → 0; x = 599.5 → 0.5; x = 1399.5 → 1.
  it('uses the file window with the DICOM linear function', () => {
    const f = file('MR_small.dcm');
    const img: ModalityImage = { width: 3, height: 1, data: Float32Array.from([-200, 599.5, 1399.5]), photometric: 'MONOCHROME2', fromColour: false, min: -200, max: 1399.5, frame: 0 };
    const d = applyVoi(img, f);
    expect(d.voiSource).toBe('file-window');
    expect(Array.from(d.data)).toEqual([0, 0.5, 1]);
  });
  it('falls back to min/max when the file has no window (CT_small)', () => {
    const f = file('CT_small.dcm');
    const d = applyVoi(decodeImage(f), f);
    expect(d.voiSource).toBe('min-max');
    expect(Math.min(...d.data)).toBe(0);
    expect(Math.max(...d.data)).toBe(1);
  });
  it('inverts MONOCHROME1 so that 1 is white', () => {
    const f = file('MR_small.dcm');
    const img = decodeImage(f);
    const mono2 = applyVoi(img, f);
    const mono1 = applyVoi({ ...img, photometric: 'MONOCHROME1' }, f);
    expect(mono1.inverted).toBe(true);
    for (let i = 0; i < 50; i++) expect(mono1.data[i]).toBeCloseTo(1 - mono2.data[i]!, 6);
  });
});

describe('PNG encoder', () => {
  it('CRC-32 check value of "123456789" is CBF43926 (ISO 3309)', () => {
    expect(crc32(new TextEncoder().encode('123456789')) ^ 0xffffffff).toBe(0xcbf43926 | 0);
  });
  it('writes a valid greyscale PNG whose IDAT inflates back to the pixels', () => {
    const px = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const png = encodePng(4, 3, px, { filter: 'none' });
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const dv = new DataView(png.buffer, png.byteOffset);
    expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
    expect([dv.getUint32(16), dv.getUint32(20), png[24], png[25]]).toEqual([4, 3, 8, 0]);
    // chunk CRCs agree with node:zlib's crc32 where available
    const z = zlib as unknown as { crc32?: (b: Uint8Array) => number };
    if (z.crc32) expect(dv.getUint32(29)).toBe(z.crc32(png.subarray(12, 29)));
    const idatLen = dv.getUint32(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect(Array.from(raw)).toEqual([0, 0, 20, 40, 60, 0, 80, 100, 120, 140, 0, 160, 180, 200, 220]);
  });
  it('rejects a size mismatch with a typed error', () => {
    expect(() => encodePng(4, 4, new Uint8Array(3))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
  it.skipIf(!HAVE)(`renders the CXR to an 8-bit PNG preview${HAVE ? '' : ` ${needs(NEEDS)}`}`, async () => {
    const f = readDicom(new Uint8Array(readFileSync(join(dicomDir, 'cxr-pa-jpeg-baseline.dcm'))));
    const d = applyVoi(await decodeImageAsync(f), f);
    const png = encodePng(d.width, d.height, toUint8(d));
    expect(png.length).toBeGreaterThan(10_000);
  });
});

describe('preprocess', () => {
  it('area resize of a 4×4 image to 2×2 gives the 2×2 block means', () => {
    const img = { width: 4, height: 4, data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]) };
    expect(Array.from(resizeArea(img, 2, 2).data)).toEqual([3.5, 5.5, 11.5, 13.5]);
  });
  it('area resize 3→2 weights fractional coverage (OpenCV INTER_AREA): [0, 3, 6] → [1, 5]', () => {
    // out0 covers [0, 1.5): (0·1 + 3·0.5)/1.5 = 1; out1 covers [1.5, 3): (3·0.5 + 6·1)/1.5 = 5
    expect(Array.from(resizeArea({ width: 3, height: 1, data: Float32Array.from([0, 3, 6]) }, 2, 1).data)).toEqual([1, 5]);
  });
  it('bilinear 2→4 with half-pixel centres: [0, 4] → [0, 1, 3, 4]', () => {
    // x_src = (x + 0.5)/2 − 0.5 → −0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
    expect(Array.from(resizeBilinear({ width: 2, height: 1, data: Float32Array.from([0, 4]) }, 4, 1).data)).toEqual([0, 1, 3, 4]);
  });
  it('normalises per the manifest into NCHW, replicating grey into 3 channels', () => {
    const input: ManifestInput = {
      name: 'x', shape: [-1, 3, 2, 2], layout: 'NCHW', channels: 3, height: 2, width: 2, resize: 'area',
      normalisation: { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
    };
    const t = preprocess({ width: 2, height: 2, data: Float32Array.from([0, 1, 1, 0]) }, input);
    expect(t.dims).toEqual([1, 3, 2, 2]);
    expect(t.data[0]).toBeCloseTo(-0.485 / 0.229, 5);
    expect(t.data[1]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(t.data[4 + 1]).toBeCloseTo((1 - 0.456) / 0.224, 5);
    expect(t.data[8 + 3]).toBeCloseTo(-0.406 / 0.225, 5);
  });
});
