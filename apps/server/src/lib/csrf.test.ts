import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { checkCsrf, type CsrfRequest } from './csrf.ts';

const req = (over: Partial<CsrfRequest> & { headers?: CsrfRequest['headers'] } = {}): CsrfRequest => ({
  method: 'POST', path: '/api/alerts/1/ack', hasSessionCookie: true, ...over,
  headers: { host: '192.168.1.10:3000', ...over.headers },
});

describe('checkCsrf', () => {
  it.each([
    ['SPA fetch: own origin, JSON', { origin: 'http://192.168.1.10:3000', 'content-type': 'application/json' }, true],
    ['SPA upload: own origin, multipart + custom header', { origin: 'http://192.168.1.10:3000', 'content-type': 'multipart/form-data; boundary=x', 'x-requested-with': 'yte' }, true],
    ['another port on the same host (same site)', { origin: 'http://192.168.1.10:8080', 'content-type': 'application/json' }, false],
    ['a LAN neighbour', { origin: 'http://192.168.1.23', 'content-type': 'application/json' }, false],
    ['sandboxed page: Origin null', { origin: 'null', 'content-type': 'application/json' }, false],
    ['no Origin, Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }, false],
    ['no Origin, Sec-Fetch-Site same-origin, JSON', { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, true],
    ['own origin but a form body (text/plain)', { origin: 'http://192.168.1.10:3000', 'content-type': 'text/plain;charset=UTF-8' }, false],
    ['own origin, urlencoded form', { origin: 'http://192.168.1.10:3000', 'content-type': 'application/x-www-form-urlencoded' }, false],
    ['old browser: nothing but the cookie', {}, false],
    ['a script: no Origin, JSON', { 'content-type': 'application/json' }, true],
  ] as const)('%s → %s', (_name, headers, ok) => expect(checkCsrf(req({ headers }), []).ok).toBe(ok));

  it('the default port is the same origin whether the Host names it or not', () => {
    expect(checkCsrf(req({ headers: { host: 'yte.local:80', origin: 'http://yte.local', 'content-type': 'application/json' } }), []).ok).toBe(true);
    expect(checkCsrf(req({ headers: { host: 'yte.local', origin: 'https://yte.local:443', 'content-type': 'application/json' } }), []).ok).toBe(true);
  });

  it('a configured public origin passes (behind a proxy that rewrites Host)', () => {
    const r = req({ headers: { host: '127.0.0.1:3000', origin: 'https://yte.benhvien.example', 'content-type': 'application/json' } });
    expect(checkCsrf(r, []).ok).toBe(false);
    expect(checkCsrf(r, ['https://yte.benhvien.example']).ok).toBe(true);
  });

  it('safe methods and cookie-less requests pass; login is checked without a cookie', () => {
    expect(checkCsrf(req({ method: 'GET', headers: { origin: 'http://evil.example' } }), []).ok).toBe(true);
    expect(checkCsrf(req({ hasSessionCookie: false, headers: { origin: 'http://evil.example' } }), []).ok).toBe(true);
    expect(checkCsrf(req({ hasSessionCookie: false, path: '/api/auth/login', headers: { origin: 'http://evil.example', 'content-type': 'application/json' } }), []).ok).toBe(false);
  });
});

describe('YTE_PUBLIC_ORIGIN', () => {
  it('is a list of origins, normalised; a path or another scheme is a config error', () => {
    expect(loadConfig({ YTE_PUBLIC_ORIGIN: 'https://yte.benhvien.example, http://10.0.0.5:3000/' }, '/r').publicOrigins).toEqual(['https://yte.benhvien.example', 'http://10.0.0.5:3000']);
    expect(loadConfig({}, '/r').publicOrigins).toEqual([]);
    expect(() => loadConfig({ YTE_PUBLIC_ORIGIN: 'https://yte.example/app' }, '/r')).toThrow(ConfigError);
    expect(() => loadConfig({ YTE_PUBLIC_ORIGIN: 'yte.example' }, '/r')).toThrow(ConfigError);
  });
});
