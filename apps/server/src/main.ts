/** `npm start`: config → database (+ migrations, demo data) → HTTP. Stops cleanly on SIGTERM/SIGINT. */
import { build } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirInUseError } from './db/datadir-lock.ts';
import { openDatabase } from './db/open.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './db/seed/demo.ts';
import { existsSync } from 'node:fs';
import { predictionsPath, replayChexnet } from './modules/governance/chexnet-replay.ts';
import { demoProgress } from './modules/system/demo-progress.ts';
import { openStartingServer } from './modules/system/starting-server.ts';
import { missingSharedParts } from './modules/system/system.routes.ts';
import { REPO_ROOT } from './paths.ts';

const repoRoot = REPO_ROOT;

async function main() {
  const started = performance.now();
  let config;
  try {
    config = loadConfig(process.env, repoRoot);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`yte: configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  // The port answers "yte is starting" at once, while the database is created and seeded.
  const early = await openStartingServer({ port: config.port, host: config.host, sharedDir: config.sharedDir }).catch((e: NodeJS.ErrnoException) => {
    console.error(`yte: cannot listen on ${config!.host}:${config!.port}: ${e.code === 'EADDRINUSE' ? 'the port is in use (another yte? set PORT)' : e.message}`);
    process.exit(1);
  });
  const answering = Math.round(performance.now() - started);
  const { db, applied } = await openDatabase(config);
  const app = await build({ db, config, logger: { level: config.logLevel } });
  if (applied.length) app.log.info({ applied }, 'migrations applied');
  if (config.seedDemo) {
    const today = new Date();
    const seeded = await seedDemo(db, new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())));
    if (seeded) app.log.info(seeded, 'demo data loaded');
  }
  const progress = demoProgress(db);
  progress.enabled = config.seedDemo;
  const missing = missingSharedParts(config.sharedDir);
  progress.sharedPresent = missing.length === 0;
  if (config.seedDemo && missing.length) {
    app.log.warn({ sharedDir: config.sharedDir, missing: missing.map((m) => m.part) }, 'demo data absent: the imaging and governance demos need ../shared (see README, "../shared: reference tables and datasets")');
  }

  let stopping = false;
  const stopReplay = new AbortController();
  let replay: Promise<unknown> = Promise.resolve();
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    stopReplay.abort();
    // close() stops accepting connections and waits for in-flight requests (and their transactions).
    await app.close();
    await replay; // stops between two batches
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await early.close();
  const address = await app.listen({ port: early.port, host: config.host });
  if (config.seedDemo && config.replayDemo && existsSync(predictionsPath(config.sharedDir))) {
    // Real vendor outputs replayed in shadow mode for the governance dashboard, in the background:
    // small batches that yield, progress on /api/system/status. Skips itself once done.
    const today = new Date();
    progress.expect('governance');
    replay = replayChexnet(db, {
      sharedDir: config.sharedDir,
      anchor: new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())),
      onProgress: (done, total) => (done === 0 ? progress.start('governance', total) : progress.progress('governance', done)),
      signal: stopReplay.signal,
    })
      .then((r) => {
        if (r.stopped) return progress.finish('governance', 'skipped', 'stopped; resumes on the next start');
        progress.progress('governance', r.suggestions, r.suggestions);
        progress.finish('governance', 'done');
        const d = progress.summary();
        if (!r.skipped) app.log.info({ suggestions: r.suggestions, patients: r.patients, ms: Math.round(r.ms), eventLoopDelayP99Ms: d.eventLoopDelayP99Ms }, 'governance demo: CheXNet outputs replayed in shadow mode');
      })
      .catch((err) => {
        progress.finish('governance', 'failed', (err as Error).message);
        app.log.warn({ err }, 'governance demo replay failed');
      });
  }
  const where = config.databaseUrl ? `PostgreSQL ${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname}` : `embedded PGlite in ${config.dataDir}`;
  const ms = Math.round(performance.now() - started);
  const lines = [
    '',
    `  yte is running at ${address}   (database: ${where}; started in ${ms} ms, answering "starting" from ${answering} ms)`,
    `  API docs: ${address}/docs`,
    ...(config.seedDemo ? ['', `  Demo logins (password "${DEMO_PASSWORD}"):`, ...DEMO_USERS.map((u) => `    ${u.username.padEnd(10)} ${u.roles.join(', ').padEnd(20)} ${u.fullName}`)] : []),
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((e) => {
  if (e instanceof DataDirInUseError) {
    console.error(`yte: not started: ${e.message}`);
    process.exit(3);
  }
  console.error('yte: failed to start:', e);
  process.exit(1);
});
