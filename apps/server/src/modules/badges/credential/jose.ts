/**
 * The badge's second secured form: VC-JOSE-COSE (W3C "Securing Verifiable Credentials using JOSE
 * and COSE", 2025 Recommendation): a compact JWS whose payload is the unsecured credential itself
 * (VC Data Model 2.0, no `vc` claim), protected header `alg: EdDSA` (RFC 8037, Ed25519),
 * `typ: vc+jwt`, `cty: vc` and `kid` = the issuer's did:key verification method. Wrapped for JSON-LD
 * as an `EnvelopedVerifiableCredential` whose id is `data:application/vc+jwt,<jws>` (VC DM 2.0
 * §4.13). The exact section numbers of these header rules are unverified here; the shapes follow the
 * Recommendation's examples.
 *
 * Why: verifying the Data Integrity (eddsa-rdfc-2022) proof needs JSON-LD expansion and RDF
 * canonicalisation (~6–15 ms a badge in jsonld.js); the JWS is checked over its exact bytes (one
 * Ed25519 verification, ~0.1 ms), so a batch verifier reaches thousands a second. The same Ed25519
 * key signs both forms; the Data Integrity credential stays the primary JSON download.
 *
 * Strictness (a changed byte must never verify): base64url segments must be canonical (no padding,
 * no stray bits in the last character — Node's decoder ignores them, so we re-encode and compare),
 * the header must name exactly the algorithm and type we accept, no `crit`, and the key comes from
 * the `kid`'s did:key, which must also be the credential's issuer.
 * Pure: node:crypto only (no I/O, no clock).
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { IssuerKey } from './keys.ts';
import type { Credential } from './badge.ts';
import { VC_V2_CONTEXT } from './loader.ts';

export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';
const ENVELOPE_PREFIX = `data:${VC_JWT_MEDIA_TYPE},`;

// --- multibase base58btc (Bitcoin alphabet) --------------------------------------------------
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B58_MAP = new Map([...B58].map((c, i) => [c, i]));

function base58Decode(s: string): Uint8Array {
  let n = 0n;
  for (const c of s) {
    const v = B58_MAP.get(c);
    if (v === undefined) throw new Error('not base58btc');
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const c of s) {
    if (c !== '1') break;
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

/** Multikey Ed25519 public key (z + base58btc(0xed01 ‖ 32 bytes)) → raw 32 bytes. */
function ed25519PublicBytes(publicKeyMultibase: string): Uint8Array {
  if (!publicKeyMultibase.startsWith('z6Mk')) throw new Error('not an Ed25519 Multikey');
  const b = base58Decode(publicKeyMultibase.slice(1));
  if (b.length !== 34 || b[0] !== 0xed || b[1] !== 0x01) throw new Error('not an Ed25519 Multikey');
  return b.subarray(2);
}

/** Multikey Ed25519 secret key (z + base58btc(0x8026 ‖ 32-byte seed [‖ 32-byte public])) → seed. */
function ed25519SecretSeed(secretKeyMultibase: string): Uint8Array {
  const b = base58Decode(secretKeyMultibase.slice(1));
  if (secretKeyMultibase[0] !== 'z' || b[0] !== 0x80 || b[1] !== 0x26 || (b.length !== 34 && b.length !== 66)) throw new Error('not an Ed25519 Multikey secret key');
  return b.subarray(2, 34);
}

const b64u = (b: Uint8Array | string) => Buffer.from(typeof b === 'string' ? Buffer.from(b, 'utf8') : b).toString('base64url');

/** Strict base64url: only the alphabet, no padding, and re-encoding gives the same text. */
function strictB64u(s: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const buf = Buffer.from(s, 'base64url');
  return buf.toString('base64url') === s ? buf : null;
}

/** The public JWK of an Ed25519 did:key (OKP, RFC 8037). */
export function publicJwkOfDidKey(did: string): { kty: 'OKP'; crv: 'Ed25519'; x: string } {
  if (!did.startsWith('did:key:z6Mk')) throw new Error('not an Ed25519 did:key');
  return { kty: 'OKP', crv: 'Ed25519', x: b64u(ed25519PublicBytes(did.slice('did:key:'.length))) };
}

// did:key → KeyObject is a pure function of the identifier: memoised process-wide, bounded.
const keyCache = new Map<string, KeyObject>();
function publicKeyObject(did: string): KeyObject {
  let k = keyCache.get(did);
  if (!k) {
    k = createPublicKey({ key: publicJwkOfDidKey(did), format: 'jwk' });
    if (keyCache.size >= 1000) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(did, k);
  }
  return k;
}

/**
 * Signs the unsecured credential (any embedded `proof` is removed: the JWS secures the payload) as
 * a compact VC-JWT. Ed25519 is deterministic: the same credential and key give the same token.
 */
export function signCredentialJwt(credential: Credential, key: Pick<IssuerKey, 'publicKeyMultibase' | 'secretKeyMultibase'>): string {
  const { proof: _proof, ...unsecured } = credential;
  const did = `did:key:${key.publicKeyMultibase}`;
  const header = { alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: `${did}#${key.publicKeyMultibase}` };
  const signingInput = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(unsecured))}`;
  const x = b64u(ed25519PublicBytes(key.publicKeyMultibase));
  const d = b64u(ed25519SecretSeed(key.secretKeyMultibase));
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', x, d }, format: 'jwk' });
  return `${signingInput}.${b64u(sign(null, Buffer.from(signingInput, 'ascii'), privateKey))}`;
}

/** The JSON-LD envelope of a VC-JWT (VC DM 2.0 EnvelopedVerifiableCredential). */
export function envelope(jwt: string): Credential {
  return { '@context': VC_V2_CONTEXT, id: `${ENVELOPE_PREFIX}${jwt}`, type: 'EnvelopedVerifiableCredential' };
}

const COMPACT_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Whether a value is a compact VC-JWT or its envelope (then the token), else null. */
export function jwtOf(value: unknown): string | null {
  if (typeof value === 'string') return COMPACT_RE.test(value.trim()) ? value.trim() : null;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const types = Array.isArray(v.type) ? v.type : [v.type];
    if (types.includes('EnvelopedVerifiableCredential') && typeof v.id === 'string' && v.id.startsWith(ENVELOPE_PREFIX)) return v.id.slice(ENVELOPE_PREFIX.length);
  }
  return null;
}

export type JwsResult = { ok: true; credential: Record<string, unknown>; kid: string } | { ok: false; reason: 'malformed' | 'signature invalid'; detail: string };

/**
 * Checks the JWS itself: structure, header, the Ed25519 signature over the exact bytes with the key
 * of the `kid`'s did:key, and that the payload's issuer is that did:key. Nothing else is trusted
 * before this holds.
 */
export function verifyJws(jwt: string): JwsResult {
  if (!COMPACT_RE.test(jwt)) return { ok: false, reason: 'malformed', detail: 'not a compact JWS (header.payload.signature)' };
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const hb = strictB64u(h);
  const pb = strictB64u(p);
  const sb = strictB64u(s);
  if (!hb || !pb || !sb) return { ok: false, reason: 'signature invalid', detail: 'a JWS segment is not canonical base64url' };
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(hb.toString('utf8'));
  } catch {
    return { ok: false, reason: 'signature invalid', detail: 'the JWS header is not JSON' };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return { ok: false, reason: 'signature invalid', detail: 'the JWS header is not a JSON object' };
  if (header.alg !== 'EdDSA') return { ok: false, reason: 'signature invalid', detail: `JWS alg must be EdDSA, got ${JSON.stringify(header.alg)}` };
  if (header.typ !== 'vc+jwt') return { ok: false, reason: 'signature invalid', detail: `JWS typ must be vc+jwt, got ${JSON.stringify(header.typ)}` };
  if ('crit' in header || 'jku' in header || 'jwk' in header || 'x5u' in header || 'b64' in header) return { ok: false, reason: 'signature invalid', detail: 'the JWS header has parameters this verifier does not accept (crit, jku, jwk, x5u, b64)' };
  const kid = header.kid;
  const m = typeof kid === 'string' ? /^(did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]+))#(z6Mk[1-9A-HJ-NP-Za-km-z]+)$/.exec(kid) : null;
  if (!m || m[2] !== m[3]) return { ok: false, reason: 'signature invalid', detail: 'JWS kid must be an Ed25519 did:key verification method (did:key:z6Mk…#z6Mk…)' };
  const did = m[1]!;
  let key: KeyObject;
  try {
    key = publicKeyObject(did);
  } catch (e) {
    return { ok: false, reason: 'signature invalid', detail: `the kid's key cannot be read: ${(e as Error).message}` };
  }
  if (sb.length !== 64 || !verify(null, Buffer.from(`${h}.${p}`, 'ascii'), key, sb)) return { ok: false, reason: 'signature invalid', detail: 'the Ed25519 signature does not match' };
  let credential: unknown;
  try {
    credential = JSON.parse(pb.toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed', detail: 'the JWS payload is not JSON' };
  }
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) return { ok: false, reason: 'malformed', detail: 'the JWS payload is not a JSON object' };
  const c = credential as Record<string, unknown>;
  const issuer = typeof c.issuer === 'object' && c.issuer !== null ? (c.issuer as Record<string, unknown>).id : c.issuer;
  if (issuer !== did) return { ok: false, reason: 'signature invalid', detail: 'the credential issuer is not the did:key that signed it' };
  return { ok: true, credential: c, kid: kid as string };
}
