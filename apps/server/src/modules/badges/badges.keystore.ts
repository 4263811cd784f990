/**
 * Encryption at rest of the facilities' badge signing keys: AES-256-GCM under a key-encryption key
 * (KEK) that never sits in the database, so a database dump or backup alone cannot forge badges.
 * The KEK is derived from YTE_BADGE_KEY_SECRET when set (a hospital's secret store), otherwise it
 * is 32 random bytes in <dataDir>/badge-kek (mode 0600), created on first use; with no data
 * directory (tests) it lives only in memory.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';

const kekCache = new Map<string, Buffer>();

export function resolveKek(config: Pick<Config, 'dataDir' | 'badgeKeySecret'>): Buffer {
  if (config.badgeKeySecret) return createHash('sha256').update(`yte badge kek v1\0${config.badgeKeySecret}`).digest();
  const cacheKey = config.dataDir || '(memory)';
  const hit = kekCache.get(cacheKey);
  if (hit) return hit;
  let kek: Buffer;
  if (!config.dataDir) {
    kek = randomBytes(32);
  } else {
    const file = join(config.dataDir, 'badge-kek');
    if (!existsSync(file)) {
      mkdirSync(config.dataDir, { recursive: true });
      try {
        writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    kek = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (kek.length !== 32) throw new AppError(500, 'BADGE_KEK_INVALID', `${file} must hold 32 bytes in base64`, `${file} phải chứa 32 byte dạng base64`);
  }
  kekCache.set(cacheKey, kek);
  return kek;
}

/** v1.<iv>.<tag>.<ciphertext>, base64url; the key id is bound as associated data. */
export function sealSecret(kek: Buffer, plaintext: string, keyId: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kek, iv);
  c.setAAD(Buffer.from(keyId));
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openSecret(kek: Buffer, sealed: string, keyId: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new AppError(500, 'BADGE_KEY_SEALED_FORMAT', 'Unknown sealed key format', 'Định dạng khoá mã hoá không xác định');
  try {
    const d = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(keyId));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
  } catch {
    throw new AppError(500, 'BADGE_KEK_MISMATCH', 'The badge signing key cannot be decrypted: the key-encryption key (YTE_BADGE_KEY_SECRET or <data>/badge-kek) is not the one it was sealed with', 'Không giải mã được khoá ký chứng chỉ: khoá mã hoá khoá (YTE_BADGE_KEY_SECRET hoặc <data>/badge-kek) không khớp');
  }
}
