/**
 * What happens when observations are saved. Feature modules subscribe when they register:
 * `inTransaction` hooks run inside the writing transaction (rules → suggestions, alerts: all or
 * nothing with the observations); `afterCommit` hooks run once the data is durable (push to
 * browsers). One pipeline per app instance, decorated as `app.observationPipeline`.
 */
import type { Queryable } from '../../db/db.ts';
import type { ObservationRow } from './observations.repo.ts';

export interface ObservationsSaved {
  patientId: string;
  encounterId: string | null;
  facilityId: string;
  rows: ObservationRow[];
  actorId: string | null;
  source: 'manual' | 'device';
  now: Date;
}

export type InTxHook = (q: Queryable, ev: ObservationsSaved) => Promise<void>;
/** Sees every patient's event of one write at once (a gateway batch), so it can read in bulk. */
export type InTxBatchHook = (q: Queryable, evs: ObservationsSaved[]) => Promise<void>;
export type AfterCommitHook = (ev: ObservationsSaved) => void | Promise<void>;

export class ObservationPipeline {
  private readonly inTx: InTxBatchHook[] = [];
  private readonly after: AfterCommitHook[] = [];

  /** `onError` receives failures of after-commit hooks (the request has already succeeded). */
  constructor(private readonly onError: (e: unknown) => void = () => undefined) {}

  inTransaction(h: InTxHook) {
    this.inTx.push(async (q, evs) => {
      for (const ev of evs) await h(q, ev);
    });
  }
  inTransactionBatch(h: InTxBatchHook) {
    this.inTx.push(h);
  }
  afterCommit(h: AfterCommitHook) {
    this.after.push(h);
  }
  async runInTransaction(q: Queryable, ev: ObservationsSaved | ObservationsSaved[]) {
    const evs = Array.isArray(ev) ? ev : [ev];
    if (evs.length === 0) return;
    for (const h of this.inTx) await h(q, evs);
  }
  /** Errors here must not fail the request that already committed; they go to `onError`. */
  async runAfterCommit(ev: ObservationsSaved) {
    for (const h of this.after) {
      try {
        await h(ev);
      } catch (e) {
        this.onError(e);
      }
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    observationPipeline: ObservationPipeline;
  }
}
