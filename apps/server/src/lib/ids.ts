import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562 §5.7): 48-bit Unix ms timestamp + random bits. Time-ordered, so ids made
 * offline at a station sort with those made at the hospital, and B-tree inserts stay local.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  const b = Buffer.from(random(10));
  const ts = Math.floor(nowMs);
  // 48-bit big-endian milliseconds, without BigInt (a gateway's batch makes thousands of ids).
  const hi = Math.floor(ts / 2 ** 32);
  const lo = ts >>> 0;
  const head = ((hi & 0xffff).toString(16).padStart(4, '0') + lo.toString(16).padStart(8, '0'));
  b[0] = (b[0]! & 0x0f) | 0x70; // version 7
  b[2] = (b[2]! & 0x3f) | 0x80; // variant 10
  const r = b.toString('hex');
  return `${head.slice(0, 8)}-${head.slice(8, 12)}-${r.slice(0, 4)}-${r.slice(4, 8)}-${r.slice(8)}`;
}

// Random bytes drawn from a pool: one randomBytes() call per 256 ids instead of one per id.
let pool = Buffer.alloc(0);
let poolAt = 0;
function random(n: number): Buffer {
  if (poolAt + n > pool.length) {
    pool = randomBytes(2560);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
