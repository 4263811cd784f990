/**
 * Issuer keys: Ed25519 as W3C Multikey, identified by did:key (the DID is the public key, so a
 * verifier needs no registry and no network). Randomness comes in as a seed: this module has no I/O.
 */
/// <reference path="./libs.d.ts" />
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

export interface IssuerKey {
  /** did:key:z6Mk… — the issuer id of every credential this key signs. */
  did: string;
  /** did:key:z6Mk…#z6Mk… — the proof's verificationMethod. */
  verificationMethod: string;
  publicKeyMultibase: string;
  /** Multibase (z…) Ed25519 secret key; keep it encrypted at rest. */
  secretKeyMultibase: string;
}

export const didKeyOf = (publicKeyMultibase: string) => `did:key:${publicKeyMultibase}`;

/** A new key from 32 random bytes (the caller draws them: crypto.randomBytes(32)). */
export async function keyFromSeed(seed: Uint8Array): Promise<IssuerKey> {
  if (seed.length !== 32) throw new TypeError('an Ed25519 seed is 32 bytes');
  const kp = await Ed25519Multikey.generate({ seed });
  const exported = await kp.export({ publicKey: true, secretKey: true });
  const did = didKeyOf(exported.publicKeyMultibase);
  return { did, verificationMethod: `${did}#${exported.publicKeyMultibase}`, publicKeyMultibase: exported.publicKeyMultibase, secretKeyMultibase: exported.secretKeyMultibase! };
}

/** The signing key pair (with the DID as controller), from a stored key. */
export async function signingKeyPair(key: Pick<IssuerKey, 'publicKeyMultibase' | 'secretKeyMultibase'>) {
  const did = didKeyOf(key.publicKeyMultibase);
  return Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id: `${did}#${key.publicKeyMultibase}`,
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
}
