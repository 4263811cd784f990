import { describe, expect, it } from 'vitest';
import { type AuditEntry, entryHash, GENESIS_HASH, stableStringify, verifyChain } from './audit.chain.ts';

const entry = (seq: number, action = 'read'): AuditEntry => ({
  seq, at: new Date(Date.UTC(2026, 10, 1, 8, 0, seq)), userId: 'u1', facilityId: 'f1', action,
  resourceType: 'Patient', resourceId: `p${seq}`, patientId: `p${seq}`, outcome: 'success', details: { b: 2, a: [1, 'x'] },
});

function chain(n: number) {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const e = entry(i + 1);
    const hash = entryHash(prev, e);
    const out = { ...e, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}

describe('audit hash chain', () => {
  it('sorts object keys so jsonb reordering does not change the hash', () => {
    expect(stableStringify({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it('hashes are SHA-256 hex and depend on the previous hash', () => {
    const e = entry(1);
    expect(entryHash(GENESIS_HASH, e)).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(GENESIS_HASH, e)).not.toBe(entryHash('f'.repeat(64), e));
  });

  it('accepts an intact chain', () => {
    expect(verifyChain(chain(50))).toBeNull();
  });

  it('reports the first changed entry', () => {
    const c = chain(10);
    c[6] = { ...c[6]!, action: 'delete' };
    expect(verifyChain(c)).toEqual({ seq: 7, reason: 'hash_mismatch' });
  });

  it('reports a removed entry as a gap', () => {
    const c = chain(10);
    c.splice(3, 1);
    expect(verifyChain(c)).toEqual({ seq: 5, reason: 'sequence_gap' });
  });

  it('reports an entry re-hashed after a change through the next link', () => {
    const c = chain(10);
    const forged = { ...c[2]!, details: { forged: true } };
    forged.hash = entryHash(forged.prevHash, forged);
    c[2] = forged;
    expect(verifyChain(c)).toEqual({ seq: 4, reason: 'prev_hash_mismatch' });
  });
});
