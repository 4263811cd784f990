/// <reference types="node" />
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertVnAdmin, foldVi, matchesTyped, type VnAdminFile } from './vnAdmin.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const SHARED = process.env.YTE_SHARED_DIR ? resolve(process.env.YTE_SHARED_DIR) : resolve(ROOT, '../shared');
const SRC = resolve(SHARED, 'reference/vn-admin-2025');
const shipped = JSON.parse(readFileSync(resolve(ROOT, 'apps/web/public/reference/vn-admin-2025.json'), 'utf8')) as VnAdminFile;

describe('the shipped administrative-unit file', () => {
  it('has the 34 provinces and 3,320 commune-level units of the 2025 reorganisation, each commune in a known province', () => {
    expect(shipped.provinces).toHaveLength(34);
    expect(shipped.communes).toHaveLength(3320);
    const codes = new Set(shipped.provinces.map((p) => p[0]));
    expect(shipped.communes.every((c) => codes.has(c[2]))).toBe(true);
    expect(shipped.communes.filter((c) => c[1].startsWith('Phường ')).length).toBe(687); // README: 687 wards, 2,633 communes
    expect(shipped.source).toContain('khanhk8a/vn-geo');
    expect(shipped.licence).toContain('lawful use');
  });
  it('holds the demo facilities\' communes in Thái Nguyên', () => {
    const tn = shipped.provinces.find((p) => p[1] === 'Thái Nguyên')!;
    const labels = shipped.communes.filter((c) => c[2] === tn[0]).map((c) => c[1]);
    expect(labels).toEqual(expect.arrayContaining(['Phường Phan Đình Phùng', 'Xã Tân Cương', 'Xã Đại Phúc', 'Xã Phú Bình']));
  });
  it.skipIf(!existsSync(SRC))(`equals a fresh conversion of ../shared/reference/vn-admin-2025 (run npm run reference:vn-admin) ${existsSync(SRC) ? '' : '(needs ../shared/reference/vn-admin-2025; skipped)'}`, () => {
    const fresh = convertVnAdmin(readFileSync(resolve(SRC, 'provinces.csv'), 'utf8'), readFileSync(resolve(SRC, 'wards.csv'), 'utf8'));
    expect(shipped).toEqual(fresh);
  });
});

describe('type-ahead without diacritics', () => {
  it('folds Vietnamese', () => {
    expect(foldVi('Đại Phúc')).toBe('dai phuc');
    expect(foldVi('  Xã  Tân Cương ')).toBe('xa tan cuong');
  });
  it('matches typed words against label words, with or without diacritics', () => {
    expect(matchesTyped('Xã Tân Cương', 'tan cuong')).toBe(true);
    expect(matchesTyped('Xã Tân Cương', 'Tân Cư')).toBe(true);
    expect(matchesTyped('Xã Tân Cương', 'x tan c')).toBe(true);
    expect(matchesTyped('Xã Tân Cương', 'dai')).toBe(false);
    expect(matchesTyped('Phường Phan Đình Phùng', 'dinh phung')).toBe(true);
    expect(matchesTyped('Thái Nguyên', 'thai ng')).toBe(true);
    expect(matchesTyped('Thái Nguyên', 'hue')).toBe(false);
  });
  it('parses quoted CSV names holding commas', () => {
    const f = convertVnAdmin('code,name,fullName,slug,type,isCentral\n19,Thái Nguyên,Tỉnh Thái Nguyên,thai-nguyen,province,false\n',
      'code,name,fullName,slug,type,provinceCode\n01854,"Tân Cương","Xã Tân Cương, Tỉnh Thái Nguyên",tan-cuong,commune,19\n');
    expect(f.communes).toEqual([['01854', 'Xã Tân Cương', '19']]);
    expect(f.provinces).toEqual([['19', 'Thái Nguyên', 'Tỉnh Thái Nguyên']]);
  });
});
