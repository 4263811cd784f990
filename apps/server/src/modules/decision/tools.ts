/**
 * The rules this server runs, as entries of the AI/rule tool registry. Registered when the app is
 * ready, only where missing: a stage set by governance (e.g. a suspension) is never overwritten.
 */
import { ADULT_BMI_SOURCE, RULES } from '@yte/clinical';
import type { Queryable } from '../../db/db.ts';
import { getTool, setStage, upsertTool, type ToolRow } from '../tools/tools.repo.ts';

type Tier = ToolRow['risk_tier'];

/** Risk tier per rule id, with the reason (governance reads both). */
const RISK: Record<string, [Tier, string]> = {
  'rcp-news2': ['medium', 'Early warning score that prompts escalation of care; a missed or late trigger can delay treatment. Deterministic published chart; every output is reviewed by a clinician.'],
  'nhse-aki-2014': ['medium', 'Flags acute kidney injury from the creatinine series; a missed alert can delay nephrotoxic drug review. Deterministic national algorithm; clinician confirms.'],
  'lab-flags': ['medium', 'Critical-value and delta flags prompt urgent communication; thresholds are published tables replaceable per laboratory.'],
  'respiratory-ards-qsofa': ['medium', 'Respiratory severity scores inform escalation; deterministic published criteria.'],
  'who-tb-screening-2021': ['medium', 'A false-negative screen delays TB diagnosis; a positive screen only leads to a confirmatory molecular test.'],
  'who-cvd-2019-sea': ['low', 'Ten-year risk estimate used for counselling and follow-up intervals; no acute decision depends on it.'],
  'who-growth': ['medium', 'Classifies acute malnutrition in children (SAM/MAM), which drives referral; z-scores validated against WHO Anthro.'],
  'iitt-sats-triage': ['high', 'Sets the order and target time in the emergency queue; under-triage can cause harm. Staff can always raise the category.'],
  [ADULT_BMI_SOURCE.id]: ['low', 'Body-mass index and its WHO category are arithmetic on measured values; used for counselling.'],
};

export interface RegisteredRule {
  id: string;
  version: string;
  title: string;
  citation: string;
}

export const SERVER_RULES: RegisteredRule[] = [
  ...RULES.map((r) => ({ id: r.id, version: r.version, title: r.title, citation: r.citation })),
];

/** Adds missing rules to the registry with a global 'general' stage. Returns the ids added. */
export async function ensureRuleTools(q: Queryable, now: Date): Promise<string[]> {
  const added: string[] = [];
  for (const r of SERVER_RULES) {
    const existing = await getTool(q, r.id);
    const [tier, rationale] = RISK[r.id] ?? (['medium', 'Deterministic published rule; clinician reviews every output.'] as [Tier, string]);
    if (!existing) {
      await upsertTool(q, { id: r.id, name: r.title, kind: 'rule', current_version: r.version, risk_tier: tier, risk_rationale: rationale, model_card: { citation: r.citation } });
      added.push(r.id);
    } else if (existing.current_version !== r.version) {
      await upsertTool(q, { ...existing, name: r.title, current_version: r.version });
    }
    const stage = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM ai_tool_stage WHERE tool_id = $1 AND facility_id IS NULL', [r.id]);
    if ((stage[0]?.n ?? 0) === 0) {
      await setStage(q, { toolId: r.id, facilityId: null, stage: 'general', reason: 'Published deterministic rule, registered by the decision module', changedBy: null, at: now });
    }
  }
  return added;
}
