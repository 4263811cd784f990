import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readDicom } from './read.ts';
import { DicomError } from './errors.ts';
import { SUPPORTED_TRANSFER_SYNTAXES } from './transfer-syntax.ts';
import { dicomDir, hasShared, needs, pydicomDir, sharedDir } from '../testing/paths.ts';
import { encodePng } from '../png.ts';

const py = (f: string) => new Uint8Array(readFileSync(join(pydicomDir, f)));
const NEEDS = 'datasets/dicom';
const HAVE = hasShared(NEEDS, 'datasets/nih-chestxray14-sample/images');
const cxr = HAVE ? new Uint8Array(readFileSync(join(dicomDir, 'cxr-pa-jpeg-baseline.dcm'))) : new Uint8Array();

function rejects(bytes: Uint8Array, opts = {}): DicomError {
  try {
    readDicom(bytes, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(DicomError);
    return e as DicomError;
  }
  throw new Error('expected a DicomError');
}

/** Replace (0002,0010) with `uid` and fix (0002,0000). */
function withTransferSyntax(bytes: Uint8Array, uid: string): Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 144;
  const end = 144 + dv.getUint32(140, true);
  while (o < end) {
    const e = dv.getUint16(o + 2, true);
    const long = ['OB', 'UN', 'OW'].includes(String.fromCharCode(bytes[o + 4]!, bytes[o + 5]!));
    const len = long ? dv.getUint32(o + 8, true) : dv.getUint16(o + 6, true);
    if (e === 0x0010) {
      const val = new TextEncoder().encode(uid.length % 2 ? uid + '\0' : uid);
      const out = new Uint8Array(bytes.length - len + val.length);
      out.set(bytes.subarray(0, o + 6));
      new DataView(out.buffer).setUint16(o + 6, val.length, true);
      out.set(val, o + 8);
      out.set(bytes.subarray(o + 8 + len), o + 8 + val.length);
      new DataView(out.buffer).setUint32(140, end - 144 - len + val.length, true);
      return out;
    }
    o += (long ? 12 : 8) + len;
  }
  throw new Error('no transfer syntax element');
}

describe.skipIf(!HAVE)(`readDicom on real files (values from the files' headers as dumped by pydicom/dcmtk)${HAVE ? '' : ` ${needs(NEEDS)}`}`, () => {
  it('CT_small.dcm: CT 128×128, 16-bit signed, Explicit VR LE, rescale −1024', () => {
    const s = readDicom(py('CT_small.dcm')).summary;
    expect(s).toMatchObject({
      modality: 'CT', rows: 128, columns: 128, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 1,
      photometricInterpretation: 'MONOCHROME2', transferSyntaxUid: '1.2.840.10008.1.2.1', rescaleSlope: 1, rescaleIntercept: -1024,
      patientId: '1CT1', patientName: 'CompressedSamples^CT1', sopInstanceUid: '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322',
    });
  });
  it('MR_small.dcm and its big-endian twin: MR 64×64 with window 600/1600', () => {
    for (const f of ['MR_small.dcm', 'MR_small_bigendian.dcm']) {
      const s = readDicom(py(f)).summary;
      expect(s).toMatchObject({ modality: 'MR', rows: 64, columns: 64, windowCenter: [600], windowWidth: [1600], patientId: '4MR1' });
    }
    expect(readDicom(py('MR_small_bigendian.dcm')).summary.transferSyntaxUid).toBe('1.2.840.10008.1.2.2');
  });
  it('JPEG-lossy.dcm (JPEG extended) and JPEG2000.dcm: NM 1024 rows × 256 columns', () => {
    expect(readDicom(py('JPEG-lossy.dcm')).summary).toMatchObject({ modality: 'NM', rows: 1024, columns: 256, bitsStored: 12, transferSyntaxUid: '1.2.840.10008.1.2.4.51' });
    expect(readDicom(py('JPEG2000.dcm')).summary).toMatchObject({ modality: 'NM', rows: 1024, columns: 256, bitsStored: 16, transferSyntaxUid: '1.2.840.10008.1.2.4.91' });
  });
  it('cxr-pa-jpeg-baseline.dcm: CR chest PA 1024×1024 JPEG Baseline', () => {
    const s = readDicom(cxr).summary;
    expect(s).toMatchObject({
      modality: 'CR', rows: 1024, columns: 1024, bodyPartExamined: 'CHEST', viewPosition: 'PA', transferSyntaxUid: '1.2.840.10008.1.2.4.50',
      photometricInterpretation: 'MONOCHROME2', patientId: '16d7f894-55d7-4d95-8957-d18987f0e981', pixelSpacing: [0.168, 0.168],
    });
  });
  it('reads non-image objects (SR, ECG) without pixel attributes', () => {
    expect(readDicom(py('test-SR.dcm')).summary).toMatchObject({ modality: 'SR', hasPixelData: false });
    expect(readDicom(py('waveform_ecg.dcm')).summary).toMatchObject({ modality: 'ECG', hasPixelData: false });
  });
});

describe.skipIf(!HAVE)(`readDicom rejects malformed input with a clear code${HAVE ? '' : ` ${needs(NEEDS)}`}`, () => {
  it('badVR.dcm → INVALID_VALUE on (0028,0008) Number of Frames = IS "1A"', () => {
    const e = rejects(py('badVR.dcm'));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.field).toBe('(0028,0008) NumberOfFrames');
    expect(e.message).toContain('"1A"');
  });
  it('no_meta_group_length.dcm → META_GROUP_LENGTH_MISSING; with recovery, the meta is repaired and the stub data set then lacks SOP Class UID', () => {
    expect(rejects(py('no_meta_group_length.dcm')).code).toBe('META_GROUP_LENGTH_MISSING');
    const e = rejects(py('no_meta_group_length.dcm'), { allowMissingMetaGroupLength: true });
    expect(e.code).toBe('MISSING_ATTRIBUTE');
    expect(e.field).toBe('(0008,0016) SOPClassUID');
  });
  it('meta_missing_tsyntax.dcm → MISSING_TRANSFER_SYNTAX', () => {
    const e = rejects(py('meta_missing_tsyntax.dcm'));
    expect(e.code).toBe('MISSING_TRANSFER_SYNTAX');
    expect(e.field).toBe('(0002,0010) TransferSyntaxUID');
  });
  it('a PNG renamed .dcm → NOT_DICOM naming PNG', () => {
    const png = encodePng(16, 16, new Uint8Array(256)); // a real PNG file

    const e = rejects(png);
    expect(e.code).toBe('NOT_DICOM');
    expect(e.message).toContain('PNG');
  });
  it('a NIH JPEG renamed .dcm → NOT_DICOM naming JPEG', () => {
    const jpg = new Uint8Array(readFileSync(join(sharedDir, 'datasets/nih-chestxray14-sample/images/00000075_000.jpg')));
    expect(rejects(jpg).message).toContain('JPEG image');
  });
  it('rtstruct.dcm (a data set without preamble) → NOT_DICOM', () => {
    const e = rejects(py('rtstruct.dcm'));
    expect(e.code).toBe('NOT_DICOM');
    expect(e.message).toContain('without the Part 10 preamble');
  });
  it('truncated inside the pixel data → TRUNCATED', () => {
    const e = rejects(cxr.subarray(0, cxr.length - 1000));
    expect(e.code).toBe('TRUNCATED');
    expect(e.field).toBe('(7FE0,0010) PixelData');
  });
  it('truncated native pixel data (CT_small minus 2 KB) → TRUNCATED', () => {
    const ct = py('CT_small.dcm');
    expect(rejects(ct.subarray(0, ct.length - 2048)).code).toBe('TRUNCATED');
  });
  it('every strict prefix of a real file is rejected (never parsed half)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cxr.length - 1 }), (n) => {
        const e = rejects(cxr.subarray(0, n));
        expect(['TRUNCATED', 'MISSING_ATTRIBUTE', 'NOT_DICOM', 'META_INVALID']).toContain(e.code);
      }),
      { numRuns: 300, seed: 5 },
    );
    expect(rejects(cxr.subarray(0, 100)).code).toBe('TRUNCATED');
  });
  it('unsupported transfer syntax → UNSUPPORTED_TRANSFER_SYNTAX listing the supported ones', () => {
    const e = rejects(withTransferSyntax(py('CT_small.dcm'), '1.2.840.10008.1.2.4.100')); // MPEG2 MP@ML
    expect(e.code).toBe('UNSUPPORTED_TRANSFER_SYNTAX');
    expect(e.message).toContain('1.2.840.10008.1.2.4.100');
    for (const ts of SUPPORTED_TRANSFER_SYNTAXES) expect(e.message).toContain(ts.uid);
  });
  it('the retagging helper itself keeps a valid file valid', () => {
    expect(readDicom(withTransferSyntax(py('CT_small.dcm'), '1.2.840.10008.1.2.1')).summary.rows).toBe(128);
  });
  it('an empty file → NOT_DICOM', () => {
    expect(rejects(new Uint8Array(0)).code).toBe('NOT_DICOM');
  });
});
