/** Serialising the tables: every field of the table is written, in the decision's order (empty when absent). */
import { TABLES, type TableId } from './tables.ts';

export type Row = Record<string, string>;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const NEEDS_ESCAPE = /[&<>"]/;
const ESCAPE_ALL = /[&<>"]/g;
const escapeChar = (c: string) => ESC[c]!;
export function escapeXml(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, escapeChar) : s;
}

/** Per table and indent, the field names with their tags precomputed (open, close, empty). */
const TAGS = new Map<string, Array<[string, string, string, string]>>();
function tags(id: TableId, indent: string) {
  const key = id + indent;
  let t = TAGS.get(key);
  if (!t) TAGS.set(key, (t = TABLES[id].fields.map((f) => [f.name, `${indent}<${f.name}>`, `</${f.name}>\n`, `${indent}<${f.name}/>\n`])));
  return t;
}

function fieldsXml(id: TableId, row: Row, indent: string): string {
  let out = '';
  const t = tags(id, indent);
  for (let i = 0; i < t.length; i++) {
    const [name, open, close, empty] = t[i]!;
    const v = row[name];
    out += v === undefined || v === '' ? empty : open + escapeXml(v) + close;
  }
  return out;
}

/** One table file (the content that goes base64-encoded into FILEHOSO/NOIDUNGFILE). */
export function tableXml(id: TableId, rows: Row[]): string {
  const spec = TABLES[id];
  let body: string;
  if (spec.list && spec.record) {
    body = `  <${spec.list}>\n`;
    for (const row of rows) body += `    <${spec.record}>\n${fieldsXml(id, row, '      ')}    </${spec.record}>\n`;
    body += `  </${spec.list}>\n`;
  } else {
    if (rows.length !== 1) throw new Error(`${id} has exactly one record, got ${rows.length}`);
    body = fieldsXml(id, rows[0]!, '  ');
  }
  return `<?xml version="1.0" encoding="utf-8"?>\n<${spec.root}>\n${body}</${spec.root}>\n`;
}

/** Money: at most 2 decimals, "." separator, no thousands separator (decision's "Ghi chú" on amounts). */
export function money(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Number.isInteger(r) ? String(r) : r.toFixed(2).replace(/0$/, '');
}
/** Quantities and unit prices: at most 3 decimals. */
export function qty(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return Number.isInteger(r) ? String(r) : String(r);
}

/** yyyyMMddHHmm from a local wall-clock {y,m,d,h,mi} — the decision's instants are Vietnam local time. */
const LOCAL_DT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const LOCAL_D = /^\d{4}-\d{2}-\d{2}/;
export function ts12(iso: string): string {
  // Accepts 'YYYY-MM-DDTHH:mm' (local time, no zone): the claim carries the wall clock of the facility.
  if (!LOCAL_DT.test(iso)) throw new Error(`not a local date-time: ${iso}`);
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
}
export function ts8(isoDate: string): string {
  if (!LOCAL_D.test(isoDate)) throw new Error(`not a date: ${isoDate}`);
  return isoDate.slice(0, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);
}
