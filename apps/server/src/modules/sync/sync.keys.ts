/**
 * Station device keys: Ed25519 (RFC 8032). The province keeps only the public key, so a leaked
 * province database cannot push as a station; revoking a station is one UPDATE. The station signs
 * the exact bytes it sends (the gzip body of a push; a fixed string for a pull).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

export interface StationKeyPair {
  /** PKCS#8 DER, base64: YTE_SYNC_STATION_KEY. */
  privateKey: string;
  /** SPKI DER, base64: registered at the province. */
  publicKey: string;
}

export function generateStationKey(): StationKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

export function publicKeyOf(privateKeyB64: string): string {
  const k = createPrivateKey({ key: Buffer.from(privateKeyB64, 'base64'), format: 'der', type: 'pkcs8' });
  return createPublicKey(k).export({ type: 'spki', format: 'der' }).toString('base64');
}

export function signBytes(privateKeyB64: string, data: Buffer): string {
  const k = createPrivateKey({ key: Buffer.from(privateKeyB64, 'base64'), format: 'der', type: 'pkcs8' });
  return sign(null, data, k).toString('base64');
}

export function verifyBytes(publicKeyB64: string, data: Buffer, signatureB64: string): boolean {
  try {
    const k = createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    return verify(null, data, k, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

export const pullMessage = (station: string, since: number) => Buffer.from(`yte-sync-pull:${station}:${since}`, 'utf8');
