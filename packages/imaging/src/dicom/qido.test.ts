/**
 * QIDO-RS matching and paging (PS3.4 C.2.2.2, PS3.18 §8.3.4), table-driven over DICOM JSON made by
 * dicomJsonOf from files yte writes, so the attribute model is dcmjs's, not ours.
 */
import { describe, expect, it } from 'vitest';
import { dicomJsonOf, matcherFor, tagOf } from './json.ts';
import { QidoError, runQido } from './qido.ts';
import { pixelsToDicom } from './write.ts';

const ds = (patientName: string, studyDate: string, acc: string) =>
  dicomJsonOf(pixelsToDicom(new Uint8Array(4), 2, 2, { patientId: acc, patientName, studyDate, studyTime: '101500', accessionNumber: acc }, { now: new Date('2026-01-01T00:00:00Z') }));
const all = [ds('Nguyễn^Văn An', '20261101', 'A1'), ds('Nguyễn^Thị Bình', '20261115', 'A2'), ds('Trần^Văn Cường', '20261201', 'A3')];
const run = (params: Record<string, string | string[]>) => runQido(all, { level: 'study', withStudyAttributes: false, withSeriesAttributes: false, params, maxResults: 2 });
const accs = (r: ReturnType<typeof run>) => r.results.map((d) => d['00080050']?.Value?.[0]);

describe('QIDO matching', () => {
  it.each([
    [{ PatientName: 'Nguy*' }, ['A1', 'A2']],
    [{ PatientName: 'nguyễn^văn an' }, ['A1']], // PN case-insensitive
    [{ PatientName: 'Tr?n*' }, ['A3']],
    [{ '00100010': '*Văn*' }, ['A1', 'A3']],
    [{ StudyDate: '20261110-20261130' }, ['A2']],
    [{ StudyDate: '-20261101' }, ['A1']],
    [{ StudyDate: '20261115-' }, ['A2', 'A3']],
    [{ AccessionNumber: 'A2' }, ['A2']],
    [{ AccessionNumber: 'A*', limit: '5' }, ['A1', 'A2', 'A3']],
    [{ AccessionNumber: 'A*', limit: '1', offset: '2' }, ['A3']],
  ] as const)('%j → %j', (params, expected) => {
    expect(accs(run(params as Record<string, string>))).toEqual(expected);
  });

  it('warns (299 text) for fuzzymatching, unknown keys and a cut result; refuses a bad limit', () => {
    const r = run({ fuzzymatching: 'true', NoSuchKeyword: 'x' });
    expect(r.warnings.join('\n')).toMatch(/fuzzymatching parameter is not supported/);
    expect(r.warnings.join('\n')).toMatch(/NoSuchKeyword/);
    expect(r.warnings.join('\n')).toMatch(/exceeded the maximum of 2/); // 3 matches, max 2, no limit
    expect(r.truncated).toBe(true);
    expect(() => run({ limit: '-1' })).toThrow(QidoError);
  });

  it('returns the default study attributes, includefield adds, all adds everything but bulk data', () => {
    const [d] = run({ AccessionNumber: 'A1' }).results;
    expect(Object.keys(d!)).toEqual(expect.arrayContaining(['00080005', '00080020', '00080030', '00100010', '00100030', '00100040', '00080090', '00200010']));
    expect(d).not.toHaveProperty('00280010');
    expect(run({ AccessionNumber: 'A1', includefield: 'Rows' }).results[0]).toHaveProperty('00280010');
    const every = run({ AccessionNumber: 'A1', includefield: 'all' }).results[0]!;
    expect(every).toHaveProperty('00080070');
    expect(every).not.toHaveProperty('7FE00010');
  });

  it('resolves keywords and tags; UI lists match any', () => {
    expect(tagOf('PatientName')).toBe('00100010');
    expect(tagOf('(0010,0020)')).toBe('00100020');
    expect(tagOf('Nope')).toBeUndefined();
    expect(matcherFor('UI', '1.2,1.3')!(['1.3'])).toBe(true);
    expect(matcherFor('UI', '1.2,1.3')!(['1.4'])).toBe(false);
    expect(matcherFor('SQ', 'x')).toBeNull();
  });
});
