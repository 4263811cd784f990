/**
 * Open Badges 3.0 credentials, pure (no I/O, no clock, no randomness: seeds, instants and cached
 * status lists come in as arguments). The server module and the CLI wire it to storage and files.
 */
export { buildBadge, issueBadge, signCredential, statusEntry, isoSeconds, type AchievementInput, type BadgeInput, type Credential, type IssuerProfileInput, type LearnerInput, type StatusEntryInput } from './badge.ts';
export { didKeyOf, keyFromSeed, signingKeyPair, type IssuerKey } from './keys.ts';
export { knownContextUrls, OB_V3_CONTEXT, offlineDocumentLoader, OfflineLoaderError, VC_V2_CONTEXT } from './loader.ts';
export { emptyEncodedList, getBit, setBits, signStatusList, STATUS_LIST_LENGTH } from './status-list.ts';
export { envelope, jwtOf, publicJwkOfDidKey, signCredentialJwt, verifyJws, VC_JWT_MEDIA_TYPE, type JwsResult } from './jose.ts';
export { structureProblem, verifyBadge, verifySuite, type VerifyOptions, type VerifyOutcome, type VerifyReason } from './verify.ts';
