/**
 * Facility signature of the GIAMDINHHS envelope in CHUKYDONVI: W3C XMLDSig, enveloped (Reference URI=""
 * with the enveloped-signature transform), exclusive canonicalisation (xml-exc-c14n#), RSA-SHA256.
 *
 * Token / HSM hook: a facility's key normally lives on a USB token or HSM (PKCS#11) and never leaves it.
 * Implement `KeySigner` around the token (sign the canonical SignedInfo bytes with RSA-SHA256 PKCS#1 v1.5,
 * return the raw signature) and pass it to `signEnvelopeAsync`; `softwareSigner` is the in-process
 * implementation used by tests and the demo. Nothing here talks to a token.
 */
import { createHash, createPublicKey, sign as rsaSign, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { ClaimRecord } from './build.ts';
import { ENVELOPE_PROLOG, ENVELOPE_TAIL, envelopeBody } from './envelope.ts';

export interface KeySigner {
  /** RSA-SHA256 (PKCS#1 v1.5) over `data`; may be asynchronous (a token round-trip) */
  signRsaSha256(data: Buffer): Buffer | Promise<Buffer>;
  /** the public key (PEM, SPKI) — written as ds:KeyValue so a receiver can check integrity */
  publicKeyPem: string;
  /** the X.509 certificate (PEM) when there is one — written as ds:X509Data */
  certificatePem?: string;
}

export function softwareSigner(privateKey: KeyObject): KeySigner {
  return {
    signRsaSha256: (data) => rsaSign('sha256', data, privateKey),
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

const keyInfoCache = new WeakMap<KeySigner, string>();
function keyInfo(signer: KeySigner): string {
  let k = keyInfoCache.get(signer);
  if (k === undefined) keyInfoCache.set(signer, (k = keyInfoOf(signer)));
  return k;
}
function keyInfoOf(signer: KeySigner): string {
  if (signer.certificatePem) {
    const b64 = signer.certificatePem.replace(/-----[^-]+-----|\s+/g, '');
    return `<X509Data><X509Certificate>${b64}</X509Certificate></X509Data>`;
  }
  const jwk = createPublicKey(signer.publicKeyPem).export({ format: 'jwk' }) as { n: string; e: string };
  const b64 = (s: string) => Buffer.from(s, 'base64url').toString('base64');
  return `<KeyValue><RSAKeyValue><Modulus>${b64(jwk.n)}</Modulus><Exponent>${b64(jwk.e)}</Exponent></RSAKeyValue></KeyValue>`;
}

function signedXml(signer: KeySigner, pending: { data?: Buffer }): SignedXml {
  const sig = new SignedXml({
    privateKey: 'unused: the KeySigner signs', // xml-crypto wants a value; our algorithm ignores it
    canonicalizationAlgorithm: EXC_C14N,
    signatureAlgorithm: RSA_SHA256,
    getKeyInfoContent: () => keyInfo(signer),
  });
  // Route the signature through the KeySigner (the token hook) instead of xml-crypto's own RSA code.
  class Hooked {
    getSignature(signedInfo: string | Buffer): string {
      const r = signer.signRsaSha256(Buffer.from(signedInfo));
      if (r instanceof Promise) {
        pending.data = Buffer.from(signedInfo);
        throw new Error('asynchronous KeySigner: use signEnvelopeAsync');
      }
      return r.toString('base64');
    }
    async getSignatureAsync(signedInfo: string | Buffer): Promise<string> {
      return (await signer.signRsaSha256(Buffer.from(signedInfo))).toString('base64');
    }
    getAlgorithmName() {
      return RSA_SHA256;
    }
    verifySignature() {
      return false;
    }
  }
  (sig.SignatureAlgorithms as Record<string, unknown>)[RSA_SHA256] = Hooked;
  sig.addReference({
    xpath: '/*',
    uri: '',
    isEmptyUri: true,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  return sig;
}

const LOCATION = { reference: "/*/*[local-name()='CHUKYDONVI']", action: 'append' as const };

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
/** Our own envelopes (envelope.ts) are already canonical text between the root tags: elements without
 *  attributes, namespaces, comments or characters c14n would escape. */
const SIGNED_INFO_HEAD =
  `<SignedInfo xmlns="${DSIG}"><CanonicalizationMethod Algorithm="${EXC_C14N}"></CanonicalizationMethod>` +
  `<SignatureMethod Algorithm="${RSA_SHA256}"></SignatureMethod><Reference URI=""><Transforms>` +
  `<Transform Algorithm="${ENVELOPED}"></Transform><Transform Algorithm="${EXC_C14N}"></Transform></Transforms>` +
  `<DigestMethod Algorithm="${SHA256}"></DigestMethod><DigestValue>`;
const SIGNED_INFO_TAIL = '</DigestValue></Reference></SignedInfo>';
const SIMPLE = /^<\?xml version="1\.0" encoding="utf-8"\?>\n(<GIAMDINHHS>(?:[^&<>\r"']|<\/?[A-Z0-9_]+>)*<CHUKYDONVI><\/CHUKYDONVI>\n<\/GIAMDINHHS>)\n?$/;

/**
 * Signs an envelope. For envelopes in the simple form envelope.ts writes, the canonical form (exclusive
 * c14n after the enveloped-signature transform) is the text between the root tags itself, so it is
 * digested directly — no DOM; tests check these signatures with xml-crypto's verifier and with xmlsec1.
 * Any other document goes through xml-crypto.
 */
export function signEnvelope(xml: string, signer: KeySigner): string {
  const m = SIMPLE.exec(xml);
  if (m) {
    const signature = signatureOver(m[1]!, signer);
    return xml.replace('<CHUKYDONVI></CHUKYDONVI>', `<CHUKYDONVI>${signature}</CHUKYDONVI>`);
  }
  return signWithXmlCrypto(xml, signer);
}

/** ds:Signature over `canonical`, the exclusive-c14n form of the document after the enveloped transform. */
function signatureOver(canonical: string, signer: KeySigner): string {
  const digest = createHash('sha256').update(canonical, 'utf8').digest('base64');
  const signedInfo = SIGNED_INFO_HEAD + digest + SIGNED_INFO_TAIL;
  const value = signer.signRsaSha256(Buffer.from(signedInfo, 'utf8'));
  if (value instanceof Promise) throw new Error('asynchronous KeySigner: use signEnvelopeAsync');
  return `<Signature xmlns="${DSIG}">${signedInfo}<SignatureValue>${value.toString('base64')}</SignatureValue><KeyInfo>${keyInfo(signer)}</KeyInfo></Signature>`;
}

/**
 * Builds and signs one envelope in a single pass: the body envelope.ts writes is canonical as it stands,
 * so it is digested once, with no DOM and no re-scan. The result is byte for byte what
 * `signEnvelope(envelopeXml(...))` returns (a test checks it; xmlsec1 verifies both).
 */
export function signedEnvelopeXml(maCskcb: string, ngayLap: string, records: ClaimRecord[], signer: KeySigner): string {
  const body = envelopeBody(maCskcb, ngayLap, records);
  const signature = signatureOver(`<GIAMDINHHS>${body}${ENVELOPE_TAIL}`, signer);
  return `${ENVELOPE_PROLOG}<GIAMDINHHS>${body}<CHUKYDONVI>${signature}</CHUKYDONVI>\n</GIAMDINHHS>\n`;
}

/** The general path (any well-formed document): xml-crypto computes c14n and the digest. */
export function signWithXmlCrypto(xml: string, signer: KeySigner): string {
  const sig = signedXml(signer, {});
  sig.computeSignature(xml, { location: LOCATION });
  return sig.getSignedXml();
}

export async function signEnvelopeAsync(xml: string, signer: KeySigner): Promise<string> {
  const sig = signedXml(signer, {}) as SignedXml & { computeSignatureAsync?: (x: string, o: unknown) => Promise<unknown> };
  if (!sig.computeSignatureAsync) throw new Error('xml-crypto without computeSignatureAsync');
  await sig.computeSignatureAsync(xml, { location: LOCATION });
  return sig.getSignedXml();
}

/**
 * Checks the envelope's signature with the given public key (PEM), or with the RSAKeyValue it carries
 * when none is given (integrity only: the key's owner must be checked against the facility's certificate).
 */
export function verifyEnvelope(xml: string, publicKeyPem?: string): { signed: boolean; valid: boolean; reason?: string } {
  const m = /<(?:\w+:)?Signature[\s>][\s\S]*<\/(?:\w+:)?Signature>/.exec(xml);
  if (!m) return { signed: false, valid: false, reason: 'không có chữ ký trong CHUKYDONVI' };
  let key = publicKeyPem;
  if (!key) {
    const mod = /<(?:\w+:)?Modulus>([^<]+)</.exec(m[0]);
    const exp = /<(?:\w+:)?Exponent>([^<]+)</.exec(m[0]);
    const cert = /<(?:\w+:)?X509Certificate>([^<]+)</.exec(m[0]);
    if (cert) key = `-----BEGIN CERTIFICATE-----\n${cert[1]!.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`;
    else if (mod && exp) {
      const u = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('base64url');
      key = createPublicKey({ key: { kty: 'RSA', n: u(mod[1]!), e: u(exp[1]!) }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    } else return { signed: true, valid: false, reason: 'chữ ký không kèm khoá công khai' };
  }
  const v = new SignedXml({ publicCert: key, getCertFromKeyInfo: () => null });
  try {
    v.loadSignature(m[0]);
    const ok = v.checkSignature(xml);
    return { signed: true, valid: ok, reason: ok ? undefined : 'chữ ký không khớp nội dung' };
  } catch (e) {
    return { signed: true, valid: false, reason: (e as Error).message };
  }
}
