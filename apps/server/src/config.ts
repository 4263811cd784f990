/** The one validated configuration object, read from the environment at the edge (main.ts). */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** yte's data directory: the embedded database in <dataDir>/pg, files in <dataDir>/files. */
  dataDir: string;
  /** postgres://… switches to a PostgreSQL server. */
  databaseUrl: string | null;
  logLevel: string;
  sessionTtlHours: number;
  /** Set the cookie's Secure flag (behind HTTPS). */
  cookieSecure: boolean;
  /** Load demo data on first start. */
  seedDemo: boolean;
  /** Built web UI to serve; null disables static serving. */
  webDist: string | null;
  /** Failed login attempts allowed per minute per address and account (successful logins do not count). */
  loginRateLimitPerMinute: number;
  /** Failed login attempts allowed per minute per address across all accounts (password spraying). */
  loginAddressRateLimitPerMinute: number;
  /**
   * Origins (scheme://host[:port]) whose pages may send state-changing requests with the session
   * cookie, besides the server's own (its Host header). Set behind a reverse proxy or when the UI
   * is served from another origin.
   */
  publicOrigins: string[];
  /** MQTT broker for bedside monitors (e.g. mqtt://127.0.0.1:1883); null disables MQTT ingest. */
  mqttUrl: string | null;
  /** Seconds before an unacknowledged alert escalates to the doctor on duty. */
  alertEscalationSeconds: number;
  /** Orthanc PACS base URL (e.g. http://127.0.0.1:8042); null disables PACS sync. */
  orthancUrl: string | null;
  /** Load the demo imaging studies in the background on first start. */
  imagingDemo: boolean;
  /** Replay the real CheXNet outputs as a shadow-mode vendor tool (governance demo) in the background. */
  replayDemo: boolean;
  /** The shared reference data and datasets folder (../shared beside the repo). */
  sharedDir: string;
  /** Where yte keeps files it owns (DICOM objects, models registered by sites). */
  filesDir: string;
  /** PGlite's shared_buffers in MB: its page cache, held resident for the process's life. */
  pgliteSharedBuffersMb: number;
  /** The URL people reach this server at (badge QR codes, status list URLs); default http://host:port. */
  publicUrl?: string | null;
  /** Secret from which the key-encryption key of the badge signing keys is derived; else <dataDir>/badge-kek. */
  badgeKeySecret?: string | null;
  /** When set, /metrics requires `Authorization: Bearer <token>` (YTE_METRICS_TOKEN). */
  metricsToken?: string | null;
  /** Station ↔ province sync (modules/sync); absent or role null: off. */
  sync?: SyncConfig;
  /** TURN relay for teleconsult video (coturn with use-auth-secret); absent: no relay offered. */
  turn?: TurnConfig | null;
}

export interface TurnConfig {
  /** turn: URLs the browsers use, e.g. ['turn:turn.benhvien.vn:3478?transport=udp']. */
  urls: string[];
  /** coturn's static-auth-secret: the server mints time-limited credentials from it (TURN REST API). */
  secret: string;
  /** How long a minted credential is valid. */
  ttlSeconds: number;
}

export interface SyncConfig {
  role: 'station' | 'province' | null;
  /** The province server (station role), e.g. https://yte.soyte-lamdong.vn */
  upstreamUrl: string | null;
  /** This station's facility id (station role). */
  stationId: string | null;
  /** This station's Ed25519 private key, PKCS#8 DER base64 (station role). */
  stationKey: string | null;
  intervalSeconds: number;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, key: string, dflt: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${key} must be an integer in ${min}..${max}, got "${raw}"`);
  return n;
}

function bool(env: NodeJS.ProcessEnv, key: string, dflt: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return dflt;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(`${key} must be true or false, got "${raw}"`);
}

/** A comma-separated list of origins, each normalised to scheme://host[:port]. */
function origins(env: NodeJS.ProcessEnv, key: string): string[] {
  const raw = env[key];
  if (!raw) return [];
  return raw.split(',').map((o) => o.trim()).filter(Boolean).map((o) => {
    let u: URL;
    try {
      u = new URL(o);
    } catch {
      throw new ConfigError(`${key}: "${o}" is not an origin like https://yte.example.vn`);
    }
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.pathname !== '/' || u.search || u.hash) {
      throw new ConfigError(`${key}: "${o}" must be scheme://host[:port] with no path`);
    }
    return u.origin;
  });
}

export function loadConfig(env: NodeJS.ProcessEnv, repoRoot: string): Config {
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// (got "${databaseUrl.slice(0, 20)}…")`);
  }
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.YTE_DATA_DIR || resolve(repoRoot, 'data')),
    databaseUrl,
    logLevel: env.YTE_LOG_LEVEL || env.LOG_LEVEL || 'info',
    sessionTtlHours: int(env, 'YTE_SESSION_TTL_HOURS', 12, 1, 24 * 30),
    cookieSecure: bool(env, 'YTE_COOKIE_SECURE', false),
    seedDemo: bool(env, 'YTE_SEED_DEMO', true),
    webDist: env.YTE_WEB_DIST === '' ? null : resolve(env.YTE_WEB_DIST || resolve(repoRoot, 'apps/web/dist')),
    loginRateLimitPerMinute: int(env, 'YTE_LOGIN_RATE_LIMIT', 10, 1, 10_000),
    loginAddressRateLimitPerMinute: int(env, 'YTE_LOGIN_ADDRESS_RATE_LIMIT', 30, 1, 100_000),
    publicOrigins: origins(env, 'YTE_PUBLIC_ORIGIN'),
    mqttUrl: env.YTE_MQTT_URL || null,
    alertEscalationSeconds: int(env, 'YTE_ALERT_ESCALATION_SECONDS', 300, 1, 86_400),
    orthancUrl: env.YTE_ORTHANC_URL || null,
    imagingDemo: bool(env, 'YTE_IMAGING_DEMO', true),
    replayDemo: bool(env, 'YTE_REPLAY_DEMO', true),
    sharedDir: resolve(env.YTE_SHARED_DIR || resolve(repoRoot, '../shared')),
    filesDir: resolve(env.YTE_FILES_DIR || resolve(env.YTE_DATA_DIR || resolve(repoRoot, 'data'), 'files')),
    pgliteSharedBuffersMb: int(env, 'YTE_PGLITE_SHARED_BUFFERS_MB', 32, 1, 4096),
    publicUrl: env.YTE_PUBLIC_URL ? env.YTE_PUBLIC_URL.replace(/\/+$/, '') : null,
    badgeKeySecret: env.YTE_BADGE_KEY_SECRET || null,
    metricsToken: env.YTE_METRICS_TOKEN || null,
    sync: syncConfig(env),
    turn: turnConfig(env),
  };
}

function turnConfig(env: NodeJS.ProcessEnv): TurnConfig | null {
  const urls = (env.YTE_TURN_URLS || '').split(',').map((u) => u.trim()).filter(Boolean);
  if (!urls.length) return null;
  const bad = urls.find((u) => !/^turns?:[^\s]+$/.test(u));
  if (bad) throw new ConfigError(`YTE_TURN_URLS entries must be turn: or turns: URLs, got "${bad}"`);
  const secret = env.YTE_TURN_SECRET || '';
  if (secret.length < 16) throw new ConfigError('YTE_TURN_SECRET (coturn static-auth-secret, at least 16 characters) is required with YTE_TURN_URLS');
  return { urls, secret, ttlSeconds: int(env, 'YTE_TURN_TTL_SECONDS', 3600, 60, 86_400) };
}

function syncConfig(env: NodeJS.ProcessEnv): SyncConfig {
  const upstreamUrl = env.YTE_SYNC_UPSTREAM_URL || null;
  const role = env.YTE_SYNC_ROLE || (upstreamUrl ? 'station' : '');
  if (role !== '' && role !== 'station' && role !== 'province') throw new ConfigError(`YTE_SYNC_ROLE must be station or province, got "${role}"`);
  const c: SyncConfig = {
    role: role || null, upstreamUrl, stationId: env.YTE_SYNC_STATION_ID || null, stationKey: env.YTE_SYNC_STATION_KEY || null,
    intervalSeconds: int(env, 'YTE_SYNC_INTERVAL_SECONDS', 60, 1, 86_400),
  };
  if (c.role === 'station' && (!c.upstreamUrl || !c.stationId || !c.stationKey)) {
    throw new ConfigError('a sync station needs YTE_SYNC_UPSTREAM_URL, YTE_SYNC_STATION_ID and YTE_SYNC_STATION_KEY');
  }
  return c;
}
