/**
 * Vietnam's provinces (34) and commune-level units (3,320) after the 2025 reorganisation, for the
 * registration pickers (issue 15, point 11). The web app ships a compact copy,
 * apps/web/public/reference/vn-admin-2025.json, converted by apps/web/scripts/convert-vn-admin.ts
 * from ../shared/reference/vn-admin-2025 (source: the public dataset khanhk8a/vn-geo v0.0.1, June
 * 2025, "free for any lawful use"; not official: its codes are its own numbering, not the General
 * Statistics Office's). A deployment replaces it with the official list.
 */

export interface VnAdminFile {
  source: string;
  licence: string;
  provinces: Array<[code: string, name: string, fullName: string]>;
  /** [code, label ("Xã Tân Cương", "Phường Phan Đình Phùng"), provinceCode] */
  communes: Array<[code: string, label: string, provinceCode: string]>;
}

export const VN_ADMIN_SOURCE = 'khanhk8a/vn-geo v0.0.1 (June 2025), via ../shared/reference/vn-admin-2025; not official (codes are the dataset\'s own numbering)';
export const VN_ADMIN_LICENCE = 'free for any lawful use (the dataset\'s terms, as stated in ../shared/reference/vn-admin-2025/README.md)';

/** Diacritic-free, lower-case search key: "Đại Phúc" → "dai phuc" (NFD, combining marks stripped, đ → d). */
export function foldVi(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether every word typed starts a word of the label (folded): "tan cuong", "x tan c" and "Tân" match "Xã Tân Cương". */
export function matchesTyped(label: string, typed: string): boolean {
  const q = foldVi(typed);
  if (!q) return true;
  const words = foldVi(label).split(/[\s-]+/);
  const folded = foldVi(label);
  return folded.includes(q) || q.split(' ').every((w) => words.some((x) => x.startsWith(w)));
}

/** One CSV record with double-quoted fields (the source quotes names, which hold commas). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let j = i + 1;
      let v = '';
      for (;;) {
        const k = line.indexOf('"', j);
        if (k < 0) throw new Error(`unterminated quote: ${line}`);
        v += line.slice(j, k);
        if (line[k + 1] === '"') { v += '"'; j = k + 2; continue; }
        i = k + 1;
        break;
      }
      out.push(v);
      i++; // the comma
    } else {
      const k = line.indexOf(',', i);
      const end = k < 0 ? line.length : k;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

function records(csv: string): Array<Record<string, string>> {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  const head = csvFields(lines[0]!);
  return lines.slice(1).map((l) => Object.fromEntries(csvFields(l).map((v, i) => [head[i]!, v])));
}

/** provinces.csv + wards.csv → the compact file (sorted by Vietnamese collation of the labels). */
export function convertVnAdmin(provincesCsv: string, wardsCsv: string): VnAdminFile {
  const coll = new Intl.Collator('vi');
  const provinces = records(provincesCsv).map((r) => [r.code!, r.name!, r.fullName!] as [string, string, string]).sort((a, b) => coll.compare(a[1], b[1]));
  const communes = records(wardsCsv)
    .map((r) => [r.code!, r.fullName!.split(', ')[0]!, r.provinceCode!] as [string, string, string])
    .sort((a, b) => a[2].localeCompare(b[2]) || coll.compare(a[1], b[1]));
  return { source: VN_ADMIN_SOURCE, licence: VN_ADMIN_LICENCE, provinces, communes };
}

let cache: Promise<VnAdminFile> | null = null;
/** The shipped file, fetched once from this server (never from the internet). */
export function loadVnAdmin(): Promise<VnAdminFile> {
  cache ??= fetch('/reference/vn-admin-2025.json').then((r) => {
    if (!r.ok) throw new Error(`vn-admin-2025.json: ${r.status}`);
    return r.json() as Promise<VnAdminFile>;
  });
  cache.catch(() => { cache = null; });
  return cache;
}
