/** Types of the badges API (apps/server/src/modules/badges/badges.routes.ts). */
export interface BadgeSummary {
  id: string; facilityId: string; learnerId: string; learnerName: string; achievementId: string; achievementName: string;
  issuedAt: string; revokedAt: string | null; revokeReason: string | null; verifyUrl: string;
}
export type VerifyReason = 'valid' | 'malformed' | 'signature invalid' | 'not yet valid' | 'expired' | 'revoked' | 'status list invalid';
export interface VerifyOutcome {
  valid: boolean;
  reason: VerifyReason;
  detail?: string;
  issuer?: { id: string; name?: string };
  subject?: { id?: string; name?: string };
  achievement?: { id?: string; name?: string };
  validFrom?: string;
  validUntil?: string;
  statusChecked: boolean;
  issuerKey: { facilityId: string; facilityName: string; validFrom: string; validUntil: string | null; current: boolean; signedWithinValidity: boolean } | null;
  badgeId: string | null;
}
