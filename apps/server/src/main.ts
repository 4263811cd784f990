/** `npm start`: config → database (+ migrations, demo data) → HTTP. Stops cleanly on SIGTERM/SIGINT. */
import { build } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirInUseError } from './db/datadir-lock.ts';
import { openDatabase } from './db/open.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './db/seed/demo.ts';
import { existsSync } from 'node:fs';
import { replayChexnet } from './modules/governance/chexnet-replay.ts';
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
  const { db, applied } = await openDatabase(config);
  const app = await build({ db, config, logger: { level: config.logLevel } });
  if (applied.length) app.log.info({ applied }, 'migrations applied');
  if (config.seedDemo) {
    const today = new Date();
    const seeded = await seedDemo(db, new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())));
    if (seeded) app.log.info(seeded, 'demo data loaded');
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // close() stops accepting connections and waits for in-flight requests (and their transactions).
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  if (config.seedDemo && config.replayDemo && existsSync(config.sharedDir)) {
    // Real vendor outputs replayed in shadow mode for the governance dashboard; in the background so
    // start-up stays fast. Skips itself once done.
    const today = new Date();
    void replayChexnet(db, { sharedDir: config.sharedDir, anchor: new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) })
      .then((r) => { if (!r.skipped) app.log.info({ suggestions: r.suggestions, patients: r.patients, ms: Math.round(r.ms) }, 'governance demo: CheXNet outputs replayed in shadow mode'); })
      .catch((err) => app.log.warn({ err }, 'governance demo replay failed'));
  }
  const where = config.databaseUrl ? `PostgreSQL ${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname}` : `embedded PGlite in ${config.dataDir}`;
  const ms = Math.round(performance.now() - started);
  const lines = [
    '',
    `  yte is running at ${address}   (database: ${where}; started in ${ms} ms)`,
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
