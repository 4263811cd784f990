/**
 * Revocation through a W3C Bitstring Status List v1.0 (2025 Recommendation): one list per issuer
 * key, published as a signed BitstringStatusListCredential. §6.1 asks for at least 131,072 entries
 * so that one index says nothing about who holds it (herd privacy); indexes are drawn at random.
 */
/// <reference path="./libs.d.ts" />
import * as bsl from '@digitalbazaar/vc-bitstring-status-list';
import type { IssuerKey } from './keys.ts';
import { type Credential, isoSeconds, signCredential } from './badge.ts';
import { VC_V2_CONTEXT } from './loader.ts';

export const STATUS_LIST_LENGTH = 131_072;

/** A new all-zero bitstring, encoded (GZIP + base64url, multibase 'u'). */
export async function emptyEncodedList(length = STATUS_LIST_LENGTH): Promise<string> {
  return (await bsl.createList({ length })).encode();
}

/** Sets (revoked) or clears the bits at the given indexes; returns the new encoded list. */
export async function setBits(encodedList: string, indexes: number[], value = true): Promise<string> {
  const list = await bsl.decodeList({ encodedList });
  for (const i of indexes) {
    if (!Number.isInteger(i) || i < 0 || i >= list.length) throw new RangeError(`status index ${i} is outside 0..${list.length - 1}`);
    list.setStatus(i, value);
  }
  return list.encode();
}

export async function getBit(encodedList: string, index: number): Promise<boolean> {
  return (await bsl.decodeList({ encodedList })).getStatus(index);
}

/** The signed status list credential for a key, published at `listUrl`. */
export async function signStatusList(opts: { listUrl: string; encodedList: string; key: IssuerKey; issuerName: string; now: Date }): Promise<Credential> {
  const credential: Credential = {
    '@context': [VC_V2_CONTEXT],
    id: opts.listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: opts.key.did, name: opts.issuerName },
    validFrom: isoSeconds(opts.now),
    credentialSubject: { id: `${opts.listUrl}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: opts.encodedList },
  };
  return signCredential(credential, opts.key, opts.now);
}
