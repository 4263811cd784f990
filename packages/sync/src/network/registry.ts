/**
 * The network registry's CSV (issue 18 item 1): one line per facility, checked whole (every line's
 * errors are listed; nothing is imported when any line is wrong), and a generator for a simulated
 * network with one station per commune of the 2025 list, for demos and benches. Pure: the
 * generator takes its random numbers from the caller.
 */
import { VN_PROVINCES } from './vn-provinces.generated.ts';

export const LEVELS = ['commune_station', 'regional_centre', 'provincial_hospital', 'central_hospital'] as const;
export type Level = (typeof LEVELS)[number];

export interface RegistryRow {
  code: string;
  name: string;
  level: Level;
  provinceCode: string;
  commune: string;
  communeCode: string | null;
  supervisorCode: string | null;
  population: number;
  popAdult40: number;
  popUnder5: number;
  lat: number | null;
  lon: number | null;
}

export const REGISTRY_COLUMNS = ['code', 'name', 'level', 'province_code', 'commune', 'commune_code', 'supervisor_code', 'population', 'pop_adult40', 'pop_under5', 'lat', 'lon'] as const;

export interface RowError { line: number; field: string; message: string; messageVi: string }

/** RFC 4180 lines (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cur = '', q = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (q) {
      if (ch === '"' && s[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cur); cur = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cur); rows.push(row); row = []; cur = '';
    } else cur += ch;
  }
  if (cur !== '' || row.length) { row.push(cur); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

const PROVINCE_CODES = new Set(VN_PROVINCES.map((p) => p.code));

export function parseRegistry(text: string): { rows: RegistryRow[]; errors: RowError[] } {
  const lines = parseCsv(text);
  const errors: RowError[] = [];
  const header = (lines[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REGISTRY_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { rows: [], errors: [{ line: 1, field: missing[0]!, message: `missing column ${missing.join(', ')}`, messageVi: `thiếu cột ${missing.join(', ')}` }] };
  const at = (r: string[], c: string) => (r[header.indexOf(c)] ?? '').trim();
  const rows: RegistryRow[] = [];
  const codes = new Map<string, number>();
  lines.slice(1).forEach((r, i) => {
    const line = i + 2;
    const err = (field: string, message: string, messageVi: string) => errors.push({ line, field, message, messageVi });
    const int = (c: string): number => {
      const v = at(r, c);
      if (v === '') return 0;
      if (!/^[0-9]{1,9}$/.test(v)) { err(c, `${c} must be a whole number`, `${c} phải là số nguyên không âm`); return 0; }
      return Number(v);
    };
    const coord = (c: string, lim: number): number | null => {
      const v = at(r, c).replace(',', '.');
      if (v === '') return null;
      const n = Number(v);
      if (!/^-?[0-9]+(\.[0-9]+)?$/.test(v) || Math.abs(n) > lim) { err(c, `${c} must be a number within ±${lim}`, `${c} phải là số trong khoảng ±${lim}`); return null; }
      return n;
    };
    const code = at(r, 'code');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(code)) err('code', 'code: 1–40 letters, digits, . _ -', 'mã: 1–40 chữ cái, chữ số, . _ -');
    else if (codes.has(code)) err('code', `code ${code} repeats line ${codes.get(code)}`, `mã ${code} trùng với dòng ${codes.get(code)}`);
    else codes.set(code, line);
    const name = at(r, 'name');
    if (!name || name.length > 200) err('name', 'name: 1–200 characters', 'tên: 1–200 ký tự');
    const level = at(r, 'level') as Level;
    if (!LEVELS.includes(level)) err('level', `level must be one of ${LEVELS.join(', ')}`, `tuyến phải là một trong ${LEVELS.join(', ')}`);
    const provinceCode = at(r, 'province_code').padStart(2, '0');
    if (!PROVINCE_CODES.has(provinceCode)) err('province_code', `unknown province code ${at(r, 'province_code')}`, `mã tỉnh không có: ${at(r, 'province_code')}`);
    const commune = at(r, 'commune');
    if (!commune || commune.length > 200) err('commune', 'commune: 1–200 characters', 'xã/phường: 1–200 ký tự');
    const population = int('population'), popAdult40 = int('pop_adult40'), popUnder5 = int('pop_under5');
    if (popAdult40 + popUnder5 > population) err('population', 'the age bands exceed the population', 'các nhóm tuổi vượt quá dân số');
    const lat = coord('lat', 90), lon = coord('lon', 180);
    rows.push({ code, name, level, provinceCode, commune, communeCode: at(r, 'commune_code') || null, supervisorCode: at(r, 'supervisor_code') || null, population, popAdult40, popUnder5, lat, lon });
  });
  for (const [i, r] of rows.entries()) {
    if (r.supervisorCode && r.supervisorCode === r.code) errors.push({ line: i + 2, field: 'supervisor_code', message: 'a facility cannot supervise itself', messageVi: 'cơ sở không thể tự giám sát' });
  }
  return { rows: errors.length ? [] : rows, errors };
}

/**
 * A simulated network: one commune station per commune (the caller passes the 2025 list, or none:
 * then each province gets its count of numbered communes), supervised by one provincial hospital
 * per province. Populations: lognormal around 9,000 (communes) and 25,000 (wards); adults ≥ 40 at
 * 38 % and under-5s at 7 % of them — plausible shares for the 2019 census's age pyramid
 * (GSO, Completed results of the 2019 Population and Housing Census), rounded; unverified per commune.
 */
export function simulateNetwork(rand: () => number, communes?: ReadonlyArray<{ code: string; name: string; type: string; provinceCode: string }>): RegistryRow[] {
  const list = communes ?? VN_PROVINCES.flatMap((p) => Array.from({ length: p.communes }, (_, i) => ({ code: `${p.code}${String(i + 1).padStart(4, '0')}`, name: `Xã số ${i + 1}`, type: 'commune', provinceCode: p.code })));
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const out: RegistryRow[] = VN_PROVINCES.map((p) => ({
    code: `BV-${p.code}`, name: `Bệnh viện tỉnh ${p.name}`, level: 'provincial_hospital', provinceCode: p.code, commune: p.name, communeCode: null,
    supervisorCode: null, population: 0, popAdult40: 0, popUnder5: 0, lat: null, lon: null,
  }));
  for (const c of list) {
    const population = Math.round((c.type === 'ward' ? 25_000 : 9_000) * Math.exp(0.45 * gauss()));
    out.push({
      code: `TYT-${c.code}`, name: `Trạm Y tế ${c.name}`, level: 'commune_station', provinceCode: c.provinceCode, commune: c.name, communeCode: c.code,
      supervisorCode: `BV-${c.provinceCode}`, population, popAdult40: Math.round(population * 0.38), popUnder5: Math.round(population * 0.07), lat: null, lon: null,
    });
  }
  return out;
}

export function registryCsv(rows: readonly RegistryRow[]): string {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [REGISTRY_COLUMNS.join(','), ...rows.map((r) => [r.code, r.name, r.level, r.provinceCode, r.commune, r.communeCode ?? '', r.supervisorCode ?? '', r.population, r.popAdult40, r.popUnder5, r.lat ?? '', r.lon ?? ''].map((v) => q(String(v))).join(','))].join('\n') + '\n';
}
