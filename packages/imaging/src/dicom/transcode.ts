/**
 * Transfer syntax conversion for WADO-RS (PS3.18 §8.7.3.5.2: the origin server transcodes to a
 * requested transfer syntax it supports, else answers 406): any syntax this package decodes →
 * Explicit VR Little Endian. Encoding to a compressed syntax is not offered (no encoders), so a
 * request for one is honoured only when the object is already stored in it.
 */
import type { DicomFile } from './read.ts';
import { TS } from './transfer-syntax.ts';
import { writePart10 } from './write.ts';
import { rawFrame } from '../pixels.ts';

const LOSSY = new Set<string>([TS.JPEGBaseline8Bit, TS.JPEGExtended12Bit, TS.JPEGLSNearLossless, TS.JPEG2000]);

/** Media types of a frame in its stored transfer syntax (PS3.18 Table 8.7.3-2). */
export const FRAME_MEDIA_TYPE: Readonly<Record<string, string>> = {
  [TS.JPEGBaseline8Bit]: 'image/jpeg', [TS.JPEGExtended12Bit]: 'image/jpeg', [TS.JPEGLossless]: 'image/jpeg', [TS.JPEGLosslessSV1]: 'image/jpeg',
  [TS.JPEGLSLossless]: 'image/jls', [TS.JPEGLSNearLossless]: 'image/jls', [TS.JPEG2000Lossless]: 'image/jp2', [TS.JPEG2000]: 'image/jp2', [TS.RLELossless]: 'image/dicom-rle',
};

/** The whole object re-encoded in Explicit VR Little Endian, pixels decoded. */
export async function transcodeToExplicitLE(file: DicomFile): Promise<Uint8Array> {
  if (file.transferSyntax.uid === TS.ExplicitVRLittleEndian) return file.bytes;
  const ds: Record<string, unknown> = { ...file.dataset };
  const s = file.summary;
  if (s.hasPixelData) {
    const frames = [];
    for (let f = 0; f < s.numberOfFrames; f++) frames.push(await rawFrame(file, f, true));
    const total = frames.reduce((a, b) => a + b.bytes.length, 0);
    const all = new Uint8Array(total + (total % 2));
    let o = 0;
    for (const fr of frames) {
      all.set(fr.bytes, o);
      o += fr.bytes.length;
    }
    ds.PixelData = [all.buffer];
    ds.PhotometricInterpretation = frames[0]!.photometric;
    if (s.samplesPerPixel === 3) ds.PlanarConfiguration = file.transferSyntax.encapsulated ? 0 : (s.planarConfiguration ?? 0);
    ds._vrMap = { ...((ds._vrMap as Record<string, string>) ?? {}), PixelData: s.bitsAllocated! > 8 ? 'OW' : 'OB' };
    if (LOSSY.has(file.transferSyntax.uid)) ds.LossyImageCompression = '01';
  }
  return writePart10(ds, TS.ExplicitVRLittleEndian);
}

export interface FrameData {
  bytes: Uint8Array;
  /** multipart part media type. */
  mediaType: string;
  transferSyntaxUid: string;
}

/**
 * Frame `n` (1-based, as in the WADO-RS URL) in the stored syntax when `asStored` and it is
 * compressed, else as native Explicit VR Little Endian samples.
 */
export async function frameData(file: DicomFile, n: number, asStored: boolean): Promise<FrameData> {
  const stored = file.transferSyntax;
  const raw = await rawFrame(file, n - 1, !(asStored && stored.encapsulated));
  if (raw.encapsulated) return { bytes: raw.bytes, mediaType: FRAME_MEDIA_TYPE[stored.uid] ?? 'application/octet-stream', transferSyntaxUid: stored.uid };
  return { bytes: raw.bytes, mediaType: 'application/octet-stream', transferSyntaxUid: TS.ExplicitVRLittleEndian };
}
