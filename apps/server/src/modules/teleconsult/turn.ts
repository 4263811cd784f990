/**
 * Time-limited TURN credentials (the "TURN REST API": draft-uberti-behave-turn-rest-00, 2013, §2.2,
 * as implemented by coturn's `use-auth-secret` + `static-auth-secret`): username = "<unix expiry>:<user id>",
 * password = base64(HMAC-SHA1(secret, username)). coturn recomputes the HMAC and refuses an expired
 * username, so the browser never holds a long-lived secret.
 */
import { createHmac } from 'node:crypto';
import type { TurnConfig } from '../../config.ts';

export interface IceServer { urls: string[]; username: string; credential: string }

export function turnCredential(secret: string, userId: string, expiryUnix: number) {
  const username = `${expiryUnix}:${userId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

export function iceServersFor(cfg: TurnConfig | null | undefined, userId: string, now: Date): { iceServers: IceServer[]; expiresAt: string | null } {
  if (!cfg) return { iceServers: [], expiresAt: null };
  const expiry = Math.floor(now.getTime() / 1000) + cfg.ttlSeconds;
  return { iceServers: [{ urls: cfg.urls, ...turnCredential(cfg.secret, userId, expiry) }], expiresAt: new Date(expiry * 1000).toISOString() };
}
