/**
 * `npm run reference:vn-admin`: converts ../shared/reference/vn-admin-2025 (provinces.csv,
 * wards.csv) into the compact apps/web/public/reference/vn-admin-2025.json the registration
 * pickers load. Run it again when the shared list changes; vnAdmin.test.ts fails while they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { convertVnAdmin } from '../src/lib/vnAdmin.ts';

const root = resolve(import.meta.dirname, '../../..');
const shared = process.env.YTE_SHARED_DIR ? resolve(process.env.YTE_SHARED_DIR) : resolve(root, '../shared');
const dir = resolve(shared, 'reference/vn-admin-2025');
const file = convertVnAdmin(readFileSync(resolve(dir, 'provinces.csv'), 'utf8'), readFileSync(resolve(dir, 'wards.csv'), 'utf8'));
const out = resolve(root, 'apps/web/public/reference/vn-admin-2025.json');
writeFileSync(out, JSON.stringify(file) + '\n');
console.log(`wrote ${out}: ${file.provinces.length} provinces, ${file.communes.length} communes`);
