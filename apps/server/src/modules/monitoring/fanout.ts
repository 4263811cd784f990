/**
 * Alert fan-out across server replicas on one PostgreSQL: PostgreSQL LISTEN/NOTIFY (chosen over
 * NATS JetStream because every replica already holds the database, so no other service has to run
 * and be watched at a province; NOTIFY is delivered only after the publishing transaction commits
 * and to every listening session — PostgreSQL 15 docs, SQL command NOTIFY). Delivery is
 * at-most-once: a replica whose LISTEN connection is down misses events until it reconnects, and
 * the SSE client still sees them on its next list (GET /api/alerts) — the stream is a push hint,
 * the alert table stays the record. PGlite (a single process) needs none of this.
 */
import type { Db } from '../../db/db.ts';
import type { AlertHub } from './hub.ts';

/** NOTIFY payloads must be shorter than 8000 bytes (PostgreSQL 15 docs, NOTIFY). */
export const MAX_NOTIFY_BYTES = 7900;

/** The channel: one per database schema, so test schemas on one database never cross-talk. */
export const channelFor = (scope: string) => `yte_alerts${scope ? `_${scope.replace(/[^a-z0-9_]/gi, '').toLowerCase()}` : ''}`.slice(0, 63);

export async function startPgFanout(db: Db, hub: AlertHub, log: { warn: (o: object, m: string) => void }): Promise<(() => Promise<void>) | null> {
  if (!db.listen) return null;
  const channel = channelFor(db.scope ?? '');
  const stop = await db.listen(channel, (payload) => hub.receive(payload), (err) => log.warn({ err }, 'alert fan-out: LISTEN connection lost; reconnecting'));
  hub.attachTransport((wire) => {
    let body = wire;
    if (Buffer.byteLength(body) > MAX_NOTIFY_BYTES) {
      // Too large for NOTIFY: the other replicas get the event's type and alert id only.
      const m = JSON.parse(wire) as { o: string; e: { type: string; facilityId: string; data: { id?: unknown } } };
      body = JSON.stringify({ o: m.o, e: { type: m.e.type, facilityId: m.e.facilityId, data: { id: m.e.data?.id ?? null, truncated: true } } });
    }
    db.query('SELECT pg_notify($1, $2)', [channel, body]).catch((err: Error) => log.warn({ err }, 'alert fan-out: NOTIFY failed'));
  });
  return async () => {
    hub.attachTransport(null);
    await stop();
  };
}
