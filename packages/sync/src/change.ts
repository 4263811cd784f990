/**
 * A change record: one row-level write at its origin, with field-level values. For an update the
 * station also sends `base` (the field values it changed *from*), so the receiver can tell a true
 * conflict (both sides changed the field since that base) from a plain newer write.
 */
import type { Json } from './canonical.ts';

export const SYNC_TABLES = ['patient', 'encounter', 'observation', 'audit_log'] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];
export type ChangeOp = 'insert' | 'update';

export interface ChangeRecord {
  /** UUIDv7, made at the origin; the dedup key. */
  id: string;
  table: SyncTable;
  /** Row key as text (audit_log's key is its seq at the origin station). */
  rowId: string;
  op: ChangeOp;
  /** The new values of the changed fields (all fields for an insert). */
  values: Record<string, Json>;
  /** The old values of the changed fields (update only). */
  base?: Record<string, Json>;
  /** The station (facility id) where the write happened, or 'province'. */
  origin: string;
  /** Encoded HLC stamp (see hlc.ts). */
  hlc: string;
}

/**
 * The conflict rule of each resource, stated once and applied on both sides:
 * - append-only: observations and audit entries are facts that happened; a second write of the
 *   same id is a replay and is ignored, an update is refused (audit: hash chain; observation: a
 *   correction is a new observation, as in FHIR `status=amended` practice).
 * - field-merge: patient demographics merge field by field, last writer by HLC per field; a field
 *   both sides changed since the common base goes to the review queue (the winner is still applied,
 *   so every replica converges; a person confirms or corrects it).
 * - insert-once: an encounter is created once at its station; later edits are field-merged too.
 * Governance states (ai_tool_stage) are not pushed at all: the province is authoritative and the
 * station takes them from the pull as they are (see governance.ts).
 */
export type ConflictRule = 'append-only' | 'field-merge';
export const CONFLICT_RULES: Record<SyncTable, ConflictRule> = {
  observation: 'append-only',
  audit_log: 'append-only',
  patient: 'field-merge',
  encounter: 'field-merge',
};
