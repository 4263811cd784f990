/** Sealing of the badge signing keys: round trip, bound to the key id, refused under another KEK; the KEK file. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSecret, resolveKek, sealSecret } from './badges.keystore.ts';

describe('badge keystore', () => {
  const secret = 'z3u2en7t5LR2WtQH5PfsRHUWf2Wb2bA5cVwTc3gmy3TPT';
  it('round-trips, never stores the plaintext, and binds the key id', () => {
    const kek = resolveKek({ dataDir: '', badgeKeySecret: 'correct horse' });
    const sealed = sealSecret(kek, secret, 'key-1');
    expect(sealed).not.toContain(secret);
    expect(openSecret(kek, sealed, 'key-1')).toBe(secret);
    expect(() => openSecret(kek, sealed, 'key-2')).toThrow(/cannot be decrypted/);
    expect(() => openSecret(resolveKek({ dataDir: '', badgeKeySecret: 'battery staple' }), sealed, 'key-1')).toThrow(/cannot be decrypted/);
  });
  it('without a secret, the KEK is a 0600 file in the data directory, stable across calls', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yte-kek-'));
    try {
      const a = resolveKek({ dataDir: dir, badgeKeySecret: null });
      expect(a.length).toBe(32);
      expect(statSync(join(dir, 'badge-kek')).mode & 0o777).toBe(0o600);
      expect(resolveKek({ dataDir: dir, badgeKeySecret: null }).equals(a)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
