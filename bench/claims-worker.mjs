// Worker entry of bench/claims.bench.ts: registers tsx in this thread, then runs the TypeScript worker.
import { register } from 'tsx/esm/api';
register();
await import('./claims-worker.ts');
