/**
 * Offline verification of an OpenBadgeCredential: structure, then the eddsa-rdfc-2022 proof (any
 * change to a signed value breaks it), then the validity period, then revocation against a status
 * list credential the caller passes in (a cached copy: no network). Pure: `now` is an argument.
 * The checks run in that order so that nothing in a credential is trusted before its proof holds.
 */
/// <reference path="./libs.d.ts" />
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import * as bsl from '@digitalbazaar/vc-bitstring-status-list';
import { OB_V3_CONTEXT, offlineDocumentLoader, VC_V2_CONTEXT } from './loader.ts';

export type VerifyReason = 'valid' | 'malformed' | 'signature invalid' | 'not yet valid' | 'expired' | 'revoked' | 'status list invalid';

export interface VerifyOutcome {
  valid: boolean;
  reason: VerifyReason;
  /** Why, in words (for 'malformed', the first problem found). */
  detail?: string;
  /** The signer (did:key) and the facts shown to a person, once the proof holds. */
  issuer?: { id: string; name?: string };
  subject?: { id?: string; name?: string };
  achievement?: { id?: string; name?: string };
  validFrom?: string;
  validUntil?: string;
  /** Whether revocation was checked: false when the badge has a status entry but no list was given. */
  statusChecked: boolean;
}

export interface VerifyOptions {
  now: Date;
  /** Cached status list credentials (their `id` is the URL the badge names). */
  statusLists?: Record<string, unknown>[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The first structural problem, or null. */
export function structureProblem(c: unknown): string | null {
  if (!isObj(c)) return 'not a JSON object';
  const ctx = asArray(c['@context']);
  if (ctx[0] !== VC_V2_CONTEXT) return `@context must start with ${VC_V2_CONTEXT}`;
  if (!ctx.some((x) => typeof x === 'string' && x.startsWith('https://purl.imsglobal.org/spec/ob/v3p0/context'))) return `@context lacks the Open Badges 3.0 context (${OB_V3_CONTEXT})`;
  const types = asArray(c.type);
  if (!types.includes('VerifiableCredential') || !types.includes('OpenBadgeCredential')) return 'type must include VerifiableCredential and OpenBadgeCredential';
  const issuerId = isObj(c.issuer) ? c.issuer.id : c.issuer;
  if (typeof issuerId !== 'string' || !issuerId.startsWith('did:key:')) return 'issuer must be a did:key';
  if (typeof c.validFrom !== 'string' || !DATE_RE.test(c.validFrom)) return 'validFrom must be an XML Schema dateTime';
  if (c.validUntil !== undefined && (typeof c.validUntil !== 'string' || !DATE_RE.test(c.validUntil))) return 'validUntil must be an XML Schema dateTime';
  const subject = c.credentialSubject;
  if (!isObj(subject) || !isObj(subject.achievement)) return 'credentialSubject.achievement is missing';
  const proof = c.proof;
  if (!isObj(proof)) return 'proof is missing (one Data Integrity proof expected)';
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022') return 'proof must be a DataIntegrityProof with cryptosuite eddsa-rdfc-2022';
  if (typeof proof.proofValue !== 'string' || typeof proof.verificationMethod !== 'string') return 'proof lacks proofValue or verificationMethod';
  if (c.credentialStatus !== undefined) {
    for (const s of asArray(c.credentialStatus)) {
      if (!isObj(s) || s.type !== 'BitstringStatusListEntry' || typeof s.statusListCredential !== 'string' || !/^\d+$/.test(String(s.statusListIndex))) {
        return 'credentialStatus must be a BitstringStatusListEntry with statusListCredential and statusListIndex';
      }
    }
  }
  return null;
}

/** A verifying suite (no signer): the library resolves the key from the proof's did:key. */
export const verifySuite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

const firstError = (e: (Error & { errors?: Error[] }) | undefined): string =>
  e ? (e.errors?.[0]?.message ?? e.message) : 'proof did not verify';

export async function verifyBadge(credential: unknown, opts: VerifyOptions): Promise<VerifyOutcome> {
  const problem = structureProblem(credential);
  if (problem) return { valid: false, reason: 'malformed', detail: problem, statusChecked: false };
  const c = credential as Record<string, unknown>;
  const loader = offlineDocumentLoader(opts.statusLists ?? []);

  // The proof, checked at the badge's own validFrom (so the library's date check cannot mask a
  // bad signature); the period is checked below against the real `now`. Status is checked below too.
  const proofResult = await vc.verifyCredential({
    credential: c, suite: verifySuite(), documentLoader: loader, now: c.validFrom as string,
    checkStatus: async () => ({ verified: true }),
  });
  if (!proofResult.verified) return { valid: false, reason: 'signature invalid', detail: firstError(proofResult.error ?? proofResult.results?.[0]?.error), statusChecked: false };

  const issuer = c.issuer as Record<string, unknown> | string;
  const subject = c.credentialSubject as Record<string, unknown>;
  const achievement = subject.achievement as Record<string, unknown>;
  const facts = {
    issuer: typeof issuer === 'string' ? { id: issuer } : { id: String(issuer.id), ...(typeof issuer.name === 'string' ? { name: issuer.name } : {}) },
    subject: { ...(typeof subject.id === 'string' ? { id: subject.id } : {}), ...(typeof subject.name === 'string' ? { name: subject.name } : {}) },
    achievement: { ...(typeof achievement.id === 'string' ? { id: achievement.id } : {}), ...(typeof achievement.name === 'string' ? { name: achievement.name } : {}) },
    validFrom: c.validFrom as string,
    ...(typeof c.validUntil === 'string' ? { validUntil: c.validUntil } : {}),
  };

  // Revocation first: a revoked badge says so even when it has also expired.
  let statusChecked = false;
  if (c.credentialStatus !== undefined) {
    const lists = new Set((opts.statusLists ?? []).map((l) => l.id));
    const wanted = asArray(c.credentialStatus).map((s) => (s as Record<string, unknown>).statusListCredential as string);
    if (wanted.every((u) => lists.has(u))) {
      const status = await bsl.checkStatus({
        credential: c, documentLoader: loader, suite: verifySuite(), statusPurpose: 'revocation',
        verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true,
      });
      if (!status.verified) return { valid: false, reason: 'status list invalid', detail: firstError(status.error ?? status.results?.[0]?.error), statusChecked: false, ...facts };
      statusChecked = true;
      if (status.results?.some((r) => r.status === true)) return { valid: false, reason: 'revoked', statusChecked, ...facts };
    }
  } else {
    statusChecked = true; // nothing to check: the badge cannot be revoked
  }

  const now = opts.now.getTime();
  if (Date.parse(c.validFrom as string) > now) return { valid: false, reason: 'not yet valid', statusChecked, ...facts };
  if (typeof c.validUntil === 'string' && Date.parse(c.validUntil) < now) return { valid: false, reason: 'expired', statusChecked, ...facts };
  return { valid: true, reason: 'valid', statusChecked, ...facts };
}
