import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { npzGet, readNpy, readNpz, readZipEntries } from './npz.ts';
import { hasShared, needs, sharedDir } from '../testing/paths.ts';

const NPZ = 'datasets/pneumoniamnist/pneumoniamnist.npz';

describe('npz reader', () => {
  it.skipIf(!hasShared(NPZ))(`reads PneumoniaMNIST with the split sizes of the dataset README (train 3,882 / val 524 / test 624)${hasShared(NPZ) ? '' : ` ${needs(NPZ)}`}`, () => {
    const npz = readNpz(new Uint8Array(readFileSync(join(sharedDir, 'datasets/pneumoniamnist/pneumoniamnist.npz'))));
    expect(npzGet(npz, 'train_images').shape).toEqual([3882, 28, 28]);
    expect(npzGet(npz, 'val_images').shape).toEqual([524, 28, 28]);
    expect(npzGet(npz, 'test_images').shape).toEqual([624, 28, 28]);
    expect(npzGet(npz, 'test_labels').shape).toEqual([624, 1]);
    expect(npzGet(npz, 'test_images').dtype).toBe('|u1');
    expect(() => npzGet(npz, 'nope')).toThrow(expect.objectContaining({ code: 'ENTRY_NOT_FOUND' }));
  });

  it('reads stored and deflated entries of a hand-built zip', () => {
    const npyHeader = "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }";
    const pad = 64 - ((10 + npyHeader.length + 1) % 64);
    const header = npyHeader + ' '.repeat(pad) + '\n';
    const npy = new Uint8Array(10 + header.length + 6);
    npy.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
    npy.set(new TextEncoder().encode(header), 10);
    new DataView(npy.buffer).setInt16(10 + header.length, -2, true);
    new DataView(npy.buffer).setInt16(12 + header.length, 7, true);
    new DataView(npy.buffer).setInt16(14 + header.length, 300, true);
    const zip = (entries: { name: string; data: Uint8Array; method: 0 | 8 }[]) => {
      const parts: Uint8Array[] = [];
      const central: Uint8Array[] = [];
      let off = 0;
      for (const e of entries) {
        const body = e.method === 8 ? new Uint8Array(deflateRawSync(e.data)) : e.data;
        const name = new TextEncoder().encode(e.name);
        const lh = new Uint8Array(30 + name.length);
        const lv = new DataView(lh.buffer);
        lv.setUint32(0, 0x04034b50, true);
        lv.setUint16(8, e.method, true);
        lv.setUint32(18, body.length, true);
        lv.setUint32(22, e.data.length, true);
        lv.setUint16(26, name.length, true);
        lh.set(name, 30);
        const ch = new Uint8Array(46 + name.length);
        const cv = new DataView(ch.buffer);
        cv.setUint32(0, 0x02014b50, true);
        cv.setUint16(10, e.method, true);
        cv.setUint32(20, body.length, true);
        cv.setUint32(24, e.data.length, true);
        cv.setUint16(28, name.length, true);
        cv.setUint32(42, off, true);
        ch.set(name, 46);
        parts.push(lh, body);
        central.push(ch);
        off += lh.length + body.length;
      }
      const cdSize = central.reduce((a, c) => a + c.length, 0);
      const eocd = new Uint8Array(22);
      const ev = new DataView(eocd.buffer);
      ev.setUint32(0, 0x06054b50, true);
      ev.setUint16(8, entries.length, true);
      ev.setUint16(10, entries.length, true);
      ev.setUint32(12, cdSize, true);
      ev.setUint32(16, off, true);
      const all = [...parts, ...central, eocd];
      const out = new Uint8Array(all.reduce((a, p) => a + p.length, 0));
      let o = 0;
      for (const p of all) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    };
    const z = zip([{ name: 'a.npy', data: npy, method: 0 }, { name: 'b.npy', data: npy, method: 8 }]);
    expect(readZipEntries(z).size).toBe(2);
    const m = readNpz(z);
    expect(Array.from(m.get('a')!.data)).toEqual([-2, 7, 300]);
    expect(Array.from(m.get('b')!.data)).toEqual([-2, 7, 300]);
    expect(() => readNpy(new Uint8Array(20))).toThrow(expect.objectContaining({ code: 'NOT_NPY' }));
  });
});
