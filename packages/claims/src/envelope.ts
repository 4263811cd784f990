/**
 * The GIAMDINHHS envelope (Decision 130/QĐ-BYT, "Cấu trúc hồ sơ XML"): THONGTINDONVI/MACSKCB,
 * THONGTINHOSO with NGAYLAP (yyyyMMdd), SOLUONGHOSO and DANHSACHHOSO/HOSO/FILEHOSO (LOAIHOSO, NOIDUNGFILE =
 * base64 of the table's UTF-8 XML), then CHUKYDONVI holding the facility's XML signature (sign.ts).
 */
import { DOMParser } from '@xmldom/xmldom';
import type { ClaimRecord } from './build.ts';
import { recordFiles } from './build.ts';
import { TABLES, TABLE_IDS, type TableId } from './tables.ts';
import type { Row } from './xml.ts';

/** The text between `<GIAMDINHHS>` and `<CHUKYDONVI>`: already in canonical form (elements without
 *  attributes, namespaces or escaped characters; MACSKCB and NGAYLAP are checked to be plain codes). */
export function envelopeBody(maCskcb: string, ngayLap: string, records: ClaimRecord[]): string {
  if (!/^[0-9A-Z]{5}$/.test(maCskcb)) throw new Error(`MACSKCB phải gồm 5 chữ số/chữ hoa: "${maCskcb}"`);
  if (!/^[0-9]{8}$/.test(ngayLap)) throw new Error(`NGAYLAP phải có dạng yyyyMMdd: "${ngayLap}"`);
  let hoso = '';
  for (const r of records) {
    hoso += '      <HOSO>\n';
    for (const f of recordFiles(r)) {
      hoso += '        <FILEHOSO>\n          <LOAIHOSO>' + f.loai + '</LOAIHOSO>\n          <NOIDUNGFILE>' +
        Buffer.from(f.xml, 'utf8').toString('base64') + '</NOIDUNGFILE>\n        </FILEHOSO>\n';
    }
    hoso += '      </HOSO>\n';
  }
  return `
  <THONGTINDONVI>
    <MACSKCB>${maCskcb}</MACSKCB>
  </THONGTINDONVI>
  <THONGTINHOSO>
    <NGAYLAP>${ngayLap}</NGAYLAP>
    <SOLUONGHOSO>${records.length}</SOLUONGHOSO>
    <DANHSACHHOSO>
${hoso}    </DANHSACHHOSO>
  </THONGTINHOSO>
  `;
}

export const ENVELOPE_PROLOG = '<?xml version="1.0" encoding="utf-8"?>\n';
export const ENVELOPE_TAIL = '<CHUKYDONVI></CHUKYDONVI>\n</GIAMDINHHS>';

export function envelopeXml(maCskcb: string, ngayLap: string, records: ClaimRecord[]): string {
  return `${ENVELOPE_PROLOG}<GIAMDINHHS>${envelopeBody(maCskcb, ngayLap, records)}${ENVELOPE_TAIL}\n`;
}

export interface ParsedEnvelope {
  maCskcb: string;
  ngayLap: string;
  soLuongHoSo: string;
  records: ClaimRecord[];
  /** files whose LOAIHOSO is not one this package models (kept, not checked) */
  otherFiles: string[];
  problems: string[];
}

type El = { getElementsByTagName(n: string): { length: number; item(i: number): El | null }; textContent: string | null; childNodes: { length: number; item(i: number): unknown } };

const text = (el: El, name: string) => el.getElementsByTagName(name).item(0)?.textContent?.trim() ?? '';
const children = (el: El): El[] => {
  const out: El[] = [];
  for (let i = 0; i < el.childNodes.length; i++) {
    const n = el.childNodes.item(i) as El & { nodeType: number };
    if (n.nodeType === 1) out.push(n);
  }
  return out;
};

export function parseXml(xml: string): El {
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => {},
      error: (msg: string) => problems.push(msg),
      fatalError: (msg: string) => problems.push(msg),
    },
  }).parseFromString(xml, 'text/xml') as unknown as { documentElement: El | null };
  if (problems.length || !doc.documentElement) throw new Error(`XML không hợp lệ: ${problems[0] ?? 'không có phần tử gốc'}`);
  return doc.documentElement;
}

/** Rows of one table file. */
export function parseTable(id: TableId, xml: string): Row[] {
  const root = parseXml(xml) as El & { tagName: string };
  const spec = TABLES[id];
  if (root.tagName !== spec.root) throw new Error(`${id}: phần tử gốc phải là ${spec.root}, không phải ${root.tagName}`);
  const toRow = (el: El): Row => {
    const row: Row = {};
    for (const c of children(el)) row[(c as El & { tagName: string }).tagName] = c.textContent?.trim() ?? '';
    return row;
  };
  if (!spec.record) return [toRow(root)];
  const recs = root.getElementsByTagName(spec.record);
  const rows: Row[] = [];
  for (let i = 0; i < recs.length; i++) rows.push(toRow(recs.item(i)!));
  return rows;
}

export function parseEnvelope(xml: string): ParsedEnvelope {
  const root = parseXml(xml) as El & { tagName: string };
  if (root.tagName !== 'GIAMDINHHS') throw new Error(`phần tử gốc phải là GIAMDINHHS, không phải ${root.tagName}`);
  const out: ParsedEnvelope = {
    maCskcb: text(root, 'MACSKCB'),
    ngayLap: text(root, 'NGAYLAP'),
    soLuongHoSo: text(root, 'SOLUONGHOSO'),
    records: [],
    otherFiles: [],
    problems: [],
  };
  const hosos = root.getElementsByTagName('HOSO');
  for (let i = 0; i < hosos.length; i++) {
    const files = hosos.item(i)!.getElementsByTagName('FILEHOSO');
    const rec: ClaimRecord = { maLk: '', tables: {} };
    for (let j = 0; j < files.length; j++) {
      const file = files.item(j)!;
      const loai = text(file, 'LOAIHOSO');
      const b64 = text(file, 'NOIDUNGFILE').replace(/\s+/g, '');
      if (!(TABLE_IDS as string[]).includes(loai)) {
        out.otherFiles.push(loai);
        continue;
      }
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
        out.problems.push(`HOSO ${i + 1} ${loai}: NOIDUNGFILE không phải base64`);
        continue;
      }
      try {
        rec.tables[loai as TableId] = parseTable(loai as TableId, Buffer.from(b64, 'base64').toString('utf8'));
      } catch (e) {
        out.problems.push(`HOSO ${i + 1} ${loai}: ${(e as Error).message}`);
      }
    }
    rec.maLk = rec.tables.XML1?.[0]?.MA_LK ?? `HOSO ${i + 1}`;
    out.records.push(rec);
  }
  return out;
}
