/**
 * Security headers on every response (HTML, API, /docs) via @fastify/helmet, and no caching of
 * API answers, which carry patient data (OWASP HTTP Headers Cheat Sheet; OWASP ASVS 4.0 V14.4
 * "HTTP Security Headers" and V8.2.1 "anti-caching headers for sensitive data").
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The policy the built SPA and the Swagger UI at /docs run under: scripts and styles from this
 * origin only; Mantine sets inline style attributes and injects <style> tags, so styles allow
 * 'unsafe-inline' (scripts never do); rendered DICOM frames arrive as blob: URLs and Swagger UI's
 * icons as data: URIs; nothing may frame the app (clickjacking).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // helmet's default upgrade-insecure-requests would break a station served over plain http on its LAN.
  upgradeInsecureRequests: null,
};

/** Paths whose answers may carry patient data: never stored by a browser or proxy. */
export const NO_STORE_PATHS = /^\/(api|fhir|dicomweb)(\/|\?|$)/;

export async function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    // 'same-origin', not helmet's 'no-referrer': under no-referrer a browser sends "Origin: null"
    // on the SPA's own POSTs, which the CSRF check must refuse.
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only where the server is reached over HTTPS (YTE_COOKIE_SECURE).
    strictTransportSecurity: opts.https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (NO_STORE_PATHS.test(req.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
