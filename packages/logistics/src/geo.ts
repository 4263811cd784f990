/**
 * Geodesy for short drone legs (tens of kilometres).
 *
 * - Great-circle distance by the haversine formula on a sphere of the IUGG mean Earth radius
 *   R1 = 6 371 008.8 m (Moritz, "Geodetic Reference System 1980", Bulletin Géodésique 54, 1980;
 *   R1 = (2a + b) / 3). The spherical error against the WGS-84 ellipsoid is below 0.5 %, far inside
 *   the battery reserve.
 * - Geometry against polygons (intersection, cross-track distance) uses a local equirectangular
 *   projection about a reference latitude: x = R·Δλ·cos φ0, y = R·Δφ. It maps lon/lat straight lines
 *   to straight lines (it is affine in lon/lat), so "does this leg cross that polygon" gives the same
 *   answer as the planar test GeoJSON tools (turf) make on lon/lat coordinates.
 */
import { type Degrees, deg, type Metres, m } from './units.ts';

export const EARTH_RADIUS_M = 6_371_008.8;

/** A position as GeoJSON orders it: [longitude, latitude] in degrees (WGS-84). */
export type LonLat = readonly [number, number];

const rad = (d: number) => (d * Math.PI) / 180;

export function isValidLonLat(p: unknown): p is LonLat {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number'
    && Number.isFinite(p[0]) && Number.isFinite(p[1]) && p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90;
}

/** Haversine great-circle distance. */
export function greatCircleDistance(a: LonLat, b: LonLat): Metres {
  const φ1 = rad(a[1]);
  const φ2 = rad(b[1]);
  const dφ = φ2 - φ1;
  const dλ = rad(b[0] - a[0]);
  const h = Math.sin(dφ / 2) ** 2 + Math.cos(φ1) * Math.cos(φ2) * Math.sin(dλ / 2) ** 2;
  return m(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** Initial true bearing from a to b, 0–360° clockwise from north. */
export function initialBearing(a: LonLat, b: LonLat): Degrees {
  const φ1 = rad(a[1]);
  const φ2 = rad(b[1]);
  const dλ = rad(b[0] - a[0]);
  const y = Math.sin(dλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(dλ);
  return deg(((Math.atan2(y, x) * 180) / Math.PI + 360) % 360);
}

/** Length of a polyline, leg by leg on the great circle. */
export function pathLength(path: readonly LonLat[]): Metres {
  let d = 0;
  for (let i = 1; i < path.length; i++) d += greatCircleDistance(path[i - 1]!, path[i]!);
  return m(d);
}

/** Planar metres about a reference latitude (see the file's note). */
export interface Projection {
  toXY(p: LonLat): [number, number];
  toLonLat(x: number, y: number): [number, number];
}

export function localProjection(refLat: number, refLon = 0): Projection {
  const k = Math.cos(rad(refLat));
  const f = (Math.PI / 180) * EARTH_RADIUS_M;
  return {
    toXY: (p) => [(p[0] - refLon) * f * k, p[1] * f],
    toLonLat: (x, y) => [x / (f * k) + refLon, y / f],
  };
}

/** Position a fraction t (0–1) along the straight leg a→b (linear in the local projection). */
export function lerp(a: LonLat, b: LonLat, t: number): [number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** Point at `distance` metres along the polyline (clamped to its ends). */
export function pointAlong(path: readonly LonLat[], distance: number): [number, number] {
  if (path.length === 0) throw new Error('empty path');
  let left = Math.max(0, distance);
  for (let i = 1; i < path.length; i++) {
    const leg = greatCircleDistance(path[i - 1]!, path[i]!);
    if (left <= leg) return lerp(path[i - 1]!, path[i]!, leg === 0 ? 0 : left / leg);
    left -= leg;
  }
  const last = path[path.length - 1]!;
  return [last[0], last[1]];
}

/** Distance from p to segment ab in the plane. */
export function pointSegmentDistance(p: readonly [number, number], a: readonly [number, number], b: readonly [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * Cross-track distance from a position to the planned route (the nearest leg), in metres, and how
 * far along the route the nearest point lies. Used for corridor deviation.
 */
export function distanceToRoute(p: LonLat, route: readonly LonLat[]): { offRouteM: Metres; alongM: Metres } {
  const proj = localProjection(p[1], p[0]);
  const q = proj.toXY(p);
  let best = Infinity;
  let along = 0;
  let cum = 0;
  for (let i = 1; i < route.length; i++) {
    const a = proj.toXY(route[i - 1]!);
    const b = proj.toXY(route[i]!);
    const d = pointSegmentDistance(q, a, b);
    const legLen = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (d < best) {
      best = d;
      const dx = b[0] - a[0];
      const dy = b[1] - a[1];
      const t = legLen === 0 ? 0 : Math.max(0, Math.min(1, ((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / (legLen * legLen)));
      along = cum + t * legLen;
    }
    cum += legLen;
  }
  if (route.length === 1) best = greatCircleDistance(p, route[0]!);
  return { offRouteM: m(best), alongM: m(along) };
}
