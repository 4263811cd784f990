import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv.ts';
import { DatasetError, loadDataset } from './dataset.ts';

describe('parseCsv (RFC 4180)', () => {
  it('quotes, doubled quotes, embedded commas and newlines, CRLF, BOM, trailing newline', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"line1\nline2",\n\n3,,z\n';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['1', 'x, y', 'he said "hi"'] },
      { row: 3, fields: ['2', 'line1\nline2', ''] },
      { row: 4, fields: ['3', '', 'z'] },
    ]);
    expect(parseCsv('a,b,')).toEqual([{ row: 1, fields: ['a', 'b', ''] }]);
  });

  it('unterminated and stray quotes are syntax errors naming the row', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n1,ab"c\n')).toThrow(/row 2, field 2/);
    expect(() => parseCsv('a,b\n"x"y,1\n')).toThrow(/row 2, field 1/);
  });
});

describe('loadDataset', () => {
  const spec = { score: 'p', label: 'y', groups: ['sex'] };
  const issues = (text: string, s: Parameters<typeof loadDataset>[1] = spec) => {
    try {
      loadDataset(text, s);
    } catch (e) {
      expect(e).toBeInstanceOf(DatasetError);
      return (e as DatasetError).issues.map((i) => [i.row, i.column, i.code]);
    }
    throw new Error('expected a DatasetError');
  };

  it('loads valid rows into typed arrays', () => {
    const d = loadDataset('p,y,sex\n0.9,1,F\n0.2,0,M\n', spec);
    expect(Array.from(d.scores)).toEqual([0.9, 0.2]);
    expect(Array.from(d.labels!)).toEqual([1, 0]);
    expect(d.groups).toEqual({ sex: ['F', 'M'] });
  });

  it('names the row (header = row 1) and column of every problem, and imports nothing', () => {
    expect(issues('p,sex\n0.9,F\n', spec)).toEqual([[1, 'y', 'missing_column']]);
    expect(issues('p,y,sex\n0.9,1,F\nabc,0,M\n0.3,2,F\n0.4,1,\n0.5,1\n')).toEqual([
      [3, 'p', 'not_a_number'],
      [4, 'y', 'invalid_label'],
      [5, 'sex', 'empty_value'],
      [6, '*', 'field_count'],
    ]);
    expect(issues('p,y,sex\n,1,F\n0x10,1,F\nInfinity,1,F\n')).toEqual([
      [2, 'p', 'empty_value'],
      [3, 'p', 'not_a_number'],
      [4, 'p', 'not_a_number'],
    ]);
    expect(issues('p,y,sex\n')).toEqual([[2, '*', 'no_rows']]);
    expect(issues('p,y,sex\n"0.5,1,F\n')).toEqual([[2, 'field 1', 'csv_syntax']]);
  });

  it('lists at most maxErrors problems but counts them all', () => {
    const rows = Array.from({ length: 30 }, () => 'x,1,F').join('\n');
    try {
      loadDataset(`p,y,sex\n${rows}\n`, { ...spec, maxErrors: 5 });
      throw new Error('expected a DatasetError');
    } catch (e) {
      const err = e as DatasetError;
      expect(err.issues).toHaveLength(5);
      expect(err.totalIssues).toBe(30);
      expect(err.message).toMatch(/row 2, column p: "x" is not a number \(and 29 more problems\)/);
    }
  });
});
