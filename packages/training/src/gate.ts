/**
 * AI tools unlocked by training (issue 12, item 6): a tool's governance record names the items a
 * user must have completed (lesson ids, exercise ids passed, `<module>:post` passed). Without them
 * the user does not see the tool's outputs, unless a facility admin granted an exemption that has
 * not expired. Pure: the clock comes in as an argument.
 */

export interface GateInput {
  required: readonly string[];
  done: ReadonlySet<string>;
  exemptions: ReadonlyArray<{ expiresAt: Date }>;
  now: Date;
}

export interface GateResult {
  allowed: boolean;
  missing: string[];
  /** Set when access rests on an exemption: when it ends. */
  exemptUntil: Date | null;
}

export function trainingGate({ required, done, exemptions, now }: GateInput): GateResult {
  const missing = required.filter((i) => !done.has(i));
  if (missing.length === 0) return { allowed: true, missing, exemptUntil: null };
  const live = exemptions.filter((e) => e.expiresAt.getTime() > now.getTime()).sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime());
  return { allowed: live.length > 0, missing, exemptUntil: live[0]?.expiresAt ?? null };
}

export interface RefresherInput {
  /** When the user's training last satisfied the requirement (the latest completion among its items); null if never. */
  unlockedAt: Date | null;
  /** The tool's latest version marked material, with when the governance registry recorded it. */
  material: { version: string; recordedAt: Date } | null;
  /** Versions whose refresher this user has passed. */
  refreshed: ReadonlySet<string>;
}

/**
 * Whether a refresher is due before the tool opens again: the user unlocked it by training before
 * the latest material version was recorded and has not passed that version's refresher. A user
 * trained after the material version (on the tool as it now is) needs none; nor does one who has
 * not finished the training (the training itself is then missing). Returns the version, or null.
 */
export function refresherDue({ unlockedAt, material, refreshed }: RefresherInput): string | null {
  if (!material || !unlockedAt) return null;
  if (unlockedAt.getTime() >= material.recordedAt.getTime()) return null;
  return refreshed.has(material.version) ? null : material.version;
}
