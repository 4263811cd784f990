/**
 * Offline verification of an OpenBadgeCredential: structure, then the eddsa-rdfc-2022 proof (any
 * change to a signed value breaks it), then the validity period, then revocation against a status
 * list credential the caller passes in (a cached copy: no network). Pure: `now` is an argument.
 * The checks run in that order so that nothing in a credential is trusted before its proof holds.
 */
/// <reference path="./libs.d.ts" />
import { createHash } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import * as bsl from '@digitalbazaar/vc-bitstring-status-list';
import { jwtOf, verifyJws } from './jose.ts';
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
  /** Which secured form was verified: the embedded Data Integrity proof or the VC-JWT (JWS). */
  form?: 'data-integrity' | 'vc-jwt';
}

export interface VerifyOptions {
  now: Date;
  /** Cached status list credentials (their `id` is the URL the badge names). */
  statusLists?: Record<string, unknown>[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The first structural problem, or null. `securedBy: 'jws'` is for the payload of a VC-JWT, which
 * carries no embedded proof (the JWS around it is the proof).
 */
export function structureProblem(c: unknown, securedBy: 'proof' | 'jws' = 'proof'): string | null {
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
  if (securedBy === 'jws') {
    if (proof !== undefined) return 'a VC-JWT payload must not carry an embedded proof';
  } else if (!isObj(proof)) return 'proof is missing (one Data Integrity proof expected)';
  else if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022') return 'proof must be a DataIntegrityProof with cryptosuite eddsa-rdfc-2022';
  else if (typeof proof.proofValue !== 'string' || typeof proof.verificationMethod !== 'string') return 'proof lacks proofValue or verificationMethod';
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

/**
 * A status list credential, verified once and remembered by its exact content (a verifier keeps a
 * list as a CRL is kept): the same checks as @digitalbazaar/vc-bitstring-status-list's
 * checkStatus with verifyBitstringStatusListCredential and verifyMatchingIssuers — the list's own
 * proof, its type, the same issuer as the badge — then the decoded bits. A string is the problem.
 */
interface CheckedList { issuer: string; purpose: string; bits: bsl.BitstringList }
const listCache = new Map<string, Promise<CheckedList | string>>();
const LIST_CACHE_MAX = 256;

async function checkedList(list: Record<string, unknown>, badgeIssuer: string, loader: JsonLdDocumentLoader, now: Date): Promise<CheckedList | string> {
  const key = createHash('sha256').update(JSON.stringify(list)).digest('base64url');
  let hit = listCache.get(key);
  if (!hit) {
    hit = verifyList(list, loader);
    if (listCache.size >= LIST_CACHE_MAX) listCache.delete(listCache.keys().next().value as string);
    listCache.set(key, hit);
  }
  const checked = await hit;
  if (typeof checked === 'string') return checked;
  if (checked.issuer !== badgeIssuer) return 'the status list and the badge have different issuers';
  if (typeof list.validUntil === 'string' && Date.parse(list.validUntil) < now.getTime()) return `the status list expired at ${list.validUntil}: fetch a fresh copy`;
  return checked;
}

async function verifyList(list: Record<string, unknown>, loader: JsonLdDocumentLoader): Promise<CheckedList | string> {
  if (!asArray(list.type).includes('BitstringStatusListCredential')) return 'status list credential type must include BitstringStatusListCredential';
  const subject = list.credentialSubject;
  if (!isObj(subject) || subject.type !== 'BitstringStatusList' || typeof subject.encodedList !== 'string' || typeof subject.statusPurpose !== 'string') return 'status list credentialSubject must be a BitstringStatusList with encodedList and statusPurpose';
  if (typeof list.validFrom !== 'string' || !DATE_RE.test(list.validFrom)) return 'status list validFrom must be an XML Schema dateTime';
  // Checked at its own validFrom (the result is cached by content); its validUntil is checked per call.
  const r = await vc.verifyCredential({ credential: list, suite: verifySuite(), documentLoader: loader, now: list.validFrom });
  if (!r.verified) return `status list not verified: ${firstError(r.error ?? r.results?.[0]?.error)}`;
  const issuer = isObj(list.issuer) ? list.issuer.id : list.issuer;
  try {
    return { issuer: String(issuer), purpose: subject.statusPurpose, bits: await bsl.decodeList({ encodedList: subject.encodedList }) };
  } catch (e) {
    return `status list bits cannot be decoded: ${(e as Error).message}`;
  }
}

const firstError = (e: (Error & { errors?: Error[] }) | undefined): string =>
  e ? (e.errors?.[0]?.message ?? e.message) : 'proof did not verify';

/**
 * Verifies a badge in either secured form: a credential with an embedded eddsa-rdfc-2022 proof, or
 * a VC-JWT (the compact JWS string, or its EnvelopedVerifiableCredential). Both then go through the
 * same period and revocation checks.
 */
export async function verifyBadge(credential: unknown, opts: VerifyOptions): Promise<VerifyOutcome> {
  const jwt = jwtOf(credential);
  if (jwt !== null) {
    const jws = verifyJws(jwt);
    if (!jws.ok) return { valid: false, reason: jws.reason, detail: jws.detail, statusChecked: false, form: 'vc-jwt' };
    const problem = structureProblem(jws.credential, 'jws');
    if (problem) return { valid: false, reason: 'malformed', detail: problem, statusChecked: false, form: 'vc-jwt' };
    return { ...(await afterProof(jws.credential, opts)), form: 'vc-jwt' };
  }
  const problem = structureProblem(credential);
  if (problem) return { valid: false, reason: 'malformed', detail: problem, statusChecked: false, form: 'data-integrity' };
  const c = credential as Record<string, unknown>;

  // The proof, checked at the badge's own validFrom (so the library's date check cannot mask a
  // bad signature); the period is checked below against the real `now`. Status is checked below too.
  const proofResult = await vc.verifyCredential({
    credential: c, suite: verifySuite(), documentLoader: offlineDocumentLoader(opts.statusLists ?? []), now: c.validFrom as string,
    checkStatus: async () => ({ verified: true }),
  });
  if (!proofResult.verified) return { valid: false, reason: 'signature invalid', detail: firstError(proofResult.error ?? proofResult.results?.[0]?.error), statusChecked: false, form: 'data-integrity' };
  return { ...(await afterProof(c, opts)), form: 'data-integrity' };
}

/** Once the proof holds: the facts, revocation, then the validity period. */
async function afterProof(c: Record<string, unknown>, opts: VerifyOptions): Promise<VerifyOutcome> {
  const loader = offlineDocumentLoader(opts.statusLists ?? []);

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
    const lists = new Map((opts.statusLists ?? []).filter((l) => typeof l.id === 'string').map((l) => [l.id as string, l]));
    const entries = asArray(c.credentialStatus) as Array<Record<string, unknown>>;
    if (entries.every((s) => lists.has(s.statusListCredential as string))) {
      for (const s of entries) {
        const list = await checkedList(lists.get(s.statusListCredential as string)!, facts.issuer.id, loader, opts.now);
        if (typeof list === 'string') return { valid: false, reason: 'status list invalid', detail: list, statusChecked: false, ...facts };
        if (list.purpose !== s.statusPurpose) return { valid: false, reason: 'status list invalid', detail: `status purpose "${String(s.statusPurpose)}" does not match the list's "${list.purpose}"`, statusChecked: false, ...facts };
        const index = Number(s.statusListIndex);
        if (index >= list.bits.length) return { valid: false, reason: 'status list invalid', detail: `statusListIndex ${index} is outside the list (${list.bits.length} entries)`, statusChecked: false, ...facts };
        if (list.bits.getStatus(index)) return { valid: false, reason: 'revoked', statusChecked: true, ...facts };
      }
      statusChecked = true;
    }
  } else {
    statusChecked = true; // nothing to check: the badge cannot be revoked
  }

  const now = opts.now.getTime();
  if (Date.parse(c.validFrom as string) > now) return { valid: false, reason: 'not yet valid', statusChecked, ...facts };
  if (typeof c.validUntil === 'string' && Date.parse(c.validUntil) < now) return { valid: false, reason: 'expired', statusChecked, ...facts };
  return { valid: true, reason: 'valid', statusChecked, ...facts };
}
