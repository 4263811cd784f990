/**
 * Cross-site request forgery guard for cookie-authenticated requests.
 *
 * SameSite=Lax keeps the session cookie off cross-*site* requests only; another port on the same
 * host, or a box on the station LAN when HOST=0.0.0.0, is the same site and gets the cookie. So
 * every state-changing request that carries the session cookie (and login itself, against login
 * CSRF) must pass two checks (OWASP CSRF Prevention Cheat Sheet: "Verifying Origin with standard
 * headers", "Fetch Metadata headers" and "Employing custom request headers for AJAX/API"):
 *
 *  1. Where the browser says where the request comes from (Origin, else Sec-Fetch-Site), it is the
 *     server's own origin (the Host it was asked for) or a configured public origin.
 *  2. The request is one a plain HTML form cannot send: a non-"simple" content type (JSON, DICOM,
 *     NDJSON…) or the custom header X-Requested-With, which cross-origin pages can only add after a
 *     CORS preflight that this server never grants. This covers body-less POSTs and multipart
 *     uploads, and old browsers that send no Origin.
 *
 * Requests without the session cookie (device keys, scripts, future bearer tokens) are not
 * cookie-authenticated, so a forged request gains nothing from them and they pass unchanged.
 */
import { AppError } from './errors.ts';

export const CSRF_HEADER = 'x-requested-with';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The content types a cross-origin form or no-cors fetch may send without a preflight (Fetch standard, "CORS-safelisted request-header"). */
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

export interface CsrfRequest {
  method: string;
  /** Path without the query. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  hasSessionCookie: boolean;
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: 'foreign_origin' | 'cross_site_fetch' | 'simple_request'; detail: string };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** An http(s) origin parsed, or null when it is not one (e.g. "null" from a sandboxed page). */
function parseOrigin(origin: string): URL | null {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** Is the origin this server as the browser addressed it (its Host header, default port normalised)? */
function isOwnOrigin(o: URL, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(`${o.protocol}//${host}`).host === o.host;
  } catch {
    return false;
  }
}

/** Pure: may this request change state on the strength of the session cookie? */
export function checkCsrf(req: CsrfRequest, allowedOrigins: readonly string[]): CsrfVerdict {
  const method = req.method.toUpperCase();
  if (!UNSAFE.has(method)) return { ok: true };
  const isLogin = req.path === '/api/auth/login';
  if (!req.hasSessionCookie && !isLogin) return { ok: true };

  const origin = first(req.headers.origin);
  const fetchSite = first(req.headers['sec-fetch-site']);
  if (origin !== undefined) {
    const o = parseOrigin(origin);
    const allowed = o !== null && (isOwnOrigin(o, first(req.headers.host)) || allowedOrigins.includes(o.origin));
    if (!allowed) return { ok: false, reason: 'foreign_origin', detail: origin.slice(0, 200) };
  } else if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    // 'same-site' is exactly the gap SameSite=Lax leaves open (another port, a LAN neighbour).
    return { ok: false, reason: 'cross_site_fetch', detail: fetchSite.slice(0, 50) };
  }

  const custom = first(req.headers[CSRF_HEADER]);
  const type = first(req.headers['content-type'])?.split(';')[0]?.trim().toLowerCase();
  if (!custom && (type === undefined || type === '' || SIMPLE_TYPES.has(type))) {
    return { ok: false, reason: 'simple_request', detail: type || 'no content type' };
  }
  return { ok: true };
}

export const csrfRejected = (v: Extract<CsrfVerdict, { ok: false }>) =>
  new AppError(
    403,
    'CSRF_REJECTED',
    v.reason === 'simple_request'
      ? `Cross-site request refused: send JSON or the ${CSRF_HEADER} header with a session (${v.detail})`
      : `Cross-site request refused: ${v.reason === 'foreign_origin' ? `origin ${v.detail}` : `Sec-Fetch-Site ${v.detail}`} is not this server`,
    'Yêu cầu từ trang khác bị từ chối (chống giả mạo yêu cầu liên trang)',
    undefined,
    { reason: v.reason },
  );
