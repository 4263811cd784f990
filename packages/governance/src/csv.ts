/**
 * RFC 4180 CSV parser (pure). Fields are separated by commas; a field may be enclosed in double
 * quotes, inside which commas, CR/LF and doubled quotes ("") are literal. Records end with CRLF or
 * LF. A UTF-8 byte-order mark is dropped. Completely empty lines are skipped (a final newline is
 * allowed). Record numbers are 1-based and count the header as record 1, so they are the "row"
 * numbers auditors see in a spreadsheet (a quoted field spanning lines is still one record).
 */
import { GovernanceInputError } from './errors.ts';

export interface CsvRecord {
  /** 1-based record number (the header is 1) */
  row: number;
  fields: string[];
}

export class CsvSyntaxError extends GovernanceInputError {
  readonly row: number;
  /** 1-based field position in the record */
  readonly position: number;
  constructor(row: number, position: number, message: string) {
    super('csv_syntax', `row ${row}, field ${position}`, message);
    this.name = 'CsvSyntaxError';
    this.row = row;
    this.position = position;
  }
}

/** Parses CSV text into records. Throws CsvSyntaxError on an unterminated quote or a stray quote. */
export function parseCsv(text: string): CsvRecord[] {
  if (typeof text !== 'string') throw new GovernanceInputError('invalid_type', 'text', 'must be a string');
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const len = text.length;
  const records: CsvRecord[] = [];
  let row = 0;
  while (i < len) {
    // Skip a completely empty line.
    const c0 = text.charCodeAt(i);
    if (c0 === 10) {
      i++;
      continue;
    }
    if (c0 === 13 && text.charCodeAt(i + 1) === 10) {
      i += 2;
      continue;
    }
    row++;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === 34) {
        // Quoted field.
        let start = ++i;
        let out = '';
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvSyntaxError(row, fields.length + 1, 'unterminated quoted field');
          if (text.charCodeAt(q + 1) === 34) {
            out += text.slice(start, q + 1);
            i = start = q + 2;
            continue;
          }
          out += text.slice(start, q);
          i = q + 1;
          break;
        }
        field = out;
        const c = text.charCodeAt(i);
        if (i < len && c !== 44 && c !== 10 && !(c === 13 && text.charCodeAt(i + 1) === 10)) {
          throw new CsvSyntaxError(row, fields.length + 1, 'text after the closing quote of a quoted field');
        }
      } else {
        const start = i;
        while (i < len) {
          const c = text.charCodeAt(i);
          if (c === 44 || c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) break;
          if (c === 34) throw new CsvSyntaxError(row, fields.length + 1, 'a double quote inside an unquoted field (quote the field and double the quote)');
          i++;
        }
        field = text.slice(start, i);
      }
      fields.push(field);
      if (i >= len) break;
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        if (i >= len) {
          fields.push(''); // a trailing comma at the very end: one last empty field
          break;
        }
        continue;
      }
      if (c === 13) i += 2;
      else i += 1; // LF
      break;
    }
    records.push({ row, fields });
  }
  return records;
}

/** Formats one CSV field (quotes when needed). */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
