/** Typed fetch wrapper: JSON in/out, the session cookie, and errors that carry the server's code/field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageVi: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
  /** The message in the UI language. */
  text(lang: 'vi' | 'en') {
    return lang === 'vi' ? this.messageVi || this.message : this.message;
  }
}

/**
 * Sent on every call: the server refuses state-changing requests on the session cookie that a
 * plain cross-site form could forge (no JSON body, no custom header) with 403 CSRF_REJECTED.
 */
export const CSRF_HEADERS = { 'x-requested-with': 'yte' } as const;

type Query = Record<string, string | number | boolean | undefined | null>;

function url(path: string, query?: Query) {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Listeners told when any call answers 401 (the session ended). */
const unauthorizedListeners = new Set<() => void>();
export const onUnauthorized = (fn: () => void) => {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
};

export async function api<T>(method: string, path: string, opts: { body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(url(path, opts.query), {
    method,
    credentials: 'same-origin',
    headers: { ...CSRF_HEADERS, ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    signal: opts.signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && !path.endsWith('/auth/login')) unauthorizedListeners.forEach((f) => f());
    const e = (data ?? {}) as { code?: string; message?: string; messageVi?: string; field?: string; details?: unknown };
    throw new ApiError(res.status, e.code ?? 'HTTP_' + res.status, e.message ?? res.statusText, e.messageVi ?? e.message ?? res.statusText, e.field, e.details);
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) => api<T>('GET', path, { query, signal });
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, { body: body ?? {} });
