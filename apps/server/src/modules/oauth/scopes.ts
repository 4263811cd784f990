/**
 * Which scope a bearer-token request needs, and whether a token's scopes grant it. Pure.
 *
 * Scopes follow SMART App Launch v1 "system" scopes for FHIR (system/<Type>.read, system/*.read;
 * http://hl7.org/fhir/smart-app-launch/1.0.0/scopes-and-launch-context/) and yte's own names for
 * DICOMweb and ingest (no standard exists for those): dicomweb.read, dicomweb.write, ingest.write.
 *
 * Bearer tokens are accepted only on the integration APIs (FHIR, DICOMweb, ingest); the web UI's
 * cookie routes refuse them, so a leaked integration token cannot drive the staff UI.
 */
export const SCOPE_PATTERN = /^(system\/(\*|[A-Z][A-Za-z]{1,40})\.read|dicomweb\.read|dicomweb\.write|ingest\.write)$/;

export const isValidScope = (s: string) => SCOPE_PATTERN.test(s);

/** Ingest routes: device gateways' vitals and vendor AI results. */
const INGEST_PATHS = new Set(['/api/ingest/observations', '/api/imaging/vendor-results']);

/**
 * The scope a request needs: a scope string; null when the route needs no scope (public, e.g. the
 * CapabilityStatement); undefined when bearer tokens are not accepted on that route at all.
 */
export function requiredScope(method: string, path: string): string | null | undefined {
  const m = method.toUpperCase();
  if (path === '/fhir/R4/metadata') return null;
  if (path.startsWith('/fhir/R4/')) {
    if (m !== 'GET' && m !== 'HEAD') return undefined; // yte's FHIR API is read-only
    const parts = path.slice('/fhir/R4/'.length).split('/');
    // Patient/{id}/$everything spans every resource type: it needs system/*.read.
    if (parts.length >= 3 && parts[2] === '$everything') return 'system/*.read';
    const type = parts[0] ?? '';
    return /^[A-Z][A-Za-z]{1,40}$/.test(type) ? `system/${type}.read` : 'system/*.read';
  }
  if (path === '/dicomweb' || path.startsWith('/dicomweb/')) return m === 'GET' || m === 'HEAD' ? 'dicomweb.read' : 'dicomweb.write';
  if (m === 'POST' && INGEST_PATHS.has(path)) return 'ingest.write';
  return undefined;
}

/** Whether granted scopes cover the needed one (system/*.read covers every system/<Type>.read). */
export function scopeAllows(granted: readonly string[], needed: string): boolean {
  if (granted.includes(needed)) return true;
  return /^system\/[A-Za-z]+\.read$/.test(needed) && granted.includes('system/*.read');
}

/**
 * RFC 6749 §3.3: the requested scope (space-separated) must be a subset of the client's; absent
 * means all of the client's scopes. Returns the granted list, or null for invalid_scope.
 */
export function grantScopes(clientScopes: readonly string[], requested: string | undefined): string[] | null {
  if (requested === undefined || requested.trim() === '') return [...clientScopes];
  const asked = [...new Set(requested.trim().split(/ +/))];
  if (!asked.every((s) => isValidScope(s) && (clientScopes.includes(s) || scopeAllows(clientScopes, s)))) return null;
  return asked;
}
