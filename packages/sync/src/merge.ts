/**
 * Applying changes to a replica's state, one rule per table (change.ts). The server applies the
 * same decisions to SQL rows; the property tests run this in memory to show convergence.
 */
import { canonicalJson, type Json } from './canonical.ts';
import { CONFLICT_RULES, type ChangeRecord } from './change.ts';
import { compareHlc } from './hlc.ts';

export interface FieldState {
  value: Json;
  hlc: string;
}

export interface FieldDecision {
  field: string;
  /** Write this value (the incoming one won). */
  apply: boolean;
  /** Both sides changed this field since the common base: queue for review. */
  conflict: boolean;
  winner: FieldState;
  loser: FieldState | null;
}

const same = (a: Json | undefined, b: Json | undefined) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * Last-writer-wins by HLC per field. A true conflict: the receiver's value is neither the
 * change's base (someone else changed it since) nor the change's new value.
 */
export function decideField(field: string, current: FieldState | undefined, incoming: FieldState, base: Json | undefined, isUpdate: boolean): FieldDecision {
  if (!current) return { field, apply: true, conflict: false, winner: incoming, loser: null };
  const incomingWins = compareHlc(incoming.hlc, current.hlc) > 0;
  const conflict = isUpdate && base !== undefined && !same(current.value, base) && !same(current.value, incoming.value) && current.hlc !== incoming.hlc;
  return incomingWins
    ? { field, apply: true, conflict, winner: incoming, loser: current }
    : { field, apply: false, conflict, winner: current, loser: incoming };
}

export interface ReviewEntry {
  table: string;
  rowId: string;
  field: string;
  kept: FieldState;
  other: FieldState;
  changeId: string;
}

/** A replica in memory: rows of field states, and the set of change ids already applied. */
export interface ReplicaState {
  rows: Map<string, Map<string, FieldState>>;
  applied: Set<string>;
  review: ReviewEntry[];
}

export const emptyReplica = (): ReplicaState => ({ rows: new Map(), applied: new Set(), review: [] });

export type ApplyOutcome = 'applied' | 'duplicate' | 'refused';

/** Applies one change in place; a change id seen before changes nothing. */
export function applyChange(state: ReplicaState, c: ChangeRecord): ApplyOutcome {
  if (state.applied.has(c.id)) return 'duplicate';
  const key = `${c.table}/${c.rowId}`;
  const rule = CONFLICT_RULES[c.table];
  const row = state.rows.get(key);
  if (rule === 'append-only') {
    if (c.op !== 'insert' || row) {
      state.applied.add(c.id);
      return 'refused';
    }
  }
  const target = row ?? new Map<string, FieldState>();
  for (const [field, value] of Object.entries(c.values)) {
    const d = decideField(field, target.get(field), { value, hlc: c.hlc }, c.base?.[field], c.op === 'update');
    if (d.apply) target.set(field, d.winner);
    if (d.conflict && d.loser) state.review.push({ table: c.table, rowId: c.rowId, field, kept: d.winner, other: d.loser, changeId: c.id });
  }
  state.rows.set(key, target);
  state.applied.add(c.id);
  return 'applied';
}

/** The plain values of a replica, for comparing replicas. */
export function replicaValues(state: ReplicaState): Record<string, Record<string, Json>> {
  const out: Record<string, Record<string, Json>> = {};
  for (const [k, fields] of [...state.rows].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    out[k] = Object.fromEntries([...fields].map(([f, s]) => [f, s.value]));
  }
  return out;
}
