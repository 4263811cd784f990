/** Role paths: which lessons, exercises and module post-tests a user must take, and their progress. */
import type { Curriculum, TrainingContent } from './types.ts';

export interface PathItem {
  id: string;
  kind: 'lesson' | 'exercise' | 'post-test';
  /** The module of a lesson or post-test. */
  module?: string;
  required: boolean;
}

/** Training roles for a yte account's roles (curriculum.accountRoles), in curriculum order. */
export function trainingRoles(accountRoles: readonly string[], c: Curriculum): string[] {
  const mapped = new Set(accountRoles.map((r) => c.accountRoles[r] ?? (r in c.roles ? r : undefined)).filter((r): r is string => !!r));
  return Object.keys(c.roles).filter((r) => mapped.has(r));
}

/**
 * The union of the roles' paths; an item required by any role is required. A module's post-test is
 * required when any of its lessons is required.
 */
export function pathFor(roles: readonly string[], content: TrainingContent): PathItem[] {
  const { curriculum: c } = content;
  const req = new Set<string>(), opt = new Set<string>();
  for (const r of roles) {
    const p = c.paths[r];
    if (!p) continue;
    p.required.forEach((i) => req.add(i));
    p.optional.forEach((i) => opt.add(i));
  }
  const items: PathItem[] = [];
  for (const m of c.modules) {
    const lessons = m.lessons.filter((l) => req.has(l) || opt.has(l));
    for (const l of lessons) items.push({ id: l, kind: 'lesson', module: m.id, required: req.has(l) });
    if (lessons.length) items.push({ id: `${m.id}:post`, kind: 'post-test', module: m.id, required: lessons.some((l) => req.has(l)) });
  }
  for (const e of c.exercises) if (req.has(e) || opt.has(e)) items.push({ id: e, kind: 'exercise', required: req.has(e) });
  return items;
}

export interface PathProgress {
  requiredTotal: number;
  requiredDone: number;
  optionalDone: number;
  percent: number;
  complete: boolean;
}

/** `done` holds lesson ids read, exercise ids passed and `<module>:post` for post-tests passed. */
export function progressOf(items: readonly PathItem[], done: ReadonlySet<string>): PathProgress {
  const required = items.filter((i) => i.required);
  const requiredDone = required.filter((i) => done.has(i.id)).length;
  const optionalDone = items.filter((i) => !i.required && done.has(i.id)).length;
  return {
    requiredTotal: required.length, requiredDone, optionalDone,
    percent: required.length ? Math.round((100 * requiredDone) / required.length) : 100,
    complete: required.length > 0 && requiredDone === required.length,
  };
}
