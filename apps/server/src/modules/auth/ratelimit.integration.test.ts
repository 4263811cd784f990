import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { LoginLimiter } from './login-limiter.ts';

describe.each(ENGINES)('login rate limiting on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(engine, { config: { loginRateLimitPerMinute: 3, loginAddressRateLimitPerMinute: 5 } });
  });
  afterAll(() => t?.close());

  const attempt = (username: string, password = 'guess', remoteAddress = '127.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

  it('successful logins do not count against the user', async () => {
    for (let i = 0; i < 6; i++) expect((await attempt('qt.mai', 'yte-demo', '10.0.0.9')).statusCode).toBe(200);
  });

  it('limits failures per address and account, then per address across accounts (password spraying)', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('bs.lan')).statusCode).toBe(401);
    const limited = await attempt('bs.lan', 'yte-demo'); // even the right password waits
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', messageVi: expect.any(String) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same address is not locked out by someone else's guesses…
    expect((await attempt('dd.hoa')).statusCode).toBe(401);
    expect((await attempt('bs.minh')).statusCode).toBe(401);
    // …until the address has failed 5 times across accounts: one password sprayed is stopped.
    expect((await attempt('ql.hung', 'yte-demo')).statusCode).toBe(429);
    expect((await attempt('yt.tuan')).statusCode).toBe(429);
    // Other addresses are not affected (no lock-out of a colleague from elsewhere).
    expect((await attempt('bs.lan', 'yte-demo', '10.0.0.2')).statusCode).toBe(200);
  });
});

describe('LoginLimiter', () => {
  it('reserves before the password check, so a parallel burst cannot outrun the count; a window later it is open again', () => {
    const sut = new LoginLimiter({ perAccount: 2, perAddress: 10, windowMs: 60_000 });
    const burst = [0, 1, 2, 3].map(() => sut.reserve('1.2.3.4', 'Bs.Lan ', 1000));
    expect(burst.map((r) => r.ok)).toEqual([true, true, false, false]);
    expect(sut.reserve('1.2.3.4', 'bs.lan', 60_999).ok).toBe(false);
    expect(sut.reserve('1.2.3.4', 'bs.lan', 61_000).ok).toBe(true);
  });

  it('a released (successful) attempt frees its slot once only', () => {
    const sut = new LoginLimiter({ perAccount: 1, perAddress: 10 });
    const a = sut.reserve('ip', 'u', 0);
    if (!a.ok) throw new Error('first attempt refused');
    a.release();
    a.release();
    expect(sut.reserve('ip', 'u', 1).ok).toBe(true);
    expect(sut.reserve('ip', 'u', 2).ok).toBe(false);
  });
});
