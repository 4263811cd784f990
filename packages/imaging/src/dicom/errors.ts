/**
 * Typed DICOM errors. Every rejection carries a machine-readable `code`, a human message that says
 * what was wrong and where, and (when it is about one attribute) the `field` as "(gggg,eeee) Keyword".
 */
export type DicomErrorCode =
  /** Not a DICOM Part 10 file: no 'DICM' after the 128-byte preamble (e.g. a PNG renamed .dcm). */
  | 'NOT_DICOM'
  /** The file ends before an element, item or the pixel data it declares. */
  | 'TRUNCATED'
  /** File Meta Information is malformed (bad group length, bad element, missing Type 1 element). */
  | 'META_INVALID'
  /** (0002,0000) File Meta Information Group Length is absent. */
  | 'META_GROUP_LENGTH_MISSING'
  /** (0002,0010) Transfer Syntax UID is absent or empty. */
  | 'MISSING_TRANSFER_SYNTAX'
  /** The transfer syntax is not one this package reads; the message lists the supported ones. */
  | 'UNSUPPORTED_TRANSFER_SYNTAX'
  /** An element has an invalid VR code or a value that is not valid for its VR (e.g. IS "1A"). */
  | 'INVALID_VALUE'
  /** A required attribute is missing or empty. */
  | 'MISSING_ATTRIBUTE'
  /** The data set could not be parsed. */
  | 'MALFORMED_DATASET'
  /** Pixel-level problems. */
  | 'NO_PIXEL_DATA'
  | 'UNSUPPORTED_PIXEL_FORMAT'
  | 'DECODE_FAILED'
  /** Writing: bad input to a writer (e.g. not a JPEG). */
  | 'INVALID_INPUT'
  /** Parsing an SR that is not a usable measurement report. */
  | 'SR_INVALID';

export class DicomError extends Error {
  constructor(
    readonly code: DicomErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DicomError';
  }

  toJSON(): { code: DicomErrorCode; message: string; field?: string } {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

export function isDicomError(e: unknown): e is DicomError {
  return e instanceof DicomError;
}
