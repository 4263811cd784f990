/**
 * Login throttling that counts failures only (OWASP Authentication Cheat Sheet, "Protect against
 * automated attacks"; OWASP ASVS 4.0 V2.2.1): a fixed one-minute window per address and account
 * (one account's password guessed) and per address across accounts (one password sprayed over
 * many accounts). An attempt reserves a slot in both counters before the password is checked, so
 * a burst of parallel guesses cannot outrun the count; a successful login gives its slot back.
 * Per address only, never per account alone, so nobody can lock a colleague out from elsewhere.
 */
export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  windowMs?: number;
}

interface Window {
  n: number;
  resetAt: number;
}

export type Reservation = { ok: true; release: () => void } | { ok: false; retryAfterS: number };

const MAX_KEYS = 50_000;

export class LoginLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;

  constructor(private readonly limits: LoginLimits) {
    this.windowMs = limits.windowMs ?? 60_000;
  }

  private window(key: string, now: number): Window {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { n: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Reserves an attempt for this address and username, or says how long to wait. */
  reserve(address: string, username: string, now: number): Reservation {
    if (this.windows.size > MAX_KEYS) this.prune(now);
    const byAddress = this.window(`a|${address}`, now);
    const byAccount = this.window(`u|${address}|${username.trim().toLowerCase()}`, now);
    const full = [byAddress.n >= this.limits.perAddress ? byAddress : null, byAccount.n >= this.limits.perAccount ? byAccount : null].filter((w): w is Window => w !== null);
    if (full.length) return { ok: false, retryAfterS: Math.max(1, Math.ceil((Math.max(...full.map((w) => w.resetAt)) - now) / 1000)) };
    byAddress.n++;
    byAccount.n++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        byAddress.n = Math.max(0, byAddress.n - 1);
        byAccount.n = Math.max(0, byAccount.n - 1);
      },
    };
  }

  private prune(now: number) {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}
