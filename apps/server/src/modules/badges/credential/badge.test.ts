/**
 * The pure Open Badges core: sign with eddsa-rdfc-2022, verify offline, and the bad-input rules of
 * issue 12 (one changed byte → "signature invalid"; revoked → "revoked").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueBadge, keyFromSeed, emptyEncodedList, setBits, signStatusList, verifyBadge, structureProblem, offlineDocumentLoader, type BadgeInput, type Credential } from './index.ts';

const seed = (n: number) => new Uint8Array(32).fill(n);
const NOW = new Date('2026-11-01T08:00:00Z');
const LIST = 'https://yte.example/api/badges/status/k1';
const input = (over: Partial<BadgeInput> = {}): BadgeInput => ({
  id: 'urn:uuid:01932c4e-0000-7000-8000-000000000001',
  issuer: { name: 'Trạm Y tế xã Phúc Xuân' },
  achievement: { id: 'urn:yte:training:path:station_staff', name: 'Nhân viên trạm y tế: AI thiết yếu', description: 'Lộ trình đào tạo AI cho nhân viên trạm y tế xã', criteria: 'Hoàn thành các bài học bắt buộc và đạt bài kiểm tra sau (≥ 80 %).', inLanguage: 'vi' },
  learner: { id: 'urn:uuid:01932c4e-0000-7000-8000-0000000000aa', name: 'Nguyễn Thị Hoa' },
  now: NOW,
  status: { listUrl: LIST, index: 4242 },
  ...over,
});

describe('Open Badges 3.0 core', async () => {
  const key = await keyFromSeed(seed(7));
  const list = await signStatusList({ listUrl: LIST, encodedList: await emptyEncodedList(), key, issuerName: 'Trạm Y tế xã Phúc Xuân', now: NOW });
  const badge = await issueBadge(input(), key);

  it('has the OB 3.0 shape: VC 2.0 + OB context, did:key issuer, Data Integrity eddsa-rdfc-2022 proof', () => {
    expect(badge['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    expect(badge.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect((badge.issuer as { id: string }).id).toBe(key.did);
    expect(key.did).toMatch(/^did:key:z6Mk/);
    expect(badge.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: key.verificationMethod, created: '2026-11-01T08:00:00Z' });
    expect(structureProblem(badge)).toBeNull();
  });

  it('verifies offline and reports the facts', async () => {
    const r = await verifyBadge(badge, { now: NOW, statusLists: [list] });
    expect(r).toMatchObject({ valid: true, reason: 'valid', statusChecked: true, subject: { name: 'Nguyễn Thị Hoa' }, achievement: { id: 'urn:yte:training:path:station_staff' } });
  });

  it('one changed byte in any signed value → "signature invalid"', async () => {
    const text = JSON.stringify(badge);
    // A byte inside the learner's name, the achievement name, the issuer name, validFrom and the proof value.
    for (const needle of ['Hoa"', 'thiết yếu"', 'Phúc Xuân"', '2026-11-01T08', (badge.proof as { proofValue: string }).proofValue.slice(10, 20)]) {
      const at = text.indexOf(needle);
      expect(at).toBeGreaterThan(0);
      const code = text.charCodeAt(at);
      const tampered = text.slice(0, at) + String.fromCharCode(code === 0x32 ? 0x33 : code ^ 1) + text.slice(at + 1);
      const r = await verifyBadge(JSON.parse(tampered), { now: NOW, statusLists: [list] });
      expect(r.reason, needle).toBe('signature invalid');
      expect(r.valid).toBe(false);
    }
  });

  it('property: any one byte changed anywhere in the signed JSON → never "valid" (signature invalid, or malformed)', async () => {
    const bytes = Buffer.from(JSON.stringify(badge), 'utf8');
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ xor;
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(changed));
      } catch {
        return; // not JSON any more: the CLI answers "malformed: not JSON"
      }
      const r = await verifyBadge(parsed, { now: NOW, statusLists: [list] });
      seen.add(r.reason);
      expect(r.valid, `byte ${at} ^ ${xor}: ${r.reason}`).toBe(false);
      expect(['signature invalid', 'malformed']).toContain(r.reason);
    }), { numRuns: 60, seed: 12 });
    expect(seen.has('signature invalid')).toBe(true);
  });

  it('a revoked badge → "revoked"; a list signed by another key → "status list invalid"', async () => {
    const revoked = await signStatusList({ listUrl: LIST, encodedList: await setBits(await emptyEncodedList(), [4242]), key, issuerName: 'x', now: NOW });
    expect((await verifyBadge(badge, { now: NOW, statusLists: [revoked] })).reason).toBe('revoked');
    // Another bit set: this badge is still fine.
    const other = await signStatusList({ listUrl: LIST, encodedList: await setBits(await emptyEncodedList(), [4241, 4243]), key, issuerName: 'x', now: NOW });
    expect((await verifyBadge(badge, { now: NOW, statusLists: [other] })).reason).toBe('valid');
    const forged = await signStatusList({ listUrl: LIST, encodedList: await emptyEncodedList(), key: await keyFromSeed(seed(9)), issuerName: 'x', now: NOW });
    expect((await verifyBadge(badge, { now: NOW, statusLists: [forged] })).reason).toBe('status list invalid');
  });

  it('without a cached status list it is valid but says revocation was not checked', async () => {
    const r = await verifyBadge(badge, { now: NOW });
    expect(r).toMatchObject({ valid: true, statusChecked: false });
  });

  it('expired and not-yet-valid against the given clock', async () => {
    const b = await issueBadge(input({ validUntil: new Date('2027-11-01T00:00:00Z') }), key);
    expect((await verifyBadge(b, { now: new Date('2027-06-01T00:00:00Z'), statusLists: [list] })).reason).toBe('valid');
    expect((await verifyBadge(b, { now: new Date('2027-11-02T00:00:00Z'), statusLists: [list] })).reason).toBe('expired');
    expect((await verifyBadge(b, { now: new Date('2026-10-01T00:00:00Z'), statusLists: [list] })).reason).toBe('not yet valid');
  });

  it('malformed input names the problem', async () => {
    const { proof: _p, ...unsigned } = badge;
    const cases: Array<[unknown, RegExp]> = [
      ['a string', /not a JSON object/],
      [{ ...badge, '@context': ['https://www.w3.org/2018/credentials/v1'] }, /@context/],
      [{ ...badge, type: ['VerifiableCredential'] }, /OpenBadgeCredential/],
      [{ ...badge, issuer: { id: 'https://example.org/issuer' } }, /did:key/],
      [unsigned, /proof is missing/],
      [{ ...badge, validFrom: '01/11/2026' }, /validFrom/],
    ];
    for (const [c, re] of cases) {
      const r = await verifyBadge(c, { now: NOW });
      expect(r.reason).toBe('malformed');
      expect(r.detail).toMatch(re);
    }
  });

  it('a rotated key: the old badge still verifies under the old did:key, the new one under the new', async () => {
    const newKey = await keyFromSeed(seed(8));
    const fresh = await issueBadge(input({ id: 'urn:uuid:01932c4e-0000-7000-8000-000000000002', status: undefined }), newKey);
    expect(newKey.did).not.toBe(key.did);
    expect((await verifyBadge(badge, { now: NOW, statusLists: [list] })).issuer?.id).toBe(key.did);
    expect((await verifyBadge(fresh, { now: NOW })).issuer?.id).toBe(newKey.did);
    // Swapping the issuer of an old badge to the new key breaks it.
    const swapped: Credential = { ...badge, issuer: { ...(badge.issuer as object), id: newKey.did } };
    expect((await verifyBadge(swapped, { now: NOW, statusLists: [list] })).reason).toBe('signature invalid');
  });

  it('the document loader never leaves the machine', async () => {
    const load = offlineDocumentLoader();
    await expect(load('https://example.org/context.json')).rejects.toThrow(/not available offline/);
    await expect(load('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json')).resolves.toMatchObject({ documentUrl: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json' });
  });
});
