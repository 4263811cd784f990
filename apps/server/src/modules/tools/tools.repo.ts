/** The AI/rule tool registry: what exists, and which lifecycle stage applies at a facility. */
import type { Queryable } from '../../db/db.ts';

export const STAGES = ['sandbox', 'shadow', 'pilot', 'general', 'suspended', 'retired'] as const;
export type Stage = (typeof STAGES)[number];

export interface ToolRow {
  id: string;
  name: string;
  kind: 'rule' | 'model' | 'vendor';
  current_version: string;
  risk_tier: 'low' | 'medium' | 'high';
  risk_rationale: string;
  model_card: Record<string, unknown>;
}

export async function upsertTool(q: Queryable, t: Omit<ToolRow, 'model_card'> & { model_card?: Record<string, unknown> }) {
  await q.query(
    `INSERT INTO ai_tool (id, name, kind, current_version, risk_tier, risk_rationale, model_card) VALUES ($1,$2,$3,$4,$5,$6,$7)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, current_version = EXCLUDED.current_version`,
    [t.id, t.name, t.kind, t.current_version, t.risk_tier, t.risk_rationale, JSON.stringify(t.model_card ?? {})],
  );
}

export async function setStage(q: Queryable, s: { toolId: string; facilityId: string | null; stage: Stage; reason: string; changedBy: string | null; at: Date }) {
  await q.query(
    `INSERT INTO ai_tool_stage (tool_id, facility_id, stage, reason, changed_by, changed_at) VALUES ($1,$2,$3,$4,$5,$6)
     ON CONFLICT (tool_id, COALESCE(facility_id, '00000000-0000-0000-0000-000000000000'::uuid))
     DO UPDATE SET stage = EXCLUDED.stage, reason = EXCLUDED.reason, changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at`,
    [s.toolId, s.facilityId, s.stage, s.reason, s.changedBy, s.at.toISOString()],
  );
}

/**
 * The stage in force for a tool at a facility: a global suspension or retirement overrides
 * everything (the kill switch); otherwise a facility's own row, else the global row, else sandbox
 * (an unstaged tool never reaches live patients).
 */
export function effectiveStage(rows: Array<{ facility_id: string | null; stage: Stage }>, facilityId: string): Stage {
  const global = rows.find((r) => r.facility_id === null)?.stage;
  if (global === 'suspended' || global === 'retired') return global;
  const local = rows.find((r) => r.facility_id === facilityId)?.stage;
  return local ?? global ?? 'sandbox';
}

export async function stageAt(q: Queryable, toolId: string, facilityId: string): Promise<Stage> {
  const rows = await q.query<{ facility_id: string | null; stage: Stage }>(
    'SELECT facility_id, stage FROM ai_tool_stage WHERE tool_id = $1 AND (facility_id IS NULL OR facility_id = $2)',
    [toolId, facilityId],
  );
  return effectiveStage(rows, facilityId);
}

export async function getTool(q: Queryable, id: string): Promise<ToolRow | undefined> {
  return (await q.query<ToolRow>('SELECT id, name, kind, current_version, risk_tier, risk_rationale, model_card FROM ai_tool WHERE id = $1', [id]))[0];
}
