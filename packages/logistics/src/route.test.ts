import booleanIntersects from '@turf/boolean-intersects';
import { lineString, polygon } from '@turf/helpers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greatCircleDistance, type LonLat } from './geo.ts';
import { planRoute } from './route.ts';
import { type NoFlyZone, prepareZones } from './zones.ts';

// Around Thái Nguyên (≈ 21.5° N, 105.8° E): a 0.2° square, ~20 km.
const LAT0 = 21.5;
const LON0 = 105.8;

const square = (id: string, lon: number, lat: number, half: number, kind: NoFlyZone['kind'] = 'other'): NoFlyZone => ({
  id, name: id, kind, coordinates: [[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]],
});

const zoneArb = fc.record({
  lon: fc.double({ min: LON0 + 0.02, max: LON0 + 0.18, noNaN: true }),
  lat: fc.double({ min: LAT0 + 0.02, max: LAT0 + 0.18, noNaN: true }),
  rx: fc.double({ min: 0.002, max: 0.02, noNaN: true }),
  ry: fc.double({ min: 0.002, max: 0.02, noNaN: true }),
  n: fc.integer({ min: 3, max: 9 }),
  rot: fc.double({ min: 0, max: 6.28, noNaN: true }),
  jag: fc.array(fc.double({ min: 0.4, max: 1, noNaN: true }), { minLength: 9, maxLength: 9 }),
  kind: fc.constantFrom<NoFlyZone['kind']>('defence', 'government', 'other'),
});

type ZoneSpec = typeof zoneArb extends fc.Arbitrary<infer T> ? T : never;
const toZone = (z: ZoneSpec, i: number): NoFlyZone => {
  const ring: number[][] = [];
  for (let k = 0; k < z.n; k++) {
    const a = z.rot + (2 * Math.PI * k) / z.n;
    ring.push([z.lon + z.rx * z.jag[k]! * Math.cos(a), z.lat + z.ry * z.jag[k]! * Math.sin(a)]);
  }
  ring.push([...ring[0]!]);
  return { id: `z${i}`, name: `z${i}`, kind: z.kind, coordinates: [ring] };
};

const pointArb = fc.tuple(fc.double({ min: LON0, max: LON0 + 0.2, noNaN: true }), fc.double({ min: LAT0, max: LAT0 + 0.2, noNaN: true }));

describe('planRoute', () => {
  it('flies straight when nothing is in the way', () => {
    const r = planRoute([LON0, LAT0], [LON0 + 0.1, LAT0], prepareZones([square('far', LON0 + 0.05, LAT0 + 0.1, 0.01)]));
    expect(r.ok && r.path.length).toBe(2);
    expect(r.ok && r.avoided).toEqual([]);
  });

  it('bends around a square on the straight line, keeping the buffer, and is barely longer than needed', () => {
    const z = square('base', LON0 + 0.05, LAT0, 0.01, 'defence'); // ~2.07 km wide, 500 m buffer
    const prepared = prepareZones([z]);
    const r = planRoute([LON0, LAT0], [LON0 + 0.1, LAT0], prepared);
    if (!r.ok) throw new Error('expected a route');
    expect(r.path.length).toBeGreaterThan(2);
    expect(r.avoided).toEqual(['base']);
    // The route clears the square by at least its 500 m buffer: its detour point is north or south
    // of the square by ≥ 0.01° + 500 m.
    const maxOff = Math.max(...r.path.map((p) => Math.abs(p[1] - LAT0)));
    expect(greatCircleDistance([LON0, LAT0], [LON0, LAT0 + maxOff])).toBeGreaterThan(0.01 * 111_195 + 500);
    // …and adds only a few hundred metres over the straight 10.3 km.
    expect(r.lengthM - r.straightM).toBeGreaterThan(100);
    expect(r.lengthM - r.straightM).toBeLessThan(1500);
    expect(booleanIntersects(lineString(r.path), polygon(z.coordinates))).toBe(false);
  });

  it('refuses a pad inside a zone, naming the zone', () => {
    const r = planRoute([LON0 + 0.05, LAT0], [LON0 + 0.1, LAT0], prepareZones([square('camp', LON0 + 0.05, LAT0, 0.01)]));
    expect(r).toMatchObject({ ok: false, code: 'ORIGIN_IN_ZONE', zoneIds: ['camp'] });
  });

  it('says there is no route when the destination is walled in', () => {
    const c = [LON0 + 0.1, LAT0] as const;
    const walls = [square('n', c[0], c[1] + 0.02, 0.025), square('s', c[0], c[1] - 0.02, 0.025), square('e', c[0] + 0.02, c[1], 0.025), square('w', c[0] - 0.02, c[1] + 0.0, 0.015)];
    // Ring of four overlapping squares around the destination, leaving the destination in a pocket.
    const pocket = planRoute([LON0, LAT0], c, prepareZones(walls.map((w) => ({ ...w, coordinates: [ringAround(c, w.id)] }))));
    expect(pocket).toMatchObject({ ok: false, code: 'NO_ROUTE' });
  });

  it('property: a planned route never intersects a no-fly zone (turf) and is never shorter than the straight line', () => {
    fc.assert(
      fc.property(fc.array(zoneArb, { minLength: 0, maxLength: 25 }), pointArb, pointArb, (zs, from, to) => {
        const zones = zs.map(toZone);
        const prepared = prepareZones(zones);
        const r = planRoute(from as LonLat, to as LonLat, prepared);
        if (!r.ok) return true;
        expect(r.lengthM).toBeGreaterThanOrEqual(r.straightM - 1e-6);
        const line = lineString(r.path);
        for (const z of zones) expect(booleanIntersects(line, polygon(z.coordinates)), `crosses ${z.id}`).toBe(false);
        // The buffered shapes too (the route keeps every zone's buffer).
        for (const z of prepared.zones) expect(booleanIntersects(line, polygon([z.ring])), `enters the buffer of ${z.zone.id}`).toBe(false);
        return true;
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('property: a route is found whenever the pads are outside every buffered zone and not enclosed (sparse zones)', () => {
    fc.assert(
      fc.property(fc.array(zoneArb, { minLength: 1, maxLength: 3 }), (zs) => {
        const zones = zs.map(toZone);
        const prepared = prepareZones(zones);
        // Pads at the square's corners, outside the zone field (zones lie 0.02° inside the square).
        const r = planRoute([LON0, LAT0], [LON0 + 0.2, LAT0 + 0.2], prepared);
        expect(r.ok).toBe(true);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

/** A closed ring of an annulus sector, so the four pieces together enclose the point c. */
function ringAround(c: readonly [number, number], side: string): number[][] {
  const r1 = 0.01;
  const r2 = 0.03;
  const start = { e: -Math.PI / 4, n: Math.PI / 4, w: (3 * Math.PI) / 4, s: (5 * Math.PI) / 4 }[side]! - 0.1;
  const end = start + Math.PI / 2 + 0.2;
  const pts: number[][] = [];
  for (let k = 0; k <= 8; k++) { const a = start + ((end - start) * k) / 8; pts.push([c[0] + r2 * Math.cos(a), c[1] + r2 * Math.sin(a)]); }
  for (let k = 8; k >= 0; k--) { const a = start + ((end - start) * k) / 8; pts.push([c[0] + r1 * Math.cos(a), c[1] + r1 * Math.sin(a)]); }
  pts.push([...pts[0]!]);
  return pts;
}
