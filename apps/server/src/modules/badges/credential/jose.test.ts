/**
 * The VC-JWT form of a badge (VC-JOSE-COSE, EdDSA): `jose` (an independent JOSE library) accepts
 * what we sign; our verifier rejects every changed byte, a wrong header, a foreign key, and applies
 * the same revocation and period checks as the Data Integrity form.
 */
import { createPrivateKey, sign } from 'node:crypto';
import fc from 'fast-check';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildBadge, emptyEncodedList, envelope, issueBadge, keyFromSeed, publicJwkOfDidKey, setBits, signCredentialJwt, signStatusList, verifyBadge, type BadgeInput } from './index.ts';

const seed = (n: number) => new Uint8Array(32).fill(n);
const NOW = new Date('2026-11-01T08:00:00Z');
const LIST = 'https://yte.example/api/badges/status/k1';
const input = (over: Partial<BadgeInput> = {}): BadgeInput => ({
  id: 'urn:uuid:01932c4e-0000-7000-8000-000000000001',
  issuer: { name: 'Trạm Y tế xã Phúc Xuân' },
  achievement: { id: 'urn:yte:training:path:station_staff', name: 'Nhân viên trạm y tế: AI thiết yếu', description: 'Lộ trình đào tạo AI cho nhân viên trạm y tế xã', criteria: 'Đạt bài kiểm tra sau (≥ 80 %).', inLanguage: 'vi' },
  learner: { id: 'urn:uuid:01932c4e-0000-7000-8000-0000000000aa', name: 'Nguyễn Thị Hoa' },
  now: NOW,
  status: { listUrl: LIST, index: 4242 },
  ...over,
});
const b64u = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

describe('badge as VC-JWT (EdDSA)', async () => {
  const key = await keyFromSeed(seed(7));
  const list = await signStatusList({ listUrl: LIST, encodedList: await emptyEncodedList(), key, issuerName: 'x', now: NOW });
  const di = await issueBadge(input(), key);
  const jwt = signCredentialJwt(di, key);

  it('the independent `jose` library verifies the JWS with the did:key public key', async () => {
    const jwk = publicJwkOfDidKey(key.did);
    const { payload, protectedHeader } = await compactVerify(jwt, await importJWK(jwk, 'EdDSA'));
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: key.verificationMethod });
    const c = JSON.parse(new TextDecoder().decode(payload));
    expect(c.proof).toBeUndefined();
    expect(c).toEqual(buildBadge(input(), key.did));
    // And the key `jose` derives is the one in the did:key (32 raw bytes after the 0xed01 header).
    expect(Buffer.from(jwk.x, 'base64url')).toHaveLength(32);
    expect(decodeProtectedHeader(jwt).kid).toBe(key.verificationMethod);
  });

  it('verifies offline as the compact token and as an EnvelopedVerifiableCredential', async () => {
    for (const form of [jwt, envelope(jwt), `  ${jwt}\n`]) {
      const r = await verifyBadge(form, { now: NOW, statusLists: [list] });
      expect(r).toMatchObject({ valid: true, reason: 'valid', form: 'vc-jwt', statusChecked: true, subject: { name: 'Nguyễn Thị Hoa' }, issuer: { id: key.did } });
    }
  });

  it('is deterministic (Ed25519): the same credential and key give the same token', () => {
    expect(signCredentialJwt(di, key)).toBe(jwt);
  });

  it('revoked, expired, not yet valid: the same checks as the Data Integrity form', async () => {
    const revoked = await signStatusList({ listUrl: LIST, encodedList: await setBits(await emptyEncodedList(), [4242]), key, issuerName: 'x', now: NOW });
    expect((await verifyBadge(jwt, { now: NOW, statusLists: [revoked] })).reason).toBe('revoked');
    const forged = await signStatusList({ listUrl: LIST, encodedList: await emptyEncodedList(), key: await keyFromSeed(seed(9)), issuerName: 'x', now: NOW });
    expect((await verifyBadge(jwt, { now: NOW, statusLists: [forged] })).reason).toBe('status list invalid');
    expect(await verifyBadge(jwt, { now: NOW })).toMatchObject({ valid: true, statusChecked: false });
    const limited = signCredentialJwt(await issueBadge(input({ validUntil: new Date('2027-11-01T00:00:00Z') }), key), key);
    expect((await verifyBadge(limited, { now: new Date('2027-11-02T00:00:00Z'), statusLists: [list] })).reason).toBe('expired');
    expect((await verifyBadge(limited, { now: new Date('2026-10-01T00:00:00Z'), statusLists: [list] })).reason).toBe('not yet valid');
  });

  it('property: any one byte of the token changed → never "valid"', async () => {
    const bytes = Buffer.from(jwt, 'ascii');
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ xor;
      const r = await verifyBadge(changed.toString('latin1'), { now: NOW, statusLists: [list] });
      seen.add(r.reason);
      expect(r.valid, `byte ${at} ^ ${xor}: ${r.reason} ${r.detail}`).toBe(false);
    }), { numRuns: 300, seed: 12 });
    expect(seen.has('signature invalid')).toBe(true);
  });

  it('every single base64url character swapped, in every position of the signature: never valid (no stray-bit malleability)', async () => {
    const [h, p, s] = jwt.split('.') as [string, string, string];
    for (let i = 0; i < s.length; i++) {
      for (const c of ['A', 'B', 'Q', 'R', 'g', 'h', 'w', '_']) {
        if (s[i] === c) continue;
        const t = `${h}.${p}.${s.slice(0, i)}${c}${s.slice(i + 1)}`;
        expect((await verifyBadge(t, { now: NOW })).valid, `sig char ${i} → ${c}`).toBe(false);
      }
    }
    // The last payload character too (its low bits may be unused by the decoder).
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      if (p.endsWith(c)) continue;
      expect((await verifyBadge(`${h}.${p.slice(0, -1)}${c}.${s}`, { now: NOW })).valid).toBe(false);
    }
  });

  it('property: any one byte of the credential JSON changed under the original signature → never valid', async () => {
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const json = Buffer.from(p, 'base64url');
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: json.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
      const changed = Buffer.from(json);
      changed[at] = changed[at]! ^ xor;
      const r = await verifyBadge(`${h}.${changed.toString('base64url')}.${s}`, { now: NOW });
      expect(r.reason).toBe('signature invalid');
    }), { numRuns: 200, seed: 7 });
  });

  it('header rules: alg none / HS256, wrong typ, crit, a kid that is not the issuer → "signature invalid"', async () => {
    const [, p, s] = jwt.split('.') as [string, string, string];
    const hdr = (o: object) => b64u(JSON.stringify(o));
    const base = { alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: key.verificationMethod };
    for (const h of [{ ...base, alg: 'none' }, { ...base, alg: 'HS256' }, { ...base, typ: 'JWT' }, { ...base, crit: ['b64'], b64: false }, { ...base, kid: 'did:web:example.org#k' }]) {
      expect((await verifyBadge(`${hdr(h)}.${p}.${s}`, { now: NOW })).reason).toBe('signature invalid');
    }
    expect((await verifyBadge(`${hdr({ ...base, alg: 'none' })}.${p}.`, { now: NOW })).valid).toBe(false);
    // Another key signs the same credential (still naming the first issuer): the issuer is not the signer.
    const other = await keyFromSeed(seed(8));
    const forged = signCredentialJwt(di, other);
    const r = await verifyBadge(forged, { now: NOW });
    expect(r).toMatchObject({ valid: false, reason: 'signature invalid' });
    expect(r.detail).toMatch(/issuer/);
    // A correctly signed token whose payload is not a badge → malformed, naming the problem.
    const hh = hdr(base);
    const pp = b64u(JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], issuer: key.did, type: ['VerifiableCredential'] }));
    const sk = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicJwkOfDidKey(key.did).x, d: Buffer.from(seed(7)).toString('base64url') }, format: 'jwk' });
    const token = `${hh}.${pp}.${sign(null, Buffer.from(`${hh}.${pp}`), sk).toString('base64url')}`;
    expect(await verifyBadge(token, { now: NOW })).toMatchObject({ valid: false, reason: 'malformed' });
  });
});
