import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from './change.ts';
import { applyChange, emptyReplica, replicaValues } from './merge.ts';

const A = 'station-a';
const P = 'province';
const hlc = (wall: number, node: string, counter = 0) => `${String(wall).padStart(15, '0')}:${String(counter).padStart(6, '0')}:${node}`;
let n = 0;
const id = () => `0190a1b2-0000-7000-8000-${String(++n).padStart(12, '0')}`;

describe('conflict rules', () => {
  it('patient demographics: field-level merge, a true conflict goes to review, last writer by HLC wins', () => {
    const s = emptyReplica();
    applyChange(s, { id: id(), table: 'patient', rowId: 'p1', op: 'insert', values: { full_name: 'Nguyễn Văn An', phone: '0901', commune: 'X' }, origin: A, hlc: hlc(100, A) });
    // province fixes the phone; the station (later by HLC) fixes the name and also changes the phone
    applyChange(s, { id: id(), table: 'patient', rowId: 'p1', op: 'update', values: { phone: '0902' }, base: { phone: '0901' }, origin: P, hlc: hlc(200, P) });
    applyChange(s, { id: id(), table: 'patient', rowId: 'p1', op: 'update', values: { full_name: 'Nguyễn Văn Ân', phone: '0903' }, base: { full_name: 'Nguyễn Văn An', phone: '0901' }, origin: A, hlc: hlc(300, A) });
    expect(replicaValues(s)['patient/p1']).toEqual({ full_name: 'Nguyễn Văn Ân', phone: '0903', commune: 'X' });
    expect(s.review.map((r) => [r.field, r.kept.value, r.other.value])).toEqual([['phone', '0903', '0902']]);
  });

  it('a newer write from the same base elsewhere is not a conflict when both chose the same value', () => {
    const s = emptyReplica();
    applyChange(s, { id: id(), table: 'patient', rowId: 'p', op: 'insert', values: { phone: '1' }, origin: A, hlc: hlc(1, A) });
    applyChange(s, { id: id(), table: 'patient', rowId: 'p', op: 'update', values: { phone: '2' }, base: { phone: '1' }, origin: P, hlc: hlc(2, P) });
    applyChange(s, { id: id(), table: 'patient', rowId: 'p', op: 'update', values: { phone: '2' }, base: { phone: '1' }, origin: A, hlc: hlc(3, A) });
    expect(s.review).toEqual([]);
  });

  it('observations are append-only: an update is refused, the value stays', () => {
    const s = emptyReplica();
    applyChange(s, { id: id(), table: 'observation', rowId: 'o', op: 'insert', values: { value_num: 120 }, origin: A, hlc: hlc(1, A) });
    expect(applyChange(s, { id: id(), table: 'observation', rowId: 'o', op: 'update', values: { value_num: 80 }, base: { value_num: 120 }, origin: P, hlc: hlc(9, P) })).toBe('refused');
    expect(replicaValues(s)['observation/o']).toEqual({ value_num: 120 });
  });

  it('a replayed change changes nothing', () => {
    const s = emptyReplica();
    const c: ChangeRecord = { id: id(), table: 'audit_log', rowId: '1', op: 'insert', values: { action: 'read' }, origin: A, hlc: hlc(1, A) };
    expect(applyChange(s, c)).toBe('applied');
    expect(applyChange(s, c)).toBe('duplicate');
  });
});

// Any interleaving, duplication and reordering of batches converges to the same state.
describe('convergence (property)', () => {
  const fields = ['full_name', 'phone', 'address_line'];
  const arbChange = (i: number) =>
    fc.record({
      origin: fc.constantFrom('s1', 's2', 'province'),
      wall: fc.integer({ min: 1, max: 50 }),
      table: fc.constantFrom('patient', 'observation'),
      row: fc.constantFrom('r1', 'r2', 'r3'),
      op: fc.constantFrom('insert', 'update'),
      field: fc.constantFrom(...fields),
      value: fc.string({ maxLength: 3 }),
    }).map((r): ChangeRecord => ({
      id: `0190a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      table: r.table as ChangeRecord['table'], rowId: r.row, op: r.op as ChangeRecord['op'],
      values: { [r.field]: r.value }, base: r.op === 'update' ? { [r.field]: '' } : undefined,
      origin: r.origin, hlc: hlc(r.wall, r.origin, i),
    }));
  const arbChanges = fc.integer({ min: 1, max: 30 }).chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => arbChange(i + 1))));

  it('replicas that receive the same changes in any order, with duplicates, agree', () => {
    fc.assert(
      fc.property(arbChanges, fc.array(fc.nat(), { maxLength: 20 }), fc.nat(), (changes, dupIdx, seed) => {
        // only one insert per append-only row can exist in reality (it is created once, at one station)
        const seen = new Set<string>();
        const real = changes.filter((c) => c.table !== 'observation' || (c.op === 'insert' && !seen.has(c.rowId) && seen.add(c.rowId)));
        if (real.length === 0) return;
        const a = emptyReplica();
        for (const c of real) applyChange(a, c);
        const dup = [...real, ...dupIdx.map((i) => real[i % real.length]!)];
        // a deterministic shuffle from the seed
        let x = seed || 1;
        const shuffled = dup.map((c) => ({ c, k: (x = (x * 1103515245 + 12345) % 2 ** 31) })).sort((p, q) => p.k - q.k).map((p) => p.c);
        const b = emptyReplica();
        for (const c of shuffled) applyChange(b, c);
        expect(replicaValues(b)).toEqual(replicaValues(a));
        expect(b.applied.size).toBe(real.length);
      }),
      { numRuns: 300 },
    );
  });
});
