/**
 * Vendor AI results → suggestions (kind 'vendor', tool 'vendor-chexnet' by default).
 *
 * Accepted inputs:
 *  - CSV, wide (the NIH/CheXNet form): `image,prob_<Finding>,…` (label_* columns are ignored: they
 *    are reference truth, not vendor output);
 *  - CSV, long: `sop_instance_uid` or `image`, `finding`, `probability`, optional `box_x,box_y,box_w,box_h`;
 *  - JSON: an array (or {results: [...]}) of {sopInstanceUid? | image?, finding, probability, box?: {x,y,width,height}};
 *  - DICOM SR (TID 1500 measurement report) via the imaging package's parser.
 * The whole file is validated first: any bad row → 400 naming the row and column, nothing imported.
 * Rows about images not stored at the caller's facility are skipped and counted (vendor feeds cover
 * more images than one site holds). Re-importing the same result is a no-op.
 */
import type { Db } from '../../db/db.ts';
import { AppError } from '../../lib/errors.ts';
import { upsertTool } from '../tools/tools.repo.ts';
import { alreadyRecorded, type BoxPx, recordFinding } from './findings.ts';
import { parseMeasurementReport, readDicom } from './imaging-lib.ts';

export const VENDOR_TOOL = { id: 'vendor-chexnet', name: 'CheXNet reproduction', version: '2018.1', riskTier: 'high' as const };

/** Image names match without folder or extension (NIH lists '.png', the sample ships '.jpg'). */
export const imageStem = (name: string) => name.replace(/^.*[\\/]/, '').replace(/\.(png|jpe?g|dcm)$/i, '');

export interface VendorRow {
  /** 1-based data row number in the source (CSV: the line number). */
  row: number;
  sopInstanceUid?: string;
  image?: string;
  finding: string;
  probability: number;
  box?: BoxPx;
}

export class VendorImportError extends AppError {
  constructor(row: number, column: string, message: string, messageVi: string) {
    super(400, 'VENDOR_ROW_INVALID', `row ${row}, column "${column}": ${message}`, `Dòng ${row}, cột "${column}": ${messageVi}`, column, { row, column });
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

function prob(raw: string | undefined, row: number, column: string): number {
  const s = (raw ?? '').trim();
  const p = s === '' ? NaN : Number(s);
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new VendorImportError(row, column, `probability must be a number from 0 to 1, got ${JSON.stringify(raw ?? '')}`, `xác suất phải là số từ 0 đến 1, nhận được ${JSON.stringify(raw ?? '')}`);
  return p;
}

function boxOf(vals: Array<[string, string | undefined]>, row: number): BoxPx | undefined {
  if (vals.every(([, v]) => (v ?? '').trim() === '')) return undefined;
  const n = vals.map(([col, v]) => {
    const x = Number((v ?? '').trim());
    if ((v ?? '').trim() === '' || !Number.isFinite(x) || x < 0) throw new VendorImportError(row, col, `box coordinates must be numbers ≥ 0, got ${JSON.stringify(v ?? '')}`, `toạ độ khung phải là số ≥ 0, nhận được ${JSON.stringify(v ?? '')}`);
    return x;
  });
  if (n[2]! <= 0 || n[3]! <= 0) throw new VendorImportError(row, vals[n[2]! <= 0 ? 2 : 3]![0], 'box width and height must be > 0', 'chiều rộng và chiều cao khung phải > 0');
  return { x: n[0]!, y: n[1]!, width: n[2]!, height: n[3]! };
}

export function parseVendorCsv(text: string): VendorRow[] {
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new VendorImportError(text.slice(0, nul).split('\n').length, 'text', 'contains a NUL character (U+0000)', 'chứa ký tự NUL (U+0000)');
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = (rows[0] ?? []).map((h) => h.trim());
  if (header.length === 0) throw new VendorImportError(1, 'header', 'the file is empty', 'tệp rỗng');
  const col = (name: string) => header.findIndex((h) => h.toLowerCase() === name);
  const out: VendorRow[] = [];
  const probCols = header.map((h, i) => [h, i] as const).filter(([h]) => /^prob_/i.test(h));
  const imageCol = col('image') >= 0 ? col('image') : col('image index');
  const sopCol = col('sop_instance_uid');
  if (probCols.length > 0) {
    if (imageCol < 0 && sopCol < 0) throw new VendorImportError(1, 'image', 'a wide CSV needs an "image" or "sop_instance_uid" column', 'tệp CSV cần cột "image" hoặc "sop_instance_uid"');
    for (let r = 1; r < rows.length; r++) {
      const line = r + 1;
      const cells = rows[r]!;
      const image = imageCol >= 0 ? cells[imageCol]?.trim() : undefined;
      const sop = sopCol >= 0 ? cells[sopCol]?.trim() : undefined;
      if (!image && !sop) throw new VendorImportError(line, imageCol >= 0 ? header[imageCol]! : 'sop_instance_uid', 'the image is missing', 'thiếu tên ảnh');
      for (const [h, i] of probCols) {
        out.push({ row: line, ...(sop ? { sopInstanceUid: sop } : {}), ...(image ? { image } : {}), finding: h.replace(/^prob_/i, '').replace(/_/g, ' '), probability: prob(cells[i], line, h) });
      }
    }
    return out;
  }
  const findingCol = col('finding');
  const probCol = col('probability');
  if (findingCol < 0) throw new VendorImportError(1, 'finding', 'missing column "finding" (or prob_<finding> columns)', 'thiếu cột "finding"');
  if (probCol < 0) throw new VendorImportError(1, 'probability', 'missing column "probability"', 'thiếu cột "probability"');
  if (imageCol < 0 && sopCol < 0) throw new VendorImportError(1, 'sop_instance_uid', 'missing column "sop_instance_uid" or "image"', 'thiếu cột "sop_instance_uid" hoặc "image"');
  const bx = ['box_x', 'box_y', 'box_w', 'box_h'].map((n) => [n, col(n)] as const);
  for (let r = 1; r < rows.length; r++) {
    const line = r + 1;
    const cells = rows[r]!;
    const image = imageCol >= 0 ? cells[imageCol]?.trim() : undefined;
    const sop = sopCol >= 0 ? cells[sopCol]?.trim() : undefined;
    if (!image && !sop) throw new VendorImportError(line, sopCol >= 0 ? 'sop_instance_uid' : 'image', 'the image is missing', 'thiếu tên ảnh hoặc SOP Instance UID');
    const finding = cells[findingCol]?.trim();
    if (!finding) throw new VendorImportError(line, 'finding', 'the finding is missing', 'thiếu tên dấu hiệu');
    const box = bx.every(([, i]) => i >= 0) ? boxOf(bx.map(([n, i]) => [n, cells[i]]), line) : undefined;
    out.push({ row: line, ...(sop ? { sopInstanceUid: sop } : {}), ...(image ? { image } : {}), finding, probability: prob(cells[probCol], line, 'probability'), ...(box ? { box } : {}) });
  }
  return out;
}

export function parseVendorJson(json: unknown): VendorRow[] {
  const arr = Array.isArray(json) ? json : (json as { results?: unknown })?.results;
  if (!Array.isArray(arr)) throw new VendorImportError(1, 'results', 'expected an array of results (or {"results": [...]})', 'cần một mảng kết quả');
  return arr.map((x, i) => {
    const row = i + 1;
    const o = (x ?? {}) as Record<string, unknown>;
    const sop = typeof o.sopInstanceUid === 'string' ? o.sopInstanceUid.trim() : undefined;
    const image = typeof o.image === 'string' ? o.image.trim() : undefined;
    if (!sop && !image) throw new VendorImportError(row, 'sopInstanceUid', 'the image is missing', 'thiếu tên ảnh hoặc SOP Instance UID');
    if (typeof o.finding !== 'string' || !o.finding.trim()) throw new VendorImportError(row, 'finding', 'the finding is missing', 'thiếu tên dấu hiệu');
    const probability = prob(typeof o.probability === 'number' ? String(o.probability) : typeof o.probability === 'string' ? o.probability : '', row, 'probability');
    let box: BoxPx | undefined;
    if (o.box !== undefined && o.box !== null) {
      const b = o.box as Record<string, unknown>;
      box = boxOf([['box.x', String(b.x ?? '')], ['box.y', String(b.y ?? '')], ['box.width', String(b.width ?? '')], ['box.height', String(b.height ?? '')]], row);
    }
    return { row, ...(sop ? { sopInstanceUid: sop } : {}), ...(image ? { image } : {}), finding: o.finding.trim(), probability, ...(box ? { box } : {}) };
  });
}

export function parseVendorSr(bytes: Uint8Array): VendorRow[] {
  let report;
  try {
    const file = readDicom(bytes);
    report = parseMeasurementReport(file.dataset);
  } catch (e) {
    const err = e as { code?: string; message: string; field?: string };
    throw new AppError(400, err.code ?? 'SR_INVALID', `DICOM SR: ${err.message}`, 'Báo cáo có cấu trúc DICOM (SR) không hợp lệ', err.field);
  }
  return report.findings.map((f, i) => {
    const sop = f.referencedSopInstanceUid ?? report.referencedImages[0];
    if (!sop) throw new VendorImportError(i + 1, 'ReferencedSOPInstanceUID', 'the SR finding names no image', 'dấu hiệu trong SR không tham chiếu ảnh nào');
    if (f.probability === undefined) throw new VendorImportError(i + 1, 'probability', `finding ${f.code.meaning} has no probability`, `dấu hiệu ${f.code.meaning} không có xác suất`);
    return { row: i + 1, sopInstanceUid: sop, finding: f.code.meaning, probability: prob(String(f.probability), i + 1, 'probability'), ...(f.box ? { box: f.box } : {}) };
  });
}

export async function ensureVendorTool(db: Db) {
  await upsertTool(db, { id: VENDOR_TOOL.id, name: VENDOR_TOOL.name, kind: 'vendor', current_version: VENDOR_TOOL.version, risk_tier: VENDOR_TOOL.riskTier, risk_rationale: 'Chest X-ray triage suggestions from a vendor model (CheXNet reproduction, NIH ChestX-ray14); not validated on Vietnamese patients.' });
}

export interface ImportResult { rows: number; recorded: number; shadow: number; skippedUnknownImage: number; alreadyImported: number; notRecordedStage: number }

/** Imports parsed rows in one transaction (all or nothing). */
export async function importVendorRows(db: Db, facilityIds: string[], rows: VendorRow[], o: { thresholds?: Record<string, number>; defaultThreshold?: number; now?: Date } = {}): Promise<ImportResult> {
  const now = o.now ?? new Date();
  await ensureVendorTool(db);
  const result: ImportResult = { rows: rows.length, recorded: 0, shadow: 0, skippedUnknownImage: 0, alreadyImported: 0, notRecordedStage: 0 };
  const sops = [...new Set(rows.map((r) => r.sopInstanceUid).filter((x): x is string => !!x))];
  const images = [...new Set(rows.map((r) => r.image).filter((x): x is string => !!x).map(imageStem))];
  const found = await db.query<{ id: string; study_id: string; sop_instance_uid: string; source_name: string | null; patient_id: string | null; facility_id: string }>(
    `SELECT i.id, i.study_id, i.sop_instance_uid, i.source_name, s.patient_id, s.facility_id FROM imaging_instance i JOIN imaging_study s ON s.id = i.study_id
     WHERE s.facility_id = ANY($1::uuid[]) AND (i.sop_instance_uid = ANY($2::text[]) OR i.source_name = ANY($3::text[]))`,
    [facilityIds, sops, images],
  );
  const bySop = new Map(found.map((f) => [f.sop_instance_uid, f]));
  const byName = new Map(found.filter((f) => f.source_name).map((f) => [f.source_name!, f]));
  await db.tx(async (q) => {
    for (const r of rows) {
      const inst = (r.sopInstanceUid && bySop.get(r.sopInstanceUid)) || (r.image && byName.get(imageStem(r.image)));
      if (!inst) { result.skippedUnknownImage++; continue; }
      if (!inst.patient_id) { result.skippedUnknownImage++; continue; }
      const target = { studyId: inst.study_id, instanceId: inst.id, sopInstanceUid: inst.sop_instance_uid, sourceName: inst.source_name, patientId: inst.patient_id, facilityId: inst.facility_id };
      if (await alreadyRecorded(q, VENDOR_TOOL.id, target, r.finding)) { result.alreadyImported++; continue; }
      const threshold = o.thresholds?.[r.finding] ?? o.defaultThreshold ?? 0.5;
      const s = await recordFinding(q, { id: VENDOR_TOOL.id, version: VENDOR_TOOL.version, kind: 'vendor' }, target, { label: r.finding, probability: r.probability, threshold, ...(r.box ? { box: r.box } : {}) },
        { vendor: VENDOR_TOOL.name, version: VENDOR_TOOL.version, sourceRow: r.row, thresholdSource: o.thresholds?.[r.finding] !== undefined ? 'import' : 'default 0.5' }, now);
      if (!s) result.notRecordedStage++;
      else if (s.visibility === 'shadow') result.shadow++;
      else result.recorded++;
    }
  });
  return result;
}
