/**
 * Route planning around no-fly zones: the shortest path in the reduced visibility graph of the
 * zones' buffered convex shapes (Lozano-Pérez & Wesley, "An algorithm for planning collision-free
 * paths among polyhedral obstacles", CACM 22(10), 1979: shortest paths bend only at obstacle
 * vertices, and only where the path is tangent to the obstacle), searched with A* (straight-line
 * heuristic) and edges tested lazily.
 *
 * Pruning: first only zones within an ellipse about the two pads (the sum of distances to the pads
 * at most ELLIPSE_STRETCH × the straight line + 2 km) join the graph; when that finds no route, all
 * zones do. Every leg of the returned route is tested against EVERY zone, so the route never
 * crosses one, whatever the pruning.
 */
import { greatCircleDistance, type LonLat, pathLength } from './geo.ts';
import type { Metres } from './units.ts';
import { legBlocked, type PreparedZone, type PreparedZones, zonesContaining } from './zones.ts';

export type RouteResult =
  | { ok: true; path: Array<[number, number]>; lengthM: Metres; straightM: Metres; avoided: string[] }
  | { ok: false; code: 'ORIGIN_IN_ZONE' | 'DESTINATION_IN_ZONE' | 'NO_ROUTE'; zoneIds: string[]; straightM: Metres };

type XY = [number, number];
const ELLIPSE_STRETCH = 1.6;

interface Node { p: XY; zone: number; prev: XY | null; next: XY | null }

export function planRoute(from: LonLat, to: LonLat, prepared: PreparedZones): RouteResult {
  const straightM = greatCircleDistance(from, to);
  const inFrom = zonesContaining(from, prepared);
  if (inFrom.length) return { ok: false, code: 'ORIGIN_IN_ZONE', zoneIds: inFrom.map((z) => z.zone.id), straightM };
  const inTo = zonesContaining(to, prepared);
  if (inTo.length) return { ok: false, code: 'DESTINATION_IN_ZONE', zoneIds: inTo.map((z) => z.zone.id), straightM };

  const P = prepared.projection;
  const a = P.toXY(from);
  const b = P.toXY(to);
  const zones = prepared.zones;
  const blocks = (p: XY, q: XY): boolean => legBlocked(prepared, p, q);
  if (!blocks(a, b)) return { ok: true, path: [[from[0], from[1]], [to[0], to[1]]], lengthM: straightM, straightM, avoided: [] };

  const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const inEllipse = (z: PreparedZone) =>
    Math.hypot(z.centre[0] - a[0], z.centre[1] - a[1]) + Math.hypot(z.centre[0] - b[0], z.centre[1] - b[1]) - 2 * z.radius <= ELLIPSE_STRETCH * d + 2000;
  const near = zones.map((z, i) => (inEllipse(z) ? i : -1)).filter((i) => i >= 0);
  let found = search(a, b, near, zones, blocks);
  if (!found && near.length < zones.length) found = search(a, b, zones.map((_, i) => i), zones, blocks);
  if (!found) return { ok: false, code: 'NO_ROUTE', zoneIds: near.map((i) => zones[i]!.zone.id), straightM };
  const path = found.map((n) => P.toLonLat(n.p[0], n.p[1]));
  path[0] = [from[0], from[1]];
  path[path.length - 1] = [to[0], to[1]];
  const avoided = [...new Set(found.filter((n) => n.zone >= 0).map((n) => zones[n.zone]!.zone.id))];
  return { ok: true, path, lengthM: pathLength(path), straightM, avoided };
}

function cross(o: XY, p: XY, q: XY) {
  return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
}

/** Is the line through u and v tangent to v's polygon at v (both polygon neighbours on one side)? */
function tangentAt(v: Node, u: XY): boolean {
  if (!v.prev || !v.next) return true;
  const s1 = cross(u, v.p, v.prev);
  const s2 = cross(u, v.p, v.next);
  return s1 * s2 >= 0;
}

function search(a: XY, b: XY, zoneIdx: number[], zones: PreparedZone[], blocks: (p: XY, q: XY) => boolean): Node[] | null {
  const nodes: Node[] = [{ p: a, zone: -1, prev: null, next: null }, { p: b, zone: -1, prev: null, next: null }];
  for (const zi of zoneIdx) {
    const w = zones[zi]!.waypoints;
    for (let k = 0; k < w.length; k++) {
      const p = w[k]!;
      if (!zones[zi]!.waypointFree[k]) continue; // inside another zone: unusable
      nodes.push({ p, zone: zi, prev: w[(k - 1 + w.length) % w.length]!, next: w[(k + 1) % w.length]! });
    }
  }
  const n = nodes.length;
  const dist = (i: number, j: number) => Math.hypot(nodes[i]!.p[0] - nodes[j]!.p[0], nodes[i]!.p[1] - nodes[j]!.p[1]);
  const g = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const closed = new Uint8Array(n);
  g[0] = 0;
  const open = new MinHeap();
  open.push(0, dist(0, 1));
  while (open.size) {
    const u = open.pop();
    if (closed[u]) continue; // a stale entry
    if (u === 1) break;
    closed[u] = 1;
    const U = nodes[u]!;
    for (let v = 1; v < n; v++) {
      if (closed[v] || v === u) continue;
      const V = nodes[v]!;
      if (V.zone >= 0 && V.zone === U.zone && V.p !== U.prev && V.p !== U.next) continue; // across its own zone
      const cand = g[u]! + dist(u, v);
      if (cand >= g[v]!) continue;
      if (!tangentAt(V, U.p) || !tangentAt(U, V.p)) continue;
      if (blocks(U.p, V.p)) continue;
      g[v] = cand;
      prev[v] = u;
      open.push(v, cand + dist(v, 1));
    }
  }
  if (!Number.isFinite(g[1]!)) return null;
  const out: Node[] = [];
  for (let v = 1; v !== -1; v = prev[v]!) out.push(nodes[v]!);
  return out.reverse();
}

/** A binary min-heap of node ids by priority (entries go stale when a node is pushed again). */
class MinHeap {
  private ids: number[] = [];
  private keys: number[] = [];
  get size() { return this.ids.length; }
  push(id: number, key: number) {
    let i = this.ids.length;
    this.ids.push(id);
    this.keys.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p]! <= key) break;
      this.ids[i] = this.ids[p]!; this.keys[i] = this.keys[p]!;
      i = p;
    }
    this.ids[i] = id; this.keys[i] = key;
  }
  pop(): number {
    const top = this.ids[0]!;
    const id = this.ids.pop()!;
    const key = this.keys.pop()!;
    const n = this.ids.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && this.keys[l + 1]! < this.keys[l]! ? l + 1 : l;
        if (this.keys[c]! >= key) break;
        this.ids[i] = this.ids[c]!; this.keys[i] = this.keys[c]!;
        i = c;
      }
      this.ids[i] = id; this.keys[i] = key;
    }
    return top;
  }
}
