/**
 * Route planning around no-fly zones: the shortest path in the visibility graph of the zones'
 * buffered shapes (Lozano-Pérez & Wesley, "An algorithm for planning collision-free paths among
 * polyhedral obstacles", CACM 22(10), 1979), searched with A* (straight-line heuristic) and edges
 * tested lazily. Only zones that block the straight line, or block an edge the search tried, join
 * the graph; the search repeats until no new zone blocks it. Every leg of the returned route is
 * tested against EVERY zone, so the route never crosses one, whatever the pruning.
 */
import { greatCircleDistance, type LonLat, pathLength } from './geo.ts';
import type { Metres } from './units.ts';
import { type PreparedZone, type PreparedZones, segmentHitsZone, zonesContaining } from './zones.ts';

export type RouteResult =
  | { ok: true; path: Array<[number, number]>; lengthM: Metres; straightM: Metres; avoided: string[] }
  | { ok: false; code: 'ORIGIN_IN_ZONE' | 'DESTINATION_IN_ZONE' | 'NO_ROUTE'; zoneIds: string[]; straightM: Metres };

type XY = [number, number];

export function planRoute(from: LonLat, to: LonLat, prepared: PreparedZones, opts: { maxIterations?: number } = {}): RouteResult {
  const straightM = greatCircleDistance(from, to);
  const inFrom = zonesContaining(from, prepared);
  if (inFrom.length) return { ok: false, code: 'ORIGIN_IN_ZONE', zoneIds: inFrom.map((z) => z.zone.id), straightM };
  const inTo = zonesContaining(to, prepared);
  if (inTo.length) return { ok: false, code: 'DESTINATION_IN_ZONE', zoneIds: inTo.map((z) => z.zone.id), straightM };

  const P = prepared.projection;
  const a = P.toXY(from);
  const b = P.toXY(to);
  const zones = prepared.zones;
  const firstBlocker = (p: XY, q: XY): number => {
    for (let i = 0; i < zones.length; i++) if (segmentHitsZone(p, q, zones[i]!)) return i;
    return -1;
  };
  if (firstBlocker(a, b) < 0) return { ok: true, path: [[from[0], from[1]], [to[0], to[1]]], lengthM: straightM, straightM, avoided: [] };

  const inGraph = new Set<number>();
  for (let i = 0; i < zones.length; i++) if (segmentHitsZone(a, b, zones[i]!)) inGraph.add(i);
  const visCache = new Map<string, number>();
  const maxIterations = opts.maxIterations ?? zones.length + 1;
  let lastPath: XY[] | null = null;
  for (let iter = 0; iter < maxIterations; iter++) {
    // Nodes: origin, destination, and the waypoints of the zones in the graph that lie in no zone.
    const nodes: XY[] = [a, b];
    const nodeKey: string[] = ['a', 'b'];
    for (const zi of inGraph) {
      const z = zones[zi]!;
      z.waypoints.forEach((w, wi) => {
        if (!zones.some((o) => w[0] >= o.bbox[0] && w[0] <= o.bbox[2] && w[1] >= o.bbox[1] && w[1] <= o.bbox[3] && inside(w, o))) {
          nodes.push(w);
          nodeKey.push(`${zi}:${wi}`);
        }
      });
    }
    const newBlockers = new Set<number>();
    const visible = (i: number, j: number) => {
      const k = nodeKey[i]! < nodeKey[j]! ? `${nodeKey[i]}|${nodeKey[j]}` : `${nodeKey[j]}|${nodeKey[i]}`;
      let hit = visCache.get(k);
      if (hit === undefined) {
        hit = firstBlocker(nodes[i]!, nodes[j]!);
        visCache.set(k, hit);
      }
      if (hit >= 0 && !inGraph.has(hit)) newBlockers.add(hit);
      return hit < 0;
    };
    lastPath = aStar(nodes, visible);
    if (newBlockers.size === 0) break;
    for (const z of newBlockers) inGraph.add(z);
  }
  if (!lastPath) return { ok: false, code: 'NO_ROUTE', zoneIds: [...inGraph].map((i) => zones[i]!.zone.id), straightM };
  const path = lastPath.map(([x, y]) => P.toLonLat(x, y));
  path[0] = [from[0], from[1]];
  path[path.length - 1] = [to[0], to[1]];
  const avoided = [...inGraph].filter((i) => touchesNear(lastPath!, zones[i]!)).map((i) => zones[i]!.zone.id);
  return { ok: true, path, lengthM: pathLength(path), straightM, avoided };
}

function inside(p: XY, z: PreparedZone) {
  // Waypoints of one zone are outside it by construction; the test matters for other zones.
  return segmentHitsZone(p, p, z);
}

/** Zones the route bends around (a waypoint of theirs is on the path). */
function touchesNear(path: XY[], z: PreparedZone): boolean {
  return path.some((p) => z.waypoints.some((w) => w[0] === p[0] && w[1] === p[1]));
}

function aStar(nodes: XY[], visible: (i: number, j: number) => boolean): XY[] | null {
  const n = nodes.length;
  const dist = (i: number, j: number) => Math.hypot(nodes[i]![0] - nodes[j]![0], nodes[i]![1] - nodes[j]![1]);
  const g = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const closed = new Uint8Array(n);
  g[0] = 0;
  // n is at most a few thousand: a linear scan for the open node with the least f is fast enough.
  const open = new Set<number>([0]);
  while (open.size) {
    let u = -1;
    let best = Infinity;
    for (const i of open) {
      const f = g[i]! + dist(i, 1);
      if (f < best) { best = f; u = i; }
    }
    open.delete(u);
    if (u === 1) break;
    closed[u] = 1;
    for (let v = 0; v < n; v++) {
      if (closed[v] || v === u) continue;
      const cand = g[u]! + dist(u, v);
      if (cand >= g[v]!) continue;
      if (!visible(u, v)) continue;
      g[v] = cand;
      prev[v] = u;
      open.add(v);
    }
  }
  if (!Number.isFinite(g[1]!)) return null;
  const out: XY[] = [];
  for (let v = 1; v !== -1; v = prev[v]!) out.push(nodes[v]!);
  return out.reverse();
}
