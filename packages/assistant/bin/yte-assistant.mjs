#!/usr/bin/env node
// yte-assistant: see packages/assistant/README.md.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
