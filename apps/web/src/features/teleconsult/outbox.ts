/**
 * Store-and-forward at the station: a consult request that cannot be sent (no link) is kept in the
 * browser and sent again when the link is back. Each request carries its own clientRef, so a resend
 * after a lost answer is the same consult on the server (idempotent), never a duplicate.
 */
import { ApiError, post } from '../../api/client.ts';

const KEY = 'yte.teleconsult.outbox';

export interface Queued { clientRef: string; body: Record<string, unknown>; queuedAt: string; patientId: string }

export const readOutbox = (): Queued[] => {
  try { return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Queued[]; } catch { return []; }
};
const write = (q: Queued[]) => localStorage.setItem(KEY, JSON.stringify(q));

export const newClientRef = () => `tc-${crypto.randomUUID()}`;

/** Sends now, or queues when the network (not the server) refused. Returns the consult or 'queued'. */
export async function sendOrQueue<T>(body: Record<string, unknown> & { patientId: string }): Promise<T | 'queued'> {
  const clientRef = (body.clientRef as string | undefined) ?? newClientRef();
  const withRef = { ...body, clientRef };
  try {
    return await post<T>('/api/teleconsults', withRef);
  } catch (e) {
    if (e instanceof ApiError) throw e; // the server answered: a real error, shown to the user
    write([...readOutbox().filter((q) => q.clientRef !== clientRef), { clientRef, body: withRef, queuedAt: new Date().toISOString(), patientId: body.patientId }]);
    return 'queued';
  }
}

/** Sends what is queued; keeps what still cannot go. Refused requests (4xx) are dropped from the queue and returned. */
export async function flushOutbox(): Promise<{ sent: number; refused: Array<{ q: Queued; error: ApiError }> }> {
  const refused: Array<{ q: Queued; error: ApiError }> = [];
  let sent = 0;
  const keep: Queued[] = [];
  for (const q of readOutbox()) {
    try {
      await post('/api/teleconsults', q.body);
      sent++;
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) refused.push({ q, error: e });
      else keep.push(q);
    }
  }
  write(keep);
  return { sent, refused };
}

let started = false;
/** Flush when the browser says the link is back, and every 30 s while something waits. */
export function startOutbox(onChange: () => void) {
  if (started) return;
  started = true;
  const go = () => { if (readOutbox().length) void flushOutbox().then(onChange, () => undefined); };
  window.addEventListener('online', go);
  setInterval(go, 30_000);
  go();
}
