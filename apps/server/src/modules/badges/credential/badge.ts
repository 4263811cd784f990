/**
 * Open Badges 3.0 credentials: an OpenBadgeCredential (W3C VC Data Model 2.0 with the OB 3.0.3
 * context) whose subject earned an Achievement — here a role path of the AI training programme —
 * signed with Data Integrity eddsa-rdfc-2022 by the facility's did:key.
 * Sources: 1EdTech Open Badges 3.0 (https://www.imsglobal.org/spec/ob/v3p0/, §4 and the
 * OpenBadgeCredential/Achievement data model); W3C VC Data Model 2.0 (2025 Recommendation);
 * W3C VC Data Integrity EdDSA Cryptosuites v1.0 (eddsa-rdfc-2022); W3C Bitstring Status List v1.0.
 * Pure: the clock (`now`) and identifiers come in as arguments.
 */
/// <reference path="./libs.d.ts" />
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { IssuerKey } from './keys.ts';
import { signingKeyPair } from './keys.ts';
import { OB_V3_CONTEXT, offlineDocumentLoader, VC_V2_CONTEXT } from './loader.ts';

export interface AchievementInput {
  /** A URI naming the role path, stable across issues (e.g. urn:yte:training:path:station_staff). */
  id: string;
  name: string;
  description: string;
  /** How it is earned (OB 3.0 requires criteria). */
  criteria: string;
  /** BCP 47 language of the texts, e.g. 'vi'. */
  inLanguage?: string;
}

export interface IssuerProfileInput {
  /** The facility's name as printed on the badge. */
  name: string;
  /** The facility's public page, if any. */
  url?: string;
}

export interface LearnerInput {
  /** A URI for the learner (urn:uuid:<user id>). */
  id: string;
  name: string;
}

export interface StatusEntryInput {
  /** The URL of the status list credential. */
  listUrl: string;
  index: number;
}

export interface BadgeInput {
  /** urn:uuid:<credential id>. */
  id: string;
  issuer: IssuerProfileInput;
  achievement: AchievementInput;
  learner: LearnerInput;
  /** Issuance instant: validFrom and the proof's created. */
  now: Date;
  validUntil?: Date;
  status?: StatusEntryInput;
}

export type Credential = Record<string, unknown>;

/** Seconds resolution: VC 2.0 dateTimeStamp without milliseconds reads better on a printout. */
export const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function statusEntry(s: StatusEntryInput): Record<string, unknown> {
  return {
    id: `${s.listUrl}#${s.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(s.index),
    statusListCredential: s.listUrl,
  };
}

/** The unsigned OpenBadgeCredential for a key (its did:key is the issuer id). */
export function buildBadge(input: BadgeInput, issuerDid: string): Credential {
  const a = input.achievement;
  const credential: Credential = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: a.name,
    issuer: { id: issuerDid, type: ['Profile'], name: input.issuer.name, ...(input.issuer.url ? { url: input.issuer.url } : {}) },
    validFrom: isoSeconds(input.now),
    ...(input.validUntil ? { validUntil: isoSeconds(input.validUntil) } : {}),
    credentialSubject: {
      id: input.learner.id,
      type: ['AchievementSubject'],
      name: input.learner.name,
      achievement: {
        id: a.id,
        type: ['Achievement'],
        achievementType: 'CertificateOfCompletion',
        name: a.name,
        description: a.description,
        criteria: { narrative: a.criteria },
        ...(a.inLanguage ? { inLanguage: a.inLanguage } : {}),
      },
    },
    ...(input.status ? { credentialStatus: statusEntry(input.status) } : {}),
  };
  return credential;
}

/** Signs any VC 2.0 credential with a Data Integrity proof (eddsa-rdfc-2022, assertionMethod). */
export async function signCredential(credential: Credential, key: Pick<IssuerKey, 'publicKeyMultibase' | 'secretKeyMultibase'>, now: Date): Promise<Credential> {
  const keyPair = await signingKeyPair(key);
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite: eddsaRdfc2022, date: isoSeconds(now) });
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader: offlineDocumentLoader(), now });
}

/** Builds and signs an OpenBadgeCredential. */
export async function issueBadge(input: BadgeInput, key: IssuerKey): Promise<Credential> {
  return signCredential(buildBadge(input, key.did), key, input.now);
}
