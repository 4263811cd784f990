/**
 * Seams for the other parts of the programme.
 * - recordLearningEvent: every learning event, written in the caller's transaction to training_event.
 *   The xAPI LRS (issue 12 item 4, another branch) turns these rows into xAPI 1.0.3 statements
 *   (verb → an ADL verb IRI, objectType/objectId → an activity id under the platform's IRI).
 * - onPathCompleted: listeners called after a learner's role path becomes complete (the Open Badges
 *   issuer, item 5, registers here). Listener errors are logged by the caller, never undo the event.
 */
import type { Queryable } from '../../db/db.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { type BadgeConfig, publicBaseUrl } from '../badges/badges.service.ts';
import { recordStatementsTx } from '../xapi/xapi.service.ts';
import { toStatement } from './training.xapi.ts';

/**
 * Where learning records go: the server's public URL (actor homePage, activity IRIs) and the badge
 * issuer's configuration. Set once when the training routes are registered; until then (unit use
 * of the service without a server) events are kept in training_event only.
 */
let recordsConfig: BadgeConfig | null = null;
export function configureLearningRecords(config: BadgeConfig): void { recordsConfig = config; }
export const learningRecordsConfig = (): BadgeConfig | null => recordsConfig;

export type LearningVerb = 'completed' | 'attempted' | 'passed' | 'failed' | 'exempted';

export interface LearningEvent {
  userId: string;
  verb: LearningVerb;
  objectType: 'lesson' | 'pre-test' | 'post-test' | 'exercise' | 'path' | 'refresher';
  objectId: string;
  result?: Record<string, unknown>;
  at: Date;
  /** The statement id when the learner's browser minted it (an offline queue): stable across retries. */
  id?: string;
}

export async function recordLearningEvent(q: Queryable, e: LearningEvent): Promise<string> {
  const id = e.id ?? uuidv7(e.at.getTime());
  await q.query('INSERT INTO training_event (id, user_id, verb, object_type, object_id, result, at) VALUES ($1,$2,$3,$4,$5,$6,$7)',
    [id, e.userId, e.verb, e.objectType, e.objectId, e.result ? JSON.stringify(e.result) : null, e.at.toISOString()]);
  if (recordsConfig) {
    // The same event as an xAPI 1.0.3 statement (same id), stored by the LRS in this transaction,
    // under the learner's first facility (the LRS is facility-scoped).
    const [u] = await q.query<{ username: string; full_name: string; facility_id: string | null }>(
      `SELECT u.username, u.full_name, (SELECT facility_id FROM user_facility f WHERE f.user_id = u.id ORDER BY facility_id LIMIT 1) AS facility_id
         FROM app_user u WHERE u.id = $1`, [e.userId]);
    if (u?.facility_id) {
      await recordStatementsTx(q, u.facility_id, [toStatement(publicBaseUrl(recordsConfig), { username: u.username, fullName: u.full_name }, e, id)], e.at);
    }
  }
  return id;
}

export interface PathCompleted {
  userId: string;
  roles: string[];
  items: string[];
  completedAt: Date;
  curriculumVersion: string;
}
type Listener = (e: PathCompleted) => Promise<void> | void;
const listeners: Listener[] = [];

/** Registers a listener; returns a function that removes it. */
export function onPathCompleted(fn: Listener): () => void {
  listeners.push(fn);
  return () => { const i = listeners.indexOf(fn); if (i >= 0) listeners.splice(i, 1); };
}

export async function emitPathCompleted(e: PathCompleted, log: (err: unknown) => void): Promise<void> {
  for (const fn of [...listeners]) {
    try { await fn(e); } catch (err) { log(err); }
  }
}
