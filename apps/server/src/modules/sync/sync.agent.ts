/**
 * The station's sync loop: seal → push unacked batches (gzip, signed) → pull → wait. On any
 * failure it backs off exponentially (with jitter) up to maxBackoffMs and tries again; nothing is
 * lost because the outbox and the ack cursor are in the station's database.
 */
import { gzipSync } from 'node:zlib';
import { encodeBatch } from '@yte/sync';
import type { Db } from '../../db/db.ts';
import { pullMessage, signBytes } from './sync.keys.ts';
import type { PullResult, PushResult } from './sync.province.ts';
import { applyPull, noteError, pendingBatches, seal, takeAck } from './sync.station.ts';

export interface AgentOptions {
  db: Db;
  upstream: string;
  stationId: string;
  privateKey: string;
  intervalMs?: number;
  maxBackoffMs?: number;
  batchSize?: number;
  /** The station's clock (tests skew it by hours). */
  now?: () => number;
  /** Per-request timeout. */
  timeoutMs?: number;
}

export const PUSH_CONTENT_TYPE = 'application/vnd.yte.sync+gzip';

export class SyncAgent {
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private running: Promise<void> | null = null;
  private stopped = false;
  readonly now: () => number;

  constructor(private readonly o: AgentOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.syncOnce().then(
        () => { this.failures = 0; this.schedule(this.o.intervalMs ?? 30_000); },
        async (err: Error) => {
          this.failures++;
          await noteError(this.o.db, err.message).catch(() => undefined);
          const cap = this.o.maxBackoffMs ?? 300_000;
          const base = Math.min(cap, 1000 * 2 ** Math.min(this.failures, 16));
          this.schedule(base / 2 + Math.random() * base / 2);
        },
      );
    }, ms);
    this.timer.unref?.();
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    const ac = new AbortController();
    const t = setTimeout(() => ac.abort(), this.o.timeoutMs ?? 30_000);
    try {
      return await fetch(new URL(path, this.o.upstream), { ...init, signal: ac.signal });
    } finally {
      clearTimeout(t);
    }
  }

  /** One round: everything waiting is pushed and acked, then one pull. Throws on any failure. */
  async syncOnce(): Promise<{ pushed: number; pulled: number }> {
    const { db, stationId, privateKey } = this.o;
    await seal(db, this.now(), this.o.batchSize ?? 1000);
    let pushed = 0;
    for (;;) {
      const batches = await pendingBatches(db, 4);
      if (!batches.length) break;
      for (const b of batches) {
        const body = gzipSync(encodeBatch(b));
        const res = await this.fetch('/api/sync/push', {
          method: 'POST',
          headers: { 'content-type': PUSH_CONTENT_TYPE, 'x-yte-station': stationId, 'x-yte-signature': signBytes(privateKey, body) },
          body,
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`push ${b.seq}: HTTP ${res.status} ${text.slice(0, 200)}`);
        const r = JSON.parse(text) as PushResult;
        await takeAck(db, r.ackSeq, r.hlc, this.now());
        pushed += b.changes.length;
        if (r.ackSeq < b.seq) throw new Error(`push ${b.seq}: province acked only up to ${r.ackSeq}`);
      }
    }
    let pulled = 0;
    for (;;) {
      const since = (await db.query<{ pull_cursor: number }>('SELECT pull_cursor FROM sync_node WHERE id = 1'))[0]?.pull_cursor ?? 0;
      const queue = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM sync_outbox'))[0]?.n ?? 0;
      const res = await this.fetch(`/api/sync/pull?since=${since}`, {
        headers: { 'x-yte-station': stationId, 'x-yte-signature': signBytes(privateKey, pullMessage(stationId, since)), 'x-yte-queue': String(queue) },
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`pull: HTTP ${res.status} ${text.slice(0, 200)}`);
      const p = JSON.parse(text) as PullResult;
      await applyPull(db, p, this.now());
      pulled += p.changes.length;
      if (p.cursor === since || p.changes.length === 0) break;
    }
    return { pushed, pulled };
  }
}
