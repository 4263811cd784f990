/**
 * Loads a CSV of tool outputs joined to outcomes into typed arrays, validating every row first:
 * missing columns, non-numeric scores, labels other than 0/1 and empty group values are reported
 * with their row (1-based, the header is row 1) and column. Nothing is partially imported: either
 * every row is valid and a Dataset is returned, or a DatasetError lists the first `maxErrors`
 * problems (and how many there were in all).
 */
import { GovernanceInputError } from './errors.ts';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv.ts';

export interface DatasetSpec {
  /** column with the tool's score (a finite number) */
  score: string;
  /** column with the reference label (0 or 1); omit for a baseline that only needs distributions */
  label?: string;
  /** subgroup columns (non-empty strings) */
  groups?: readonly string[];
  /** column with the clinician's own decision (0 or 1) */
  reader?: string;
  /** extra numeric columns (drift of inputs) */
  numeric?: readonly string[];
  /** extra categorical columns (non-empty strings) */
  categorical?: readonly string[];
  /** problems listed in a DatasetError; default 20 */
  maxErrors?: number;
}

export interface Dataset {
  n: number;
  scores: Float64Array;
  /** null when the spec has no label column */
  labels: Uint8Array | null;
  groups: Record<string, string[]>;
  reader: Uint8Array | null;
  numeric: Record<string, Float64Array>;
  categorical: Record<string, string[]>;
}

export type DatasetIssueCode = 'missing_column' | 'duplicate_column' | 'field_count' | 'empty_value' | 'not_a_number' | 'invalid_label' | 'csv_syntax' | 'no_rows';

export interface DatasetIssue {
  /** 1-based row, the header is row 1 */
  row: number;
  /** the column's name ('*' for a whole-row problem) */
  column: string;
  code: DatasetIssueCode;
  message: string;
}

export class DatasetError extends GovernanceInputError {
  readonly issues: DatasetIssue[];
  /** total problems found (issues holds the first maxErrors) */
  readonly totalIssues: number;
  constructor(issues: DatasetIssue[], totalIssues: number) {
    const first = issues[0]!;
    super('invalid_type', `row ${first.row}, column ${first.column}`, `${first.message}${totalIssues > 1 ? ` (and ${totalIssues - 1} more problem${totalIssues > 2 ? 's' : ''})` : ''}`);
    this.name = 'DatasetError';
    this.issues = issues;
    this.totalIssues = totalIssues;
  }
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Strict number parse: decimal notation only (no hex, no "Infinity", no empty string). */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (!NUMBER.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

export function loadDataset(csvText: string, spec: DatasetSpec): Dataset {
  let records: CsvRecord[];
  try {
    records = parseCsv(csvText);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new DatasetError([{ row: e.row, column: `field ${e.position}`, code: 'csv_syntax', message: e.message.replace(/^[^:]*: /, '') }], 1);
    throw e;
  }
  return datasetFromRecords(records, spec);
}

export function datasetFromRecords(records: readonly CsvRecord[], spec: DatasetSpec): Dataset {
  const maxErrors = spec.maxErrors ?? 20;
  const issues: DatasetIssue[] = [];
  let total = 0;
  const issue = (x: DatasetIssue) => {
    total++;
    if (issues.length < maxErrors) issues.push(x);
  };
  if (records.length === 0) throw new DatasetError([{ row: 1, column: '*', code: 'no_rows', message: 'the file is empty (no header)' }], 1);
  const header = records[0]!.fields.map((h) => h.trim());
  const pos = new Map<string, number>();
  header.forEach((h, k) => {
    if (pos.has(h)) issue({ row: 1, column: h, code: 'duplicate_column', message: `column "${h}" appears twice in the header` });
    else pos.set(h, k);
  });
  const wanted: [string, string][] = [['score', spec.score]];
  if (spec.label !== undefined) wanted.push(['label', spec.label]);
  if (spec.reader !== undefined) wanted.push(['reader', spec.reader]);
  for (const g of spec.groups ?? []) wanted.push(['group', g]);
  for (const g of spec.numeric ?? []) wanted.push(['numeric', g]);
  for (const g of spec.categorical ?? []) wanted.push(['categorical', g]);
  for (const [role, col] of wanted) {
    if (!pos.has(col)) issue({ row: 1, column: col, code: 'missing_column', message: `${role} column "${col}" is not in the header (columns: ${header.join(', ')})` });
  }
  if (total > 0) throw new DatasetError(issues, total);
  const n = records.length - 1;
  if (n === 0) throw new DatasetError([{ row: 2, column: '*', code: 'no_rows', message: 'the file has a header but no data rows' }], 1);

  const scores = new Float64Array(n);
  const labels = spec.label !== undefined ? new Uint8Array(n) : null;
  const reader = spec.reader !== undefined ? new Uint8Array(n) : null;
  const groups: Record<string, string[]> = {};
  for (const g of spec.groups ?? []) groups[g] = new Array<string>(n);
  const numeric: Record<string, Float64Array> = {};
  for (const g of spec.numeric ?? []) numeric[g] = new Float64Array(n);
  const categorical: Record<string, string[]> = {};
  for (const g of spec.categorical ?? []) categorical[g] = new Array<string>(n);

  const scoreAt = pos.get(spec.score)!;
  const labelAt = spec.label !== undefined ? pos.get(spec.label)! : -1;
  const readerAt = spec.reader !== undefined ? pos.get(spec.reader)! : -1;
  const binary = (rec: CsvRecord, at: number, col: string, k: number, into: Uint8Array) => {
    const raw = rec.fields[at]!;
    const v = parseNumber(raw);
    if (raw.trim() === '') issue({ row: rec.row, column: col, code: 'empty_value', message: `empty ${col}: expected 0 or 1` });
    else if (v !== 0 && v !== 1) issue({ row: rec.row, column: col, code: 'invalid_label', message: `"${raw}" is not a label: expected 0 or 1` });
    else into[k] = v;
  };
  const number = (rec: CsvRecord, at: number, col: string, k: number, into: Float64Array) => {
    const raw = rec.fields[at]!;
    const v = parseNumber(raw);
    if (raw.trim() === '') issue({ row: rec.row, column: col, code: 'empty_value', message: `empty ${col}: expected a number` });
    else if (v === null) issue({ row: rec.row, column: col, code: 'not_a_number', message: `"${raw}" is not a number` });
    else into[k] = v;
  };
  const text = (rec: CsvRecord, at: number, col: string, k: number, into: string[]) => {
    const raw = rec.fields[at]!.trim();
    if (raw === '') issue({ row: rec.row, column: col, code: 'empty_value', message: `empty value in group column ${col}` });
    else into[k] = raw;
  };
  for (let k = 0; k < n; k++) {
    const rec = records[k + 1]!;
    if (rec.fields.length !== header.length) {
      issue({ row: rec.row, column: '*', code: 'field_count', message: `the row has ${rec.fields.length} fields, the header has ${header.length}` });
      continue;
    }
    number(rec, scoreAt, spec.score, k, scores);
    if (labels) binary(rec, labelAt, spec.label!, k, labels);
    if (reader) binary(rec, readerAt, spec.reader!, k, reader);
    for (const g of spec.groups ?? []) text(rec, pos.get(g)!, g, k, groups[g]!);
    for (const g of spec.numeric ?? []) number(rec, pos.get(g)!, g, k, numeric[g]!);
    for (const g of spec.categorical ?? []) text(rec, pos.get(g)!, g, k, categorical[g]!);
  }
  if (total > 0) throw new DatasetError(issues, total);
  return { n, scores, labels, groups, reader, numeric, categorical };
}
