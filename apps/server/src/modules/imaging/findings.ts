/**
 * AI findings on an image → suggestions (one per finding per image), stage-gated by the tool
 * registry like every other AI output. Severity: below threshold 'info'; at or above 'warning';
 * 'urgent' from halfway between the threshold and 1. Score = probability. Only visible suggestions
 * raise the study's worklist suspicion (shadow output never reaches clinicians, not even as order).
 */
import type { Queryable } from '../../db/db.ts';
import type { SuggestionRow } from '../suggestions/suggestions.repo.ts';
import { hashInputs, recordSuggestion } from '../suggestions/suggestions.service.ts';
import { raiseSuspicion } from './imaging.repo.ts';

export interface BoxPx { x: number; y: number; width: number; height: number }

export interface ImageFinding {
  label: string;
  /** e.g. SNOMED code when the source gives one. */
  code?: { value: string; scheme: string };
  probability: number;
  threshold: number;
  box?: BoxPx;
}

export interface FindingTarget {
  studyId: string;
  instanceId: string;
  sopInstanceUid: string;
  sourceName: string | null;
  patientId: string;
  facilityId: string;
}

export function severityFor(p: number, threshold: number): SuggestionRow['severity'] {
  if (p < threshold) return 'info';
  return p >= threshold + (1 - threshold) / 2 ? 'urgent' : 'warning';
}

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

export function findingInputs(t: FindingTarget, label: string) {
  return { studyId: t.studyId, sopInstanceUid: t.sopInstanceUid, image: t.sourceName, finding: label };
}

/** Has this tool already recorded this finding for this image? (re-imports are idempotent) */
export async function alreadyRecorded(q: Queryable, toolId: string, t: FindingTarget, label: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM suggestion WHERE tool_id = $1 AND inputs_hash = $2 LIMIT 1', [toolId, hashInputs(findingInputs(t, label))]);
  return r.length > 0;
}

export async function recordFinding(
  q: Queryable,
  tool: { id: string; version: string; kind: 'model' | 'vendor' },
  t: FindingTarget,
  f: ImageFinding,
  explanation: Record<string, unknown>,
  now: Date,
): Promise<SuggestionRow | null> {
  const positive = f.probability >= f.threshold;
  const row = await recordSuggestion(q, {
    toolId: tool.id, toolVersion: tool.version, kind: tool.kind, patientId: t.patientId, encounterId: null, facilityId: t.facilityId,
    subjectRef: `ImagingStudy/${t.studyId}`,
    inputs: findingInputs(t, f.label),
    output: { label: f.label, ...(f.code ? { code: f.code } : {}), probability: f.probability, threshold: f.threshold, positive, ...(f.box ? { box: f.box } : {}), instanceId: t.instanceId },
    explanation: { ...explanation, rule: `probability ${f.probability.toFixed(4)} ${positive ? '≥' : '<'} threshold ${f.threshold}` },
    summary: `${f.label}: ${pct(f.probability)} (threshold ${pct(f.threshold)})${positive ? ' — above threshold' : ''}`,
    summaryVi: `${f.label}: xác suất ${pct(f.probability)} (ngưỡng ${pct(f.threshold)})${positive ? ' — vượt ngưỡng' : ''}`,
    severity: severityFor(f.probability, f.threshold),
    score: f.probability,
  }, now);
  if (row && row.visibility === 'visible') await raiseSuspicion(q, t.studyId, f.probability / Math.max(f.threshold, 1e-6));
  return row;
}
