/**
 * Learning records made offline (issue 12, item 8). The browser queues a lesson completion with a
 * statement id it minted once (a UUID kept in IndexedDB with the queued item) and the instant the
 * learner finished; it sends it again after every dropped connection until an answer arrives. The
 * completion is idempotent (a lesson is done once) and the xAPI statement carries that id, so a
 * retried or doubled send never stores a second statement (xAPI 1.0.3 Communication 2.1.2: the
 * same id with the same content is accepted without storing; different content is 409).
 */
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.ts';
import { actorOf, errors, requireSession, type RoutePlugin, StringEnum } from '../../lib/http.ts';
import { completeLesson } from './training.service.ts';

/** How old a queued completion may be: a station offline for a month still gets its records in. */
export const MAX_OFFLINE_AGE_DAYS = 30;
/** Station PC clocks drift: a finish time up to this far ahead of the server is taken as now. */
const CLOCK_SKEW_MS = 10 * 60_000;

export const trainingOfflineRoutes: RoutePlugin = async (app) => {
  const log = (err: unknown) => app.log.error({ err }, 'onPathCompleted listener failed');
  app.put('/lessons/:id/completion', {
    preHandler: requireSession,
    schema: {
      tags: ['training'],
      description: 'Records a lesson completion that may have been queued offline: statementId is the xAPI statement id the browser minted (kept across retries), at when the learner finished (at most 30 days ago; a little ahead of the server clock counts as now). Idempotent: recorded is false when the lesson was already done, and no second statement is stored.',
      params: Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,80}$' }) }),
      body: Type.Object({
        lang: StringEnum(['vi', 'en']),
        statementId: Type.String({ format: 'uuid' }),
        at: Type.String({ format: 'date-time' }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.String(), done: Type.Boolean(), recorded: Type.Boolean(), statementId: Type.String() }), ...errors(400, 401, 404, 409) },
    },
  }, async (req) => {
    const now = new Date();
    let at = new Date(req.body.at);
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw new AppError(400, 'OFFLINE_TIME_FUTURE', 'The completion time is ahead of the server clock: check the device clock', 'Thời điểm hoàn thành vượt quá giờ máy chủ: hãy kiểm tra đồng hồ của máy', 'at');
    }
    if (at > now) at = now;
    if (now.getTime() - at.getTime() > MAX_OFFLINE_AGE_DAYS * 86_400_000) {
      throw new AppError(400, 'OFFLINE_TOO_OLD', `A queued completion older than ${MAX_OFFLINE_AGE_DAYS} days is not accepted`, `Không nhận bản ghi chờ gửi quá ${MAX_OFFLINE_AGE_DAYS} ngày`, 'at');
    }
    const statementId = req.body.statementId.toLowerCase();
    const r = await completeLesson(app.db, actorOf(req), req.params.id, req.body.lang, now, log, { statementId, at });
    return { ...r, statementId };
  });
};
