// Creates an empty PGlite cluster in the data directory given as argv[2], then exits. Run as a
// child process on first start: initdb grows PGlite's WebAssembly memory to ~700 MB, and a
// WebAssembly memory never shrinks, so doing it in the server's own process would keep that for
// the server's whole life.
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: pglite-initdb.mjs <dataDir>');
  process.exit(2);
}
const db = await PGlite.create({ dataDir });
await db.close();
