/**
 * The facility's priced catalogue: services (DVKT), drugs (THUOC) and supplies (VTYT) with the national
 * common code, BHYT price, the facility's own price and the dates each price applies. The demo file
 * (data/demo-catalogue.csv) has fictional prices and codes shaped like the national ones
 * (DVKT XX.YYYY.ZZZZ, drug "group.order" of the active-ingredient list, supplies Nxx.xx.xxx); its columns
 * are named after the XML2/XML3 elements they feed.
 */
export type CatalogueKind = 'DVKT' | 'THUOC' | 'VTYT';

export interface CatalogueItem {
  kind: CatalogueKind;
  code: string;
  name: string;
  unit: string;
  group: number; // MA_NHOM
  priceBh: number; // DON_GIA_BH (or DON_GIA for drugs)
  priceBv: number; // DON_GIA_BV
  rateBh: number; // TYLE_TT_BH
  scope: number; // PHAM_VI
  from: string; // yyyyMMdd
  to: string | null; // yyyyMMdd or open
}

export interface CatalogueRowError {
  line: number;
  column: string;
  message: string;
}

const COLUMNS = ['LOAI', 'MA', 'TEN', 'DON_VI_TINH', 'MA_NHOM', 'DON_GIA_BH', 'DON_GIA_BV', 'TYLE_TT_BH', 'PHAM_VI', 'TU_NGAY', 'DEN_NGAY'];
const CODE: Record<CatalogueKind, RegExp> = {
  DVKT: /^\d{2}\.\d{4}\.\d{4}$/,
  THUOC: /^\d{2}\.\d{1,4}$/,
  VTYT: /^N\d{2}\.\d{2}\.\d{3}$/,
};

/** Parses the CSV (no quoted commas in this layout). Returns the items, or every row error and no items. */
export function parseCatalogueCsv(text: string): { items: CatalogueItem[]; errors: CatalogueRowError[] } {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((s) => s.trim());
  const errors: CatalogueRowError[] = [];
  if (header.join(',') !== COLUMNS.join(',')) {
    return { items: [], errors: [{ line: 1, column: '*', message: `cột phải là ${COLUMNS.join(',')}` }] };
  }
  const items: CatalogueItem[] = [];
  lines.slice(1).forEach((raw, idx) => {
    const line = idx + 2;
    if (raw.trim() === '') return;
    const c = raw.split(',');
    const get = (name: string) => (c[COLUMNS.indexOf(name)] ?? '').trim();
    const kind = get('LOAI') as CatalogueKind;
    const err = (column: string, message: string) => errors.push({ line, column, message });
    if (!(kind in CODE)) return err('LOAI', 'LOAI phải là DVKT, THUOC hoặc VTYT');
    const code = get('MA');
    if (!CODE[kind].test(code)) err('MA', `mã ${kind} sai định dạng: "${code}"`);
    const num = (name: string, min: number, max: number) => {
      const s = get(name);
      const v = Number(s);
      if (s === '' || !Number.isFinite(v) || v < min || v > max) {
        err(name, `${name} phải là số từ ${min} đến ${max}: "${s}"`);
        return 0;
      }
      return v;
    };
    const date = (name: string, optional: boolean) => {
      const s = get(name);
      if (s === '' && optional) return null;
      if (!/^\d{8}$/.test(s)) err(name, `${name} phải có dạng yyyyMMdd: "${s}"`);
      return s;
    };
    const item: CatalogueItem = {
      kind,
      code,
      name: get('TEN'),
      unit: get('DON_VI_TINH'),
      group: num('MA_NHOM', 1, 19),
      priceBh: num('DON_GIA_BH', 0, 1e12),
      priceBv: num('DON_GIA_BV', 0, 1e12),
      rateBh: num('TYLE_TT_BH', 0, 100),
      scope: num('PHAM_VI', 1, 3),
      from: date('TU_NGAY', false) ?? '',
      to: date('DEN_NGAY', true),
    };
    if (item.name === '') err('TEN', 'thiếu tên');
    if (item.to && item.to < item.from) err('DEN_NGAY', 'DEN_NGAY trước TU_NGAY');
    items.push(item);
  });
  return errors.length ? { items: [], errors } : { items, errors };
}

export class Catalogue {
  private readonly byCode = new Map<string, CatalogueItem[]>();
  constructor(items: CatalogueItem[]) {
    for (const i of items) {
      const list = this.byCode.get(i.code) ?? [];
      list.push(i);
      this.byCode.set(i.code, list);
    }
  }
  /** The price in force on the day (yyyyMMdd…), or undefined. */
  on(code: string, day: string): CatalogueItem | undefined {
    const d = day.slice(0, 8);
    return this.byCode.get(code)?.find((i) => i.from <= d && (i.to === null || d <= i.to));
  }
  has(code: string): boolean {
    return this.byCode.has(code);
  }
}
