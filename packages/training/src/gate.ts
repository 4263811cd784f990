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
