/**
 * Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks and Consistent Snapshots in
 * Globally Distributed Databases", 2014). Why an HLC and not server order: a station writes for
 * hours with no link, so the province cannot order its writes when they happen; and why not the
 * wall clock alone: a station clock can be hours wrong. An HLC stamp is (wall ms, counter, node):
 * it never goes backwards, and every stamp issued after *receiving* a stamp is greater than it, so
 * an edit made at a station after it has seen the province's state orders after that state even
 * when the station clock is hours behind. Ties between nodes are broken by node id.
 * The clock is passed in (no Date.now here).
 */
export interface Hlc {
  wall: number;
  counter: number;
  node: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;

/** Lexicographic order of the encoding equals HLC order. */
export function encodeHlc(h: Hlc): string {
  return `${String(h.wall).padStart(WALL_DIGITS, '0')}:${String(h.counter).padStart(COUNTER_DIGITS, '0')}:${h.node}`;
}

export function decodeHlc(s: string): Hlc {
  const m = /^(\d{15}):(\d{6}):(.+)$/.exec(s);
  if (!m) throw new Error(`bad HLC stamp: ${s}`);
  return { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const zeroHlc = (node: string): Hlc => ({ wall: 0, counter: 0, node });

/** A local event (a write) at physical time `now` (ms). */
export function tick(local: Hlc, now: number): Hlc {
  if (now > local.wall) return { wall: now, counter: 0, node: local.node };
  return { wall: local.wall, counter: local.counter + 1, node: local.node };
}

/** Receiving a remote stamp (a pull or an ack): the local clock moves past it. */
export function receive(local: Hlc, remote: Hlc, now: number): Hlc {
  const wall = Math.max(local.wall, remote.wall, now);
  let counter: number;
  if (wall === local.wall && wall === remote.wall) counter = Math.max(local.counter, remote.counter) + 1;
  else if (wall === local.wall) counter = local.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  return { wall, counter, node: local.node };
}
