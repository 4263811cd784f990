/**
 * DICOM UIDs under the 2.25 root (PS3.5 §B.2: a UUID written as one decimal integer), so no
 * registered organisation root is needed. `randomUid()` uses a random UUIDv4; `uidFromName(name)`
 * derives a stable UUID (version 8, from SHA-256 of the name) so that re-running a conversion
 * produces the same Study/Series/SOP Instance UIDs.
 */
import { createHash, randomUUID } from 'node:crypto';

function uuidHexToUid(hex: string): string {
  return `2.25.${BigInt('0x' + hex).toString(10)}`;
}

export function randomUid(): string {
  return uuidHexToUid(randomUUID().replace(/-/g, ''));
}

export function uidFromName(name: string): string {
  const b = createHash('sha256').update(`yte-uid:${name}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8 (custom)
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  return uuidHexToUid(b.toString('hex'));
}

const UID_RE = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;
export function isValidUid(uid: string): boolean {
  return uid.length <= 64 && UID_RE.test(uid);
}
