/**
 * Progress of the demo data loaded in the background after the first start (the CheXNet shadow
 * replay, the imaging studies), for GET /api/system/status and the UI's banner. One tracker per
 * database (a WeakMap: the imaging module and main.ts reach the same one through app.db).
 *
 * While any task loads, the event loop's delay is sampled (perf_hooks.monitorEventLoopDelay): the
 * loaders yield between small batches so that requests keep being answered, and the p99 they
 * leave is reported beside the counts (goal ≤ 50 ms; bench/startup.bench.ts reads it).
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldImmediate } from 'node:timers/promises';
import type { Db } from '../../db/db.ts';

export type DemoTaskId = 'governance' | 'imaging';
export type DemoTaskPhase = 'pending' | 'loading' | 'done' | 'skipped' | 'failed';
/** starting: the server is not answering yet; loading: a task runs; absent: ../shared is missing; off: YTE_SEED_DEMO=false. */
export type DemoPhase = 'starting' | 'idle' | 'loading' | 'done' | 'absent' | 'failed' | 'off';

export interface DemoTask { id: DemoTaskId; phase: DemoTaskPhase; done: number; total: number; reason?: string }

export interface DemoSummary {
  phase: DemoPhase;
  done: number;
  total: number;
  tasks: DemoTask[];
  /** Event-loop delay while the demo loaded, in ms (null before a task has run). */
  eventLoopDelayP99Ms: number | null;
  eventLoopDelayMaxMs: number | null;
}

/** Gives the event loop a turn (I/O callbacks, timers) between batches of background work. */
export const yieldToLoop = () => yieldImmediate();

export class DemoProgress {
  private readonly tasks = new Map<DemoTaskId, DemoTask>();
  private histogram: IntervalHistogram | null = null;
  private delay: { p99: number; max: number } | null = null;
  /** Demo data wanted (YTE_SEED_DEMO) and whether ../shared was found. */
  enabled = false;
  sharedPresent = true;

  /** Declares a task before it starts, so the status says "pending" rather than nothing. */
  expect(id: DemoTaskId) {
    if (!this.tasks.has(id)) this.tasks.set(id, { id, phase: 'pending', done: 0, total: 0 });
  }

  start(id: DemoTaskId, total: number) {
    this.tasks.set(id, { id, phase: 'loading', done: 0, total });
    if (!this.histogram) {
      this.histogram = monitorEventLoopDelay({ resolution: 10 });
      this.histogram.enable();
    }
  }

  progress(id: DemoTaskId, done: number, total?: number) {
    const t = this.tasks.get(id);
    if (t) Object.assign(t, { done, ...(total !== undefined ? { total } : {}) });
  }

  finish(id: DemoTaskId, phase: 'done' | 'skipped' | 'failed', reason?: string) {
    const t = this.tasks.get(id) ?? { id, phase, done: 0, total: 0 };
    this.tasks.set(id, { ...t, phase, ...(phase === 'done' ? { done: t.total } : {}), ...(reason ? { reason } : {}) });
    if ([...this.tasks.values()].every((x) => x.phase !== 'loading' && x.phase !== 'pending')) this.sample(true);
  }

  /** Reads (and, when `stop`, stops) the delay histogram; nanoseconds → ms. */
  private sample(stop = false) {
    const h = this.histogram;
    if (!h) return;
    if (h.count > 0) this.delay = { p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
    if (stop) {
      h.disable();
      this.histogram = null;
    }
  }

  summary(): DemoSummary {
    this.sample();
    const tasks = [...this.tasks.values()].map((t) => ({ ...t }));
    const phase: DemoPhase = !this.enabled ? 'off'
      : tasks.some((t) => t.phase === 'loading' || t.phase === 'pending') ? 'loading'
      : !this.sharedPresent ? 'absent'
      : tasks.some((t) => t.phase === 'failed') ? 'failed'
      : tasks.length > 0 ? 'done' : 'idle';
    const round = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10) / 10);
    return {
      phase,
      done: tasks.reduce((s, t) => s + t.done, 0),
      total: tasks.reduce((s, t) => s + t.total, 0),
      tasks,
      eventLoopDelayP99Ms: round(this.delay?.p99),
      eventLoopDelayMaxMs: round(this.delay?.max),
    };
  }
}

const trackers = new WeakMap<Db, DemoProgress>();
export function demoProgress(db: Db): DemoProgress {
  let t = trackers.get(db);
  if (!t) trackers.set(db, (t = new DemoProgress()));
  return t;
}
