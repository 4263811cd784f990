import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { advanceCursor, decodeBatch, encodeBatch, makeBatch } from './batch.ts';
import { canonicalJson, tableChecksum } from './canonical.ts';
import type { ChangeRecord } from './change.ts';

const STATION = '0190a1b2-0000-7000-8000-000000000001';
const change = (i: number, over: Partial<ChangeRecord> = {}): ChangeRecord => ({
  id: `0190a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`,
  table: 'observation', rowId: `row-${i}`, op: 'insert', values: { code: '8867-4', value_num: 72 + i },
  origin: STATION, hlc: `${String(1765094400000 + i).padStart(15, '0')}:000000:${STATION}`, ...over,
});

describe('batch format', () => {
  it('round-trips through gzip and validates', () => {
    const b = makeBatch(STATION, 3, [change(1), change(2)]);
    const wire = gzipSync(encodeBatch(b));
    const r = decodeBatch(gunzipSync(wire).toString('utf8'));
    expect(r).toEqual({ ok: true, batch: b });
  });

  it('rejects a truncated batch whole', () => {
    const text = encodeBatch(makeBatch(STATION, 1, [change(1), change(2)]));
    const r = decodeBatch(text.slice(0, text.length - 20));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/truncated/);
  });

  it('rejects a corrupted value by checksum', () => {
    const text = encodeBatch(makeBatch(STATION, 1, [change(1)])).replace('"value_num":73', '"value_num":74');
    const r = decodeBatch(text);
    expect(!r.ok && r.reason).toMatch(/checksum/);
  });

  it('rejects a change whose id is not a UUIDv7, naming it', () => {
    const bad = change(2, { id: '00000000-0000-4000-8000-000000000000' });
    const b = makeBatch(STATION, 1, [change(1), bad]);
    expect(decodeBatch(encodeBatch(b))).toEqual({ ok: false, reason: 'change 1: id is not a UUIDv7' });
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 'x' }] })).toBe('{"a":[1,{"c":"x","d":2}],"b":1}');
  });

  it('table checksums agree whatever the row order, and differ on one changed value', () => {
    const rows = [{ id: 'a', v: 1 }, { id: 'b', v: 2 }];
    expect(tableChecksum(rows)).toEqual(tableChecksum([rows[1]!, rows[0]!]));
    expect(tableChecksum(rows).sha256).not.toBe(tableChecksum([{ id: 'a', v: 1 }, { id: 'b', v: 3 }]).sha256);
  });
});

describe('ack cursor', () => {
  it('advances over contiguous applied seqs only', () => {
    expect(advanceCursor(2, [3, 4, 6])).toBe(4);
    expect(advanceCursor(2, [5])).toBe(2);
  });
});
