/**
 * No-fly zones: GeoJSON polygons an administrator manages, each with a horizontal buffer.
 *
 * Buffers by kind (defaults; the admin may set a larger one per zone) follow the Prime Minister's
 * Decision 18/2020/QĐ-TTg (10 Jun 2020) on no-fly and restricted zones for unmanned aircraft, as
 * reported by VNA/Vietnam Law & Legal Forum: at least 500 m horizontally from national-defence and
 * security areas, at least 200 m from the working offices of Party, State and government bodies;
 * airport zones are drawn by the admin as the rectangle the decision describes (15 km and 5 km from
 * the runway), so they get no extra buffer. Whether Decision 18/2020 stays in force unchanged under
 * Decree 288/2025/NĐ-CP (Government, 5 Nov 2025, which replaced the UAV rules of Decree 36/2008) is
 * UNVERIFIED here: a deployment confirms the current zones and distances with the military flight
 * control authority. Every zone gets at least CLEARANCE_M so a route never grazes a boundary.
 *
 * Geometry: a zone's effective shape is its outer ring's convex hull grown by the buffer, the round
 * corners replaced by circumscribed polygon arcs (so the shape CONTAINS the true buffer). Holes and
 * concave bays count as inside: conservative, a drone never flies through a zone's notch.
 */
import { isValidLonLat, type LonLat, type Projection, localProjection, pointSegmentDistance } from './geo.ts';

export const ZONE_KINDS = ['defence', 'government', 'airport', 'hospital', 'event', 'other'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/** Decision 18/2020/QĐ-TTg distances (see the file's note); 0 where the polygon is the zone itself. */
export const DEFAULT_BUFFER_M: Record<ZoneKind, number> = { defence: 500, government: 200, airport: 0, hospital: 0, event: 0, other: 0 };
/** The least clearance from any zone's polygon, whatever its buffer (an engineering margin, not a rule). */
export const CLEARANCE_M = 50;
/** Largest arc step of the circumscribed corners; 45° inflates the corner by 1/cos(22.5°) ≈ 8 %. */
const ARC_STEP_RAD = Math.PI / 4;
/** Closer than this to a zone counts as touching it (floating-point margin). */
export const TOUCH_TOLERANCE_M = 0.01;

export interface NoFlyZone {
  id: string;
  name: string;
  kind: ZoneKind;
  /** GeoJSON Polygon coordinates: rings of [lon, lat], first ring outer, each ring closed. */
  coordinates: number[][][];
  bufferM?: number;
}

export interface ZoneProblem { code: string; message: string; messageVi: string }

/** A GeoJSON Polygon's coordinates as an admin may save them, or the reason not. */
export function checkPolygon(coords: unknown): ZoneProblem | null {
  const bad = (message: string, messageVi: string): ZoneProblem => ({ code: 'INVALID_POLYGON', message, messageVi });
  if (!Array.isArray(coords) || coords.length === 0) return bad('A Polygon needs at least its outer ring', 'Vùng cần ít nhất một đường bao ngoài');
  if (coords.length > 50) return bad('Too many rings', 'Quá nhiều vòng');
  for (const ring of coords) {
    if (!Array.isArray(ring) || ring.length < 4) return bad('A ring needs at least 4 positions (closed)', 'Mỗi vòng cần ít nhất 4 điểm (khép kín)');
    if (ring.length > 5000) return bad('A ring may have at most 5000 positions', 'Mỗi vòng tối đa 5000 điểm');
    for (const p of ring) if (!isValidLonLat(p)) return bad('Positions are [longitude, latitude] in degrees', 'Toạ độ là [kinh độ, vĩ độ] theo độ');
    const f = ring[0] as number[];
    const l = ring[ring.length - 1] as number[];
    if (f[0] !== l[0] || f[1] !== l[1]) return bad('A ring must end where it starts', 'Vòng phải khép kín (điểm cuối trùng điểm đầu)');
  }
  const outer = coords[0] as number[][];
  let area = 0;
  for (let i = 1; i < outer.length; i++) area += outer[i - 1]![0]! * outer[i]![1]! - outer[i]![0]! * outer[i - 1]![1]!;
  if (Math.abs(area) < 1e-12) return bad('The outer ring has no area', 'Đường bao ngoài không có diện tích');
  return null;
}

type XY = [number, number];

export interface PreparedZone {
  zone: NoFlyZone;
  bufferM: number;
  /** The effective (buffered hull) polygon in projected metres, counter-clockwise, not closed. */
  poly: XY[];
  /** The same as a closed GeoJSON ring in [lon, lat]. */
  ring: Array<[number, number]>;
  /** Route waypoints just outside the effective polygon (1 m further out). */
  waypoints: XY[];
  /** Per waypoint: false when it lies inside another zone (unusable). */
  waypointFree: boolean[];
  bbox: [number, number, number, number];
  /** Bounding circle of the effective polygon: a cheap first test. */
  centre: XY;
  radius: number;
}

export interface PreparedZones {
  projection: Projection;
  zones: PreparedZone[];
}

function convexHull(points: XY[]): XY[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: XY[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: XY[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1)); // counter-clockwise
}

/** The hull grown by `b` metres with circumscribed arcs at the corners (contains the true buffer). */
function growHull(hull: XY[], b: number): XY[] {
  if (hull.length === 1) {
    const out: XY[] = [];
    const n = Math.round((2 * Math.PI) / ARC_STEP_RAD);
    const r = b / Math.cos(Math.PI / n);
    for (let j = 0; j < n; j++) out.push([hull[0]![0] + r * Math.cos((j + 0.5) * (2 * Math.PI / n)), hull[0]![1] + r * Math.sin((j + 0.5) * (2 * Math.PI / n))]);
    return out;
  }
  const out: XY[] = [];
  const n = hull.length;
  // Outward normal angle of edge i (from hull[i] to hull[i+1]) for a counter-clockwise hull.
  const normalAngle = (i: number) => {
    const a = hull[i]!;
    const c = hull[(i + 1) % n]!;
    return Math.atan2(-(c[0] - a[0]), c[1] - a[1]);
  };
  for (let i = 0; i < n; i++) {
    const v = hull[i]!;
    const a1 = normalAngle((i - 1 + n) % n);
    let a2 = normalAngle(i);
    while (a2 < a1) a2 += 2 * Math.PI;
    const turn = a2 - a1;
    const k = Math.max(1, Math.ceil(turn / ARC_STEP_RAD));
    const step = turn / k;
    const r = b / Math.cos(step / 2);
    for (let j = 0; j < k; j++) {
      const ang = a1 + (j + 0.5) * step;
      out.push([v[0] + r * Math.cos(ang), v[1] + r * Math.sin(ang)]);
    }
  }
  return out;
}

export function zoneBuffer(z: NoFlyZone): number {
  return Math.max(CLEARANCE_M, z.bufferM ?? DEFAULT_BUFFER_M[z.kind]);
}

/** Projects and buffers the zones once; plans reuse the result until the zones change. */
export function prepareZones(zones: readonly NoFlyZone[], refLat?: number): PreparedZones {
  const lat = refLat ?? (zones.length ? zones.reduce((s, z) => s + z.coordinates[0]![0]![1]!, 0) / zones.length : 0);
  const projection = localProjection(lat);
  const prepared = zones.map((zone): PreparedZone => {
    const outer = zone.coordinates[0]!;
    const pts = outer.slice(0, -1).map((p) => projection.toXY([p[0]!, p[1]!]));
    const hull = convexHull(pts);
    const b = zoneBuffer(zone);
    const poly = growHull(hull, b);
    const cx = poly.reduce((s, p) => s + p[0], 0) / poly.length;
    const cy = poly.reduce((s, p) => s + p[1], 0) / poly.length;
    const waypoints = poly.map(([x, y]): XY => {
      const d = Math.hypot(x - cx, y - cy) || 1;
      return [x + ((x - cx) / d) * 1, y + ((y - cy) / d) * 1];
    });
    let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
    for (const [x, y] of poly) { minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y); }
    const ring = poly.map(([x, y]) => projection.toLonLat(x, y));
    ring.push([ring[0]![0], ring[0]![1]]);
    const radius = Math.max(...poly.map(([x, y]) => Math.hypot(x - cx, y - cy)));
    return { zone, bufferM: b, poly, ring, waypoints, waypointFree: [], bbox: [minX, minY, maxX, maxY], centre: [cx, cy], radius };
  });
  for (const [zi, z] of prepared.entries()) {
    z.waypointFree = z.waypoints.map((w) => !prepared.some((o, oi) => oi !== zi && segmentHitsZone(w, w, o)));
  }
  return { projection, zones: prepared };
}

export function pointInPolygon(p: readonly [number, number], poly: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if ((a[1] > p[1]) !== (b[1] > p[1]) && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

function segmentsCross(p1: XY, p2: XY, p3: XY, p4: XY): boolean {
  const d = (a: XY, b: XY, c: XY) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  const d1 = d(p3, p4, p1);
  const d2 = d(p3, p4, p2);
  const d3 = d(p1, p2, p3);
  const d4 = d(p1, p2, p4);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** Does the straight leg a→b (projected metres) touch the zone's effective polygon? */
export function segmentHitsZone(a: XY, b: XY, z: PreparedZone): boolean {
  const t = TOUCH_TOLERANCE_M;
  if (Math.max(a[0], b[0]) < z.bbox[0] - t || Math.min(a[0], b[0]) > z.bbox[2] + t || Math.max(a[1], b[1]) < z.bbox[1] - t || Math.min(a[1], b[1]) > z.bbox[3] + t) return false;
  if (pointSegmentDistance(z.centre, a, b) > z.radius + t) return false;
  if (pointInPolygon(a, z.poly) || pointInPolygon(b, z.poly)) return true;
  const n = z.poly.length;
  for (let i = 0; i < n; i++) {
    const c = z.poly[i]!;
    const d = z.poly[(i + 1) % n]!;
    if (segmentsCross(a, b, c, d)) return true;
    if (pointSegmentDistance(a, c, d) < t || pointSegmentDistance(b, c, d) < t || pointSegmentDistance(c, a, b) < t || pointSegmentDistance(d, a, b) < t) return true;
  }
  return false;
}

/** The zones a lon/lat point lies in (effective shapes). */
export function zonesContaining(p: LonLat, prepared: PreparedZones): PreparedZone[] {
  const q = prepared.projection.toXY(p);
  return prepared.zones.filter((z) => q[0] >= z.bbox[0] && q[0] <= z.bbox[2] && q[1] >= z.bbox[1] && q[1] <= z.bbox[3] && pointInPolygon(q, z.poly));
}
