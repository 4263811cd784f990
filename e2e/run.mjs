// `npm run test:e2e`: builds the web UI if needed, starts the server on a free port with a fresh
// embedded database, runs the browser specs in Debian's Chromium, then stops the server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCoturn, startCoturn } from './lib/coturn.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.YTE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`e2e: Chromium not found at ${chromium}. Install Debian's: apt-get install -y chromium`);
  process.exit(1);
}
if (!existsSync(join(root, 'apps/web/dist/index.html'))) {
  console.log('e2e: building the web UI…');
  const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const port = await new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => res(p));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), 'yte-e2e-'));
// coturn for the teleconsult video spec (media must flow through the relay): started here with its
// own config on 127.0.0.1, never the system service. Without coturn that spec skips, saying why.
let turn = null;
if (hasCoturn()) {
  try {
    turn = await startCoturn({ port: 34780, minRelayPort: 34781, maxRelayPort: 34789 });
  } catch (e) {
    console.warn(`e2e: coturn did not start (${e.message}); the teleconsult video spec will skip`);
  }
} else {
  console.warn('e2e: coturn not installed (apt-get install coturn); the teleconsult video spec will skip');
}
// The MQTT broker (Mosquitto on 1883 in CI) for the drone telemetry spec: the server subscribes and the
// spec publishes. Without a reachable broker that step says so and checks the API's fallback only.
if (!process.env.YTE_MQTT_URL) {
  const reachable = await new Promise((res) => {
    const sock = connect({ host: '127.0.0.1', port: 1883 });
    sock.setTimeout(1000, () => { sock.destroy(); res(false); });
    sock.once('connect', () => { sock.end(); res(true); });
    sock.once('error', () => res(false));
  });
  if (reachable) process.env.YTE_MQTT_URL = 'mqtt://127.0.0.1:1883';
  else console.warn('e2e: no MQTT broker on 127.0.0.1:1883; the drone live-map step checks only the fallback');
}
const turnEnv = turn ? { YTE_TURN_URLS: turn.urls.join(','), YTE_TURN_SECRET: turn.secret } : {};
// The same start path as `npm start` (the bundled server).
const server = spawn(process.execPath, ['apps/server/scripts/start.mjs'], {
  cwd: root,
  env: { ...process.env, ...turnEnv, PORT: String(port), YTE_DATA_DIR: dataDir, YTE_LOG_LEVEL: 'warn', YTE_IMAGING_DEMO: 'false', YTE_REPLAY_DEMO: 'false', YTE_ALERT_ESCALATION_SECONDS: '120' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = () => {
  server.kill('SIGTERM');
  turn?.stop();
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

const base = `http://127.0.0.1:${port}`;
const started = Date.now();
for (;;) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {
    /* starting */
  }
  if (server.exitCode !== null || Date.now() - started > 120_000) {
    console.error('e2e: server did not start');
    stop();
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}

const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'e2e/vitest.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=' + join(dataDir, 'e2e.json'), ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, YTE_E2E_BASE_URL: base, ...(turn ? { YTE_E2E_TURN: turn.urls[0] } : {}) },
  stdio: 'inherit',
});
let summary = '';
let failed = 0;
try {
  const { readFileSync } = await import('node:fs');
  const r = JSON.parse(readFileSync(join(dataDir, 'e2e.json'), 'utf8'));
  // A spec file that crashes before its tests run (an import, a missing file) fails its suite with
  // no failed test: count files too, so a crash is never "0 failed".
  const failedFiles = r.testResults.filter((f) => f.status === 'failed').map((f) => f.name.replace(`${root}/`, ''));
  const skippedTests = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  summary = `E2E: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skippedTests} skipped; files: ${r.testResults.length - failedFiles.length} ok, ${failedFiles.length} failed${failedFiles.length ? ` (${failedFiles.join(', ')})` : ''}`;
  failed = r.numFailedTests + failedFiles.length;
} catch {
  summary = 'E2E: results unavailable (the runner crashed)';
  failed = 1;
}
stop();
console.log(summary);
process.exit(failed > 0 ? 1 : run.status ?? 1);
