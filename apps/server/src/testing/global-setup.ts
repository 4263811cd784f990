/**
 * vitest globalSetup: the integration tests run on PGlite and on a PostgreSQL database (default
 * postgres://postgres@127.0.0.1:5432/test, or YTE_TEST_DATABASE_URL). Check it once, before any
 * file runs, so a newcomer without it reads one clear message instead of dozens of failures.
 */
import pg from 'pg';

export const TEST_DB_HELP = (url: string, why: string) => [
  '',
  `yte tests: cannot use the PostgreSQL test database at ${url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@')}`,
  `  (${why})`,
  '  The integration tests run on PGlite and on PostgreSQL. Either start PostgreSQL and create the',
  '  database:   createdb -h 127.0.0.1 -U postgres test',
  '  or point the tests at another one:   YTE_TEST_DATABASE_URL=postgres://user:pass@host:5432/db npm test',
  '  (README, "Tests").',
  '',
].join('\n');

export default async function setup() {
  const url = process.env.YTE_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(TEST_DB_HELP(url, (e as Error).message || String(e)));
  } finally {
    await client.end().catch(() => undefined);
  }
}
