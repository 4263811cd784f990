import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/harness.ts';

describe('login rate limiting (PGlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('pglite', { config: { loginRateLimitPerMinute: 3 } });
  });
  afterAll(() => t?.close());

  it('answers 429 RATE_LIMITED after the allowed attempts, per account', async () => {
    const attempt = (username: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'guess' } });
    for (let i = 0; i < 3; i++) expect((await attempt('bs.lan')).statusCode).toBe(401);
    const limited = await attempt('bs.lan');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', messageVi: expect.any(String) });
    // Another account from the same address is not locked out by someone else's guesses.
    expect((await attempt('dd.hoa')).statusCode).toBe(401);
  });
});
