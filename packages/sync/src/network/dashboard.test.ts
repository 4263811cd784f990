import { describe, expect, it } from 'vitest';
import { linkState, LIVE_MS, rollup, rollupBy, toCsv, type StationCounts } from './dashboard.ts';
import { VN_GRID_COLS, VN_GRID_ROWS, VN_PROVINCES } from './vn-provinces.generated.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const base = (o: Partial<StationCounts>): StationCounts => ({
  facilityId: 'f', code: 'c', name: 'n', provinceCode: '19', commune: 'x', level: 'commune_station', population: 0, popAdult40: 0, popUnder5: 0,
  enrolled: true, lastSyncAt: null, queue: null, visits: 0, htn: 0, dm: 0, tb: 0, nutrition: 0, cvd: 0, suggestions: 0, decided: 0,
  overridden: 0, alerts: 0, alertsAcked: 0, ackSecondsSum: 0, referrals: 0, tools: {}, ...o,
});

describe('linkState', () => {
  it('classifies by age of the last sync', () => {
    expect(linkState(false, null, NOW)).toBe('local');
    expect(linkState(true, null, NOW)).toBe('never');
    expect(linkState(true, NOW - LIVE_MS, NOW)).toBe('live');
    expect(linkState(true, NOW - LIVE_MS - 1, NOW)).toBe('late');
    expect(linkState(true, NOW - 25 * 3600_000, NOW)).toBe('offline');
  });
});

describe('rollup', () => {
  const rows = [
    base({ population: 10000, popAdult40: 4000, popUnder5: 800, htn: 400, dm: 100, cvd: 200, nutrition: 80, tb: 50, lastSyncAt: new Date(NOW - 600_000).toISOString(), queue: 37,
      decided: 10, overridden: 2, alerts: 4, alertsAcked: 2, ackSecondsSum: 600, tools: { pilot: 1, suspended: 1 } }),
    base({ provinceCode: '01', population: 5000, popAdult40: 1000, popUnder5: 200, htn: 100, lastSyncAt: new Date(NOW - 3 * 86400_000).toISOString(), queue: 3, tools: { pilot: 2 } }),
    base({ enrolled: false, population: 0 }),
  ];
  it('sums counts, computes coverage and rates from the sums', () => {
    const r = rollup(rows, NOW);
    expect(r.stations).toBe(3);
    expect(r.enrolled).toBe(2);
    expect([r.live, r.late, r.offline, r.never]).toEqual([1, 0, 1, 0]);
    expect(r.coverage.htn).toBeCloseTo(500 / 5000);
    expect(r.coverage.nutrition).toBeCloseTo(80 / 1000);
    expect(r.tbPer1000).toBeCloseTo(50 / 15);
    expect(r.overrideRate).toBeCloseTo(0.2);
    expect(r.meanAckMinutes).toBeCloseTo(5);
    expect(r.queue).toBe(40);
    expect(r.maxLagSeconds).toBe(3 * 86400);
    expect(r.lastSyncAt).toBe(new Date(NOW - 600_000).toISOString());
    expect(r.tools.pilot).toBe(3);
    expect(r.tools.suspended).toBe(1);
  });
  it('gives null, not 0 or NaN, where there is no denominator', () => {
    const r = rollup([base({})], NOW);
    expect(r.coverage.htn).toBeNull();
    expect(r.overrideRate).toBeNull();
    expect(r.meanAckMinutes).toBeNull();
    expect(r.maxLagSeconds).toBeNull();
  });
  it('groups by province', () => {
    const m = rollupBy(rows, (r) => r.provinceCode, NOW);
    expect(m.get('19')!.stations).toBe(2);
    expect(m.get('01')!.htn).toBe(100);
  });
});

describe('toCsv', () => {
  it('quotes, escapes and neutralises formulas', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=HYPERLINK(1)', 0.123456], [null, -3]]))
      .toBe('a,b\r\n"x,y","say ""hi"""\r\n\'=HYPERLINK(1),0.1235\r\n,-3\r\n');
  });
});

describe('generated provinces', () => {
  it('has the 34 provinces of 2025 with their 3,320 communes and one tile each', () => {
    expect(VN_PROVINCES).toHaveLength(34);
    expect(VN_PROVINCES.reduce((s, p) => s + p.communes, 0)).toBe(3320);
    const tiles = new Set(VN_PROVINCES.map((p) => `${p.row},${p.col}`));
    expect(tiles.size).toBe(34);
    for (const p of VN_PROVINCES) expect(p.row < VN_GRID_ROWS && p.col < VN_GRID_COLS).toBe(true);
  });
});

import { parseRegistry, registryCsv, simulateNetwork } from './registry.ts';

describe('registry CSV', () => {
  it('round-trips a simulated network of 3,320 stations and 34 hospitals', () => {
    let s = 42;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const net = simulateNetwork(rand);
    expect(net.filter((r) => r.level === 'commune_station')).toHaveLength(3320);
    const back = parseRegistry(registryCsv(net));
    expect(back.errors).toEqual([]);
    expect(back.rows).toHaveLength(3354);
    expect(back.rows[40]).toEqual(net[40]);
  });
  it('lists every bad line and imports nothing', () => {
    const csv = 'code,name,level,province_code,commune,commune_code,supervisor_code,population,pop_adult40,pop_under5,lat,lon\n'
      + 'A1,"Trạm, Một",commune_station,19,Xã A,,,100,40,7,21.5,105.8\n'
      + 'A1,Trạm Hai,clinic,99,Xã B,,,10,40,0,95,\n';
    const r = parseRegistry(csv);
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => `${e.line}:${e.field}`)).toEqual(['3:code', '3:level', '3:province_code', '3:population', '3:lat']);
    expect(parseRegistry(csv.split('\n').slice(0, 2).join('\n')).rows[0]).toMatchObject({ name: 'Trạm, Một', lat: 21.5, population: 100 });
  });
});
