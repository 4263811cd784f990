/** Test/script helper: where ../shared lives (env YTE_SHARED_DIR overrides; tests and scripts only). */
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../../..');
export const sharedDir = process.env.YTE_SHARED_DIR ?? resolve(repoRoot, '../shared');
export const dicomDir = resolve(sharedDir, 'datasets/dicom');
export const pydicomDir = resolve(dicomDir, 'pydicom');
export const packageDir = resolve(here, '../..');
/** Whether ../shared holds these paths (relative to it): tests that need them skip, naming them, when not. */
export const hasShared = (...rels: string[]) => rels.every((r) => existsSync(resolve(sharedDir, r)));
export const needs = (rel: string) => `(needs ../shared/${rel}; see README "../shared")`;
