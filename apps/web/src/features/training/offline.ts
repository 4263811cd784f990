/**
 * Training through a dropped connection (issue 12, item 8), in the browser only:
 * - a cache in IndexedDB of the learner's path, lessons and opened test attempts (read when the
 *   network fails);
 * - a queue in IndexedDB of what the learner did offline: lesson completions (each with an xAPI
 *   statement id minted once, here, and kept across retries, and the instant she finished) and test
 *   submissions. It is sent when the link returns ('online' event, app start, every 30 s). The
 *   server is idempotent on both (a lesson is done once, the statement id is stable; an attempt is
 *   submitted once, 409 after), so a send whose answer was lost is simply sent again.
 * Items are kept per user: a shared station PC never sends one learner's records under another's
 * session.
 */
import { ApiError, CSRF_HEADERS } from '../../api/client.ts';

const DB_NAME = 'yte-training';
const CACHE = 'cache';
const QUEUE = 'queue';

export type QueuedItem =
  | { id: string; userId: string; kind: 'lesson'; lessonId: string; lang: 'vi' | 'en'; at: string }
  | { id: string; userId: string; kind: 'test'; attemptId: string; answers: Record<string, string[]>; at: string };

let dbp: Promise<IDBDatabase> | null = null;
function open(): Promise<IDBDatabase> {
  dbp ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(CACHE);
      req.result.createObjectStore(QUEUE, { keyPath: 'id' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => { dbp = null; reject(req.error); };
  });
  return dbp;
}

async function run<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const req = fn(tx.objectStore(store));
    tx.oncomplete = () => resolve(req.result as T);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

// ---- the current user (set by the header indicator, inside the auth provider)
let currentUser: string | null = null;
export function setOfflineUser(id: string | null) {
  currentUser = id;
  if (id) void flush();
}

// ---- cache
const key = (k: string) => `${currentUser ?? '-'}:${k}`;
export const cachePut = (k: string, v: unknown) => run<IDBValidKey>(CACHE, 'readwrite', (s) => s.put(v, key(k))).catch(() => undefined);
export const cacheGet = <T>(k: string) => run<T | undefined>(CACHE, 'readonly', (s) => s.get(key(k))).catch(() => undefined);

/** A network failure (no answer at all), as opposed to the server answering with an error. */
export const isNetworkError = (e: unknown) => e instanceof TypeError || (e instanceof ApiError && e.status === 0);

/**
 * Network first, then the offline copy: returns the value and whether it came from the cache.
 * A server error (4xx/5xx) is not hidden behind an old copy.
 */
export async function withCache<T>(k: string, load: () => Promise<T>): Promise<{ value: T; cached: boolean }> {
  try {
    const value = await load();
    void cachePut(k, value);
    return { value, cached: false };
  } catch (e) {
    if (!isNetworkError(e)) throw e;
    const hit = await cacheGet<T>(k);
    if (hit === undefined) throw e;
    return { value: hit, cached: true };
  }
}

// ---- queue
const listeners = new Set<() => void>();
export const onQueueChange = (fn: () => void) => { listeners.add(fn); return () => { listeners.delete(fn); }; };
const changed = () => listeners.forEach((f) => f());

export async function queued(): Promise<QueuedItem[]> {
  const all = await run<QueuedItem[]>(QUEUE, 'readonly', (s) => s.getAll()).catch(() => [] as QueuedItem[]);
  return all.filter((i) => i.userId === currentUser).sort((a, b) => a.at.localeCompare(b.at));
}

async function enqueue(item: QueuedItem) {
  await run(QUEUE, 'readwrite', (s) => s.put(item));
  changed();
}
async function dequeue(id: string) {
  await run(QUEUE, 'readwrite', (s) => s.delete(id));
  changed();
}

async function send(item: QueuedItem): Promise<Response> {
  const init = (method: string, body: unknown): RequestInit => ({ method, credentials: 'same-origin', headers: { ...CSRF_HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (item.kind === 'lesson') return fetch(`/api/training/lessons/${encodeURIComponent(item.lessonId)}/completion`, init('PUT', { lang: item.lang, statementId: item.id, at: item.at }));
  return fetch(`/api/training/attempts/${item.attemptId}/submit`, init('POST', { answers: item.answers }));
}

/**
 * Marks a lesson done: the statement id is minted now and the item queued first, so a page closed
 * mid-request still has it; then one send. Returns whether it reached the server now.
 */
export async function completeLesson(userId: string, lessonId: string, lang: 'vi' | 'en'): Promise<{ sent: boolean; statementId: string }> {
  const item: QueuedItem = { id: crypto.randomUUID(), userId, kind: 'lesson', lessonId, lang, at: new Date().toISOString() };
  await enqueue(item);
  return { sent: await sendOne(item), statementId: item.id };
}

/** Submits a test, or queues the submission when there is no connection. null: queued. */
export async function submitTest<T>(userId: string, attemptId: string, answers: Record<string, string[]>): Promise<T | null> {
  const item: QueuedItem = { id: crypto.randomUUID(), userId, kind: 'test', attemptId, answers, at: new Date().toISOString() };
  let res: Response;
  try {
    res = await send(item);
  } catch {
    await enqueue(item);
    return null;
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.code ?? `HTTP_${res.status}`, data.message ?? res.statusText, data.messageVi ?? data.message ?? res.statusText, data.field, data.details);
  return data as T;
}

/** One send; the item leaves the queue on any answer but a network failure or a 5xx. */
async function sendOne(item: QueuedItem): Promise<boolean> {
  let res: Response;
  try {
    res = await send(item);
  } catch {
    return false;
  }
  if (res.status >= 500 || res.status === 401) return false; // try again later (a 401: after the next login)
  // 2xx: recorded (or already recorded); 4xx: refused for good (e.g. 409 already submitted).
  await dequeue(item.id);
  return true;
}

let flushing: Promise<number> | null = null;
/** Sends every queued item of the current user, oldest first; returns how many remain. */
export function flush(): Promise<number> {
  flushing ??= (async () => {
    try {
      for (const item of await queued()) if (!(await sendOne(item))) break;
      return (await queued()).length;
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

let started = false;
/** Sends the queue when the link returns, and every 30 s while items remain. */
export function startOfflineSync() {
  if (started || typeof window === 'undefined' || !('indexedDB' in window)) return;
  started = true;
  window.addEventListener('online', () => { void flush(); });
  window.addEventListener('offline', changed);
  setInterval(() => { if (navigator.onLine && currentUser) void flush(); }, 30_000);
}
