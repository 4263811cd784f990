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

export interface ZoneGrid {
  cell: number; minX: number; minY: number; cols: number; rows: number;
  /** Zone indices per cell (row-major); undefined for empty cells. */
  cells: Array<number[] | undefined>;
  /** Per-zone stamp of the last query that visited it (no allocation per query). */
  seen: Uint32Array;
  stamp: number;
}

export interface PreparedZones {
  projection: Projection;
  zones: PreparedZone[];
  grid: ZoneGrid;
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
  return { projection, zones: prepared, grid: buildGrid(prepared) };
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

function orient(a: XY, b: XY, c: XY) {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function segmentsCross(p1: XY, p2: XY, p3: XY, p4: XY): boolean {
  const d1 = orient(p3, p4, p1);
  const d2 = orient(p3, p4, p2);
  const d3 = orient(p1, p2, p3);
  const d4 = orient(p1, p2, p4);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** Does the straight leg a→b (projected metres) touch the zone's effective polygon? */
export function segmentHitsZone(a: XY, b: XY, z: PreparedZone): boolean {
  const t = TOUCH_TOLERANCE_M;
  const sx0 = Math.min(a[0], b[0]) - t;
  const sx1 = Math.max(a[0], b[0]) + t;
  const sy0 = Math.min(a[1], b[1]) - t;
  const sy1 = Math.max(a[1], b[1]) + t;
  if (sx1 < z.bbox[0] || sx0 > z.bbox[2] || sy1 < z.bbox[1] || sy0 > z.bbox[3]) return false;
  if (pointSegmentDistance(z.centre, a, b) > z.radius + t) return false;
  if (pointInPolygon(a, z.poly) || pointInPolygon(b, z.poly)) return true;
  const n = z.poly.length;
  for (let i = 0; i < n; i++) {
    const c = z.poly[i]!;
    const d = z.poly[i + 1 === n ? 0 : i + 1]!;
    // Edges whose box is clear of the leg's box can neither cross nor touch it.
    if (Math.max(c[0], d[0]) < sx0 || Math.min(c[0], d[0]) > sx1 || Math.max(c[1], d[1]) < sy0 || Math.min(c[1], d[1]) > sy1) continue;
    if (segmentsCross(a, b, c, d)) return true;
    if (pointSegmentDistance(a, c, d) < t || pointSegmentDistance(b, c, d) < t || pointSegmentDistance(c, a, b) < t || pointSegmentDistance(d, a, b) < t) return true;
  }
  return false;
}

/**
 * Calls `visit` with the index of every zone whose box shares a grid cell with the leg a→b (each
 * zone once per call; stops when `visit` returns true). Cells are walked along the leg
 * (Amanatides & Woo, "A fast voxel traversal algorithm", Eurographics 1987).
 */
export function someZoneAlong(prepared: PreparedZones, a0: XY, b0: XY, visit: (zi: number) => boolean): boolean {
  const g = prepared.grid;
  g.stamp++;
  // Clip the leg to the grid's rectangle (Liang–Barsky): no zone lies outside it.
  const rx0 = g.minX;
  const ry0 = g.minY;
  const rx1 = g.minX + g.cols * g.cell;
  const ry1 = g.minY + g.rows * g.cell;
  let t0 = 0;
  let t1 = 1;
  const ddx = b0[0] - a0[0];
  const ddy = b0[1] - a0[1];
  for (const [p, q] of [[-ddx, a0[0] - rx0], [ddx, rx1 - a0[0]], [-ddy, a0[1] - ry0], [ddy, ry1 - a0[1]]] as const) {
    if (p === 0) { if (q < 0) return false; continue; }
    const r = q / p;
    if (p < 0) { if (r > t1) return false; if (r > t0) t0 = r; } else { if (r < t0) return false; if (r < t1) t1 = r; }
  }
  const a: XY = [a0[0] + t0 * ddx, a0[1] + t0 * ddy];
  const b: XY = [a0[0] + t1 * ddx, a0[1] + t1 * ddy];
  const cx = (x: number) => Math.min(g.cols - 1, Math.max(0, Math.floor((x - g.minX) / g.cell)));
  const cy = (y: number) => Math.min(g.rows - 1, Math.max(0, Math.floor((y - g.minY) / g.cell)));
  // Legs outside the grid's extent meet no zone there; clamp the walk to the grid.
  let x = cx(a[0]);
  let y = cy(a[1]);
  const x1 = cx(b[0]);
  const y1 = cy(b[1]);
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const stepX = dx > 0 ? 1 : -1;
  const stepY = dy > 0 ? 1 : -1;
  const tDeltaX = dx === 0 ? Infinity : Math.abs(g.cell / dx);
  const tDeltaY = dy === 0 ? Infinity : Math.abs(g.cell / dy);
  const fx = (a[0] - g.minX) / g.cell - x;
  const fy = (a[1] - g.minY) / g.cell - y;
  let tMaxX = dx === 0 ? Infinity : (dx > 0 ? 1 - fx : fx) * tDeltaX;
  let tMaxY = dy === 0 ? Infinity : (dy > 0 ? 1 - fy : fy) * tDeltaY;
  for (let guard = 0; guard < g.cols + g.rows + 4; guard++) {
    // The leg may graze a neighbouring cell within the touch tolerance: visit the 3×3 block.
    for (let ox = -1; ox <= 1; ox++) {
      for (let oy = -1; oy <= 1; oy++) {
        const X = x + ox;
        const Y = y + oy;
        if (X < 0 || Y < 0 || X >= g.cols || Y >= g.rows) continue;
        const list = g.cells[Y * g.cols + X];
        if (!list) continue;
        for (const zi of list) {
          if (g.seen[zi] === g.stamp) continue;
          g.seen[zi] = g.stamp;
          if (visit(zi)) return true;
        }
      }
    }
    if (x === x1 && y === y1) break;
    if (tMaxX < tMaxY) { x += stepX; tMaxX += tDeltaX; } else { y += stepY; tMaxY += tDeltaY; }
    if (x < 0 || y < 0 || x >= g.cols || y >= g.rows) break;
  }
  return false;
}

/** Does the leg touch any zone? (The grid narrows the zones tested.) */
export function legBlocked(prepared: PreparedZones, a: XY, b: XY): boolean {
  return someZoneAlong(prepared, a, b, (zi) => segmentHitsZone(a, b, prepared.zones[zi]!));
}

/** The zones a lon/lat point lies in (effective shapes). */
export function zonesContaining(p: LonLat, prepared: PreparedZones): PreparedZone[] {
  const q = prepared.projection.toXY(p);
  return prepared.zones.filter((z) => q[0] >= z.bbox[0] && q[0] <= z.bbox[2] && q[1] >= z.bbox[1] && q[1] <= z.bbox[3] && pointInPolygon(q, z.poly));
}

/** A uniform grid over the zones' boxes (cell ≈ 2 km, at most 256 × 256 cells). */
function buildGrid(zones: PreparedZone[]): ZoneGrid {
  let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
  for (const z of zones) { minX = Math.min(minX, z.bbox[0]); minY = Math.min(minY, z.bbox[1]); maxX = Math.max(maxX, z.bbox[2]); maxY = Math.max(maxY, z.bbox[3]); }
  if (!zones.length) { minX = 0; minY = 0; maxX = 1; maxY = 1; }
  const cell = Math.max(2000, (maxX - minX) / 256, (maxY - minY) / 256);
  const cols = Math.max(1, Math.ceil((maxX - minX) / cell) + 1);
  const rows = Math.max(1, Math.ceil((maxY - minY) / cell) + 1);
  const cells: Array<number[] | undefined> = new Array(cols * rows);
  zones.forEach((z, zi) => {
    for (let X = Math.floor((z.bbox[0] - minX) / cell); X <= Math.floor((z.bbox[2] - minX) / cell); X++) {
      for (let Y = Math.floor((z.bbox[1] - minY) / cell); Y <= Math.floor((z.bbox[3] - minY) / cell); Y++) (cells[Y * cols + X] ??= []).push(zi);
    }
  });
  return { cell, minX, minY, cols, rows, cells, seen: new Uint32Array(zones.length), stamp: 0 };
}
