#!/usr/bin/env node
// yte-clinical: NDJSON in, NDJSON out. See packages/clinical/README.md.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
