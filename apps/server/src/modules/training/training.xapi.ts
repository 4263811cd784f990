/**
 * A training learning event as an xAPI 1.0.3 statement (pure). Verbs come from ADL's vocabulary
 * (http://adlnet.gov/expapi/verbs/…, https://registry.tincanapi.com), activity types from ADL's
 * activity types; the actor is the user's account on the platform (xAPI Data 2.4.2.4: Account
 * Object, homePage = the platform's public URL); activity ids are IRIs under that URL.
 * An exemption has no ADL verb: it gets a platform IRI (Data 2.4.3: a verb id is any IRI).
 */
import type { LearningEvent } from './training.events.ts';

const ADL = 'http://adlnet.gov/expapi';
const ACTIVITY_TYPE: Record<LearningEvent['objectType'], string> = {
  lesson: `${ADL}/activities/lesson`,
  'pre-test': `${ADL}/activities/assessment`,
  'post-test': `${ADL}/activities/assessment`,
  exercise: `${ADL}/activities/simulation`,
  path: `${ADL}/activities/course`,
  refresher: `${ADL}/activities/lesson`,
};
const OBJECT_NAME: Record<LearningEvent['objectType'], [string, string]> = {
  lesson: ['Lesson', 'Bài học'], 'pre-test': ['Pre-test', 'Bài kiểm tra đầu vào'], 'post-test': ['Post-test', 'Bài kiểm tra cuối'],
  exercise: ['Exercise', 'Bài thực hành'], path: ['Role path', 'Lộ trình theo vai trò'], refresher: ['Refresher (new tool version)', 'Bài ôn tập (phiên bản công cụ mới)'],
};

/** The ADL verb for an event: a lesson is experienced, a pre-test answered, the rest as recorded. */
export function verbOf(e: Pick<LearningEvent, 'verb' | 'objectType'>, baseUrl: string): { id: string; display: Record<string, string> } {
  const name = e.verb === 'completed' && e.objectType === 'lesson' ? 'experienced'
    : e.verb === 'completed' && e.objectType === 'pre-test' ? 'answered' : e.verb;
  const id = name === 'exempted' ? `${baseUrl}/xapi/verbs/exempted` : `${ADL}/verbs/${name}`;
  return { id, display: { 'en-US': name } };
}

export const activityIri = (baseUrl: string, objectType: string, objectId: string) =>
  `${baseUrl}/training/${objectType}/${encodeURIComponent(objectId)}`;

export function toStatement(baseUrl: string, who: { username: string; fullName: string }, e: LearningEvent, statementId?: string): Record<string, unknown> {
  const r = e.result ?? {};
  const score = typeof r.score === 'number' && r.score >= 0 && r.score <= 1 ? r.score : null;
  const result: Record<string, unknown> = {};
  if (score !== null) result.score = { scaled: score };
  if (e.verb === 'passed' || e.verb === 'failed') result.success = e.verb === 'passed';
  if (e.verb === 'completed' || e.verb === 'passed') result.completion = true;
  if (e.result) result.extensions = { [`${baseUrl}/xapi/extensions/training-result`]: e.result };
  const [en, vi] = OBJECT_NAME[e.objectType];
  return {
    ...(statementId ? { id: statementId } : {}),
    actor: { objectType: 'Agent', name: who.fullName, account: { homePage: baseUrl, name: who.username } },
    verb: verbOf(e, baseUrl),
    object: {
      objectType: 'Activity', id: activityIri(baseUrl, e.objectType, e.objectId),
      definition: { type: ACTIVITY_TYPE[e.objectType], name: { 'en-US': `${en} ${e.objectId}`, 'vi-VN': `${vi} ${e.objectId}` } },
    },
    ...(Object.keys(result).length ? { result } : {}),
    context: { platform: 'yte', language: 'vi-VN' },
    timestamp: e.at.toISOString(),
  };
}
