#!/usr/bin/env node
// yte-claims: see packages/claims/README.md.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
