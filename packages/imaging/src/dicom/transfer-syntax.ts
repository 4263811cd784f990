/** Transfer syntaxes this package reads (data set + pixels). PS3.5 §10 and PS3.6 Annex A. */
export interface TransferSyntaxInfo {
  uid: string;
  name: string;
  explicitVr: boolean;
  littleEndian: boolean;
  encapsulated: boolean;
  codec: 'native' | 'jpeg' | 'jpeg-ls' | 'jpeg2000' | 'rle';
  /** Covered by tests on real files in ../shared/datasets/dicom. */
  testedOnRealFiles: boolean;
}

export const TS = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline8Bit: '1.2.840.10008.1.2.4.50',
  JPEGExtended12Bit: '1.2.840.10008.1.2.4.51',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  RLELossless: '1.2.840.10008.1.2.5',
} as const;

const list: TransferSyntaxInfo[] = [
  { uid: TS.ImplicitVRLittleEndian, name: 'Implicit VR Little Endian', explicitVr: false, littleEndian: true, encapsulated: false, codec: 'native', testedOnRealFiles: true },
  { uid: TS.ExplicitVRLittleEndian, name: 'Explicit VR Little Endian', explicitVr: true, littleEndian: true, encapsulated: false, codec: 'native', testedOnRealFiles: true },
  { uid: TS.ExplicitVRBigEndian, name: 'Explicit VR Big Endian (retired)', explicitVr: true, littleEndian: false, encapsulated: false, codec: 'native', testedOnRealFiles: true },
  { uid: TS.JPEGBaseline8Bit, name: 'JPEG Baseline (Process 1)', explicitVr: true, littleEndian: true, encapsulated: true, codec: 'jpeg', testedOnRealFiles: true },
  { uid: TS.JPEGExtended12Bit, name: 'JPEG Extended (Process 2 & 4)', explicitVr: true, littleEndian: true, encapsulated: true, codec: 'jpeg', testedOnRealFiles: true },
  { uid: TS.JPEGLossless, name: 'JPEG Lossless, Non-Hierarchical (Process 14)', explicitVr: true, littleEndian: true, encapsulated: true, codec: 'jpeg', testedOnRealFiles: false },
  { uid: TS.JPEGLosslessSV1, name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])', explicitVr: true, littleEndian: true, encapsulated: true, codec: 'jpeg', testedOnRealFiles: false },
  { uid: TS.JPEGLSLossless, name: 'JPEG-LS Lossless', explicitVr: true, littleEndian: true, encapsulated: true, codec: 'jpeg-ls', testedOnRealFiles: false },
  { uid: TS.JPEGLSNearLossless, name: 'JPEG-LS Lossy (Near-Lossless)', explicitVr: true, littleEndian: true, encapsulated: true, codec: 'jpeg-ls', testedOnRealFiles: false },
  { uid: TS.JPEG2000Lossless, name: 'JPEG 2000 (Lossless Only)', explicitVr: true, littleEndian: true, encapsulated: true, codec: 'jpeg2000', testedOnRealFiles: false },
  { uid: TS.JPEG2000, name: 'JPEG 2000', explicitVr: true, littleEndian: true, encapsulated: true, codec: 'jpeg2000', testedOnRealFiles: true },
  { uid: TS.RLELossless, name: 'RLE Lossless', explicitVr: true, littleEndian: true, encapsulated: true, codec: 'rle', testedOnRealFiles: false },
];

export const SUPPORTED_TRANSFER_SYNTAXES: readonly TransferSyntaxInfo[] = Object.freeze(list);

export function transferSyntaxInfo(uid: string): TransferSyntaxInfo | undefined {
  return list.find((t) => t.uid === uid);
}
