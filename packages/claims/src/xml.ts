/** Serialising the tables: every field of the table is written, in the decision's order (empty when absent). */
import { TABLES, type TableId } from './tables.ts';

export type Row = Record<string, string>;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESC[c]!);
}

function fieldsXml(id: TableId, row: Row, indent: string): string {
  let out = '';
  for (const field of TABLES[id].fields) {
    const v = row[field.name] ?? '';
    out += v === '' ? `${indent}<${field.name}/>\n` : `${indent}<${field.name}>${escapeXml(v)}</${field.name}>\n`;
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
export function ts12(iso: string): string {
  // Accepts 'YYYY-MM-DDTHH:mm' (local time, no zone): the claim carries the wall clock of the facility.
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) throw new Error(`not a local date-time: ${iso}`);
  return `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}`;
}
export function ts8(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) throw new Error(`not a date: ${isoDate}`);
  return `${m[1]}${m[2]}${m[3]}`;
}
