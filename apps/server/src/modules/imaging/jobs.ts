/**
 * A job queue on the application database (PGlite or PostgreSQL, same SQL).
 *
 * - enqueue(): a row in `job` (status queued, run_after).
 * - claim(): one statement, `UPDATE … WHERE id = (SELECT id … FOR UPDATE SKIP LOCKED LIMIT 1)
 *   RETURNING *`, so two workers never take the same job; the claim sets locked_until = now +
 *   the job's timeout.
 * - A handler that throws, or runs past its timeout, fails the attempt: the job goes back to
 *   queued with exponential backoff (base · 2^(attempts−1), capped), or to failed once attempts
 *   reach max_attempts. A running job whose lock expired (its worker died) is reaped the same way.
 * - complete() only applies while the caller still holds the lock (a timed-out worker that
 *   finishes late cannot overwrite a retry).
 */
import type { Db, Queryable } from '../../db/db.ts';
import { uuidv7 } from '../../lib/ids.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  timeout_ms: number;
  progress: number;
  run_after: Date;
  locked_until: Date | null;
  locked_by: string | null;
  error: string | null;
  result: unknown;
  created_at: Date;
  updated_at: Date;
}

export interface EnqueueOptions {
  maxAttempts?: number;
  timeoutMs?: number;
  runAfter?: Date;
}

export async function enqueue(q: Queryable, kind: string, payload: Record<string, unknown>, now: Date, o: EnqueueOptions = {}): Promise<string> {
  const id = uuidv7(now.getTime());
  await q.query(
    `INSERT INTO job (id, kind, payload, max_attempts, timeout_ms, run_after, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$7)`,
    [id, kind, JSON.stringify(payload), o.maxAttempts ?? 3, o.timeoutMs ?? 120_000, (o.runAfter ?? now).toISOString(), now.toISOString()],
  );
  return id;
}

export async function getJob(q: Queryable, id: string): Promise<JobRow | undefined> {
  return (await q.query<JobRow>('SELECT * FROM job WHERE id = $1', [id]))[0];
}

/** Backoff before retry number `attempts` (1-based): base · 2^(attempts−1), at most maxMs. */
export function backoffMs(attempts: number, baseMs = 1000, maxMs = 5 * 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Returns expired running jobs to the queue (or fails them when out of attempts). */
export async function reapExpired(q: Queryable, now: Date, baseBackoffMs = 1000): Promise<number> {
  const rows = await q.query<{ id: string }>(
    `UPDATE job SET
       status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
       error = 'timed out after ' || timeout_ms || ' ms (attempt ' || attempts || ' of ' || max_attempts || ')',
       run_after = $1::timestamptz + make_interval(secs => LEAST(300, ($2::float8 / 1000) * power(2, GREATEST(attempts - 1, 0)))),
       locked_until = NULL, locked_by = NULL, updated_at = $1
     WHERE status = 'running' AND locked_until < $1 RETURNING id`,
    [now.toISOString(), baseBackoffMs],
  );
  return rows.length;
}

/** Claims the next ready job of one of `kinds` for `workerId`, or undefined. */
export async function claim(q: Queryable, workerId: string, kinds: string[], now: Date): Promise<JobRow | undefined> {
  const rows = await q.query<JobRow>(
    `UPDATE job SET status = 'running', attempts = attempts + 1, locked_by = $1,
       locked_until = $3::timestamptz + make_interval(secs => timeout_ms / 1000.0), updated_at = $3
     WHERE id = (
       SELECT id FROM job WHERE status = 'queued' AND run_after <= $3 AND kind = ANY($2::text[])
       ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [workerId, kinds, now.toISOString()],
  );
  return rows[0];
}

export async function complete(q: Queryable, job: Pick<JobRow, 'id'>, workerId: string, result: unknown, now: Date): Promise<boolean> {
  const r = await q.query<{ id: string }>(
    `UPDATE job SET status = 'done', progress = 100, result = $3, error = NULL, locked_until = NULL, updated_at = $4
     WHERE id = $1 AND locked_by = $2 AND status = 'running' RETURNING id`,
    [job.id, workerId, JSON.stringify(result ?? null), now.toISOString()],
  );
  return r.length === 1;
}

/** Fails one attempt: back to queued with backoff, or failed when out of attempts (or `permanent`). */
export async function failAttempt(q: Queryable, job: Pick<JobRow, 'id'>, workerId: string, error: string, now: Date, o: { baseBackoffMs?: number; permanent?: boolean } = {}): Promise<JobStatus | undefined> {
  const r = await q.query<{ status: JobStatus }>(
    `UPDATE job SET
       status = CASE WHEN $5 OR attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
       error = $3,
       run_after = $4::timestamptz + make_interval(secs => LEAST(300, ($6::float8 / 1000) * power(2, GREATEST(attempts - 1, 0)))),
       locked_until = NULL, locked_by = NULL, updated_at = $4
     WHERE id = $1 AND locked_by = $2 AND status = 'running' RETURNING status`,
    [job.id, workerId, error.slice(0, 2000), now.toISOString(), o.permanent ?? false, o.baseBackoffMs ?? 1000],
  );
  return r[0]?.status;
}

export async function setProgress(q: Queryable, jobId: string, progress: number, now: Date): Promise<void> {
  await q.query('UPDATE job SET progress = $2, updated_at = $3 WHERE id = $1', [jobId, Math.max(0, Math.min(100, Math.round(progress))), now.toISOString()]);
}

/** An error that retrying cannot fix (bad input): the job fails at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface JobContext {
  job: JobRow;
  signal: AbortSignal;
  progress(p: number): Promise<void>;
}
export type JobHandler = (ctx: JobContext) => Promise<unknown>;

export interface WorkerOptions {
  id?: string;
  pollMs?: number;
  baseBackoffMs?: number;
  clock?: () => Date;
  onError?: (err: unknown, job?: JobRow) => void;
}

class JobTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

/** Runs jobs one at a time from the queue until stopped. */
export class JobWorker {
  readonly id: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly clock: () => Date;

  constructor(private readonly db: Db, private readonly handlers: Record<string, JobHandler>, private readonly o: WorkerOptions = {}) {
    this.id = o.id ?? `w-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    this.clock = o.clock ?? (() => new Date());
  }

  /** Claims and runs one job; returns it (after the run) or undefined when none was ready. */
  async runOnce(): Promise<JobRow | undefined> {
    const now = this.clock();
    await reapExpired(this.db, now, this.o.baseBackoffMs);
    const job = await claim(this.db, this.id, Object.keys(this.handlers), now);
    if (!job) return undefined;
    const handler = this.handlers[job.kind]!;
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new JobTimeout(job.timeout_ms));
        ac.abort();
      }, job.timeout_ms);
    });
    try {
      const result = await Promise.race([
        handler({ job, signal: ac.signal, progress: (p) => setProgress(this.db, job.id, p, this.clock()) }),
        timeout,
      ]);
      if (timedOut) throw new JobTimeout(job.timeout_ms);
      await complete(this.db, job, this.id, result, this.clock());
    } catch (err) {
      this.o.onError?.(err, job);
      const msg = err instanceof Error ? err.message : String(err);
      await failAttempt(this.db, job, this.id, msg, this.clock(), { baseBackoffMs: this.o.baseBackoffMs, permanent: err instanceof PermanentJobError });
    } finally {
      clearTimeout(timer);
    }
    return (await getJob(this.db, job.id)) ?? job;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let ran: JobRow | undefined;
        try {
          ran = await this.runOnce();
        } catch (err) {
          this.o.onError?.(err);
        }
        if (ran || !this.running) continue;
        await new Promise<void>((res) => {
          const t = setTimeout(res, this.o.pollMs ?? 1000);
          this.wake = () => {
            clearTimeout(t);
            res();
          };
        });
        this.wake = undefined;
      }
    })();
  }

  /** Wakes an idle worker (after an enqueue). */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}
