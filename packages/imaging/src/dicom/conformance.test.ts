/**
 * Every DICOM object yte writes, checked by independent validators: dciodvfy (dicom3tools) against
 * the IOD, dsrdump (DCMTK) for the SR. Zero errors; the only warnings allowed are named below.
 * The SR and GSPS here are about an image yte writes itself, so ../shared is not needed; the JPEG
 * Secondary Capture needs a sample JPEG from ../shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDicom } from './read.ts';
import { jpegToDicom, pixelsToDicom } from './write.ts';
import { personName, writeFindingsGsps, writeFindingsSr } from './sr.ts';
import { CHEST_FINDING_CODES, findingCode } from './codes.ts';
import { dciodvfy, dsrdump, hasDciodvfy, hasDsrdump } from '../testing/validators.ts';
import { sharedDir } from '../testing/paths.ts';

const now = new Date('2026-11-02T03:04:05Z');
const px = new Uint8Array(64 * 48).map((_, i) => (i * 7) % 256);
const sc = pixelsToDicom(px, 64, 48, { patientId: '079123456789', patientName: 'Nguyễn^Văn An', patientSex: 'M', studyId: 'S1', accessionNumber: 'XQ1', viewPosition: 'PA', seriesDescription: 'PA' }, { now });
const src = readDicom(sc).summary;
const labels = ['Atelectasis', 'Cardiomegaly', 'Effusion', 'Infiltration', 'Mass', 'Nodule', 'Pneumonia', 'Pneumothorax', 'Consolidation', 'Edema', 'Emphysema', 'Fibrosis', 'Pleural_Thickening', 'Hernia'];
const sr = writeFindingsSr({
  source: src, model: { id: 'vendor-chexnet', version: '2018.1' }, now,
  findings: labels.map((l, i) => ({ code: findingCode(l), probability: i / 20, threshold: 0.5, ...(i === 0 ? { box: { x: 2, y: 3, width: 10, height: 8 } } : {}) })),
});
const gsps = writeFindingsGsps({ source: src, now, creatorName: 'Trần Thị Bình', annotations: [{ box: { x: 2, y: 3, width: 10, height: 8 }, label: 'Atelectasis 80% (AI)' }] });
// dciodvfy notes these on valid objects: DICOMDIR hints, a PN without "^" (a patient id used as a
// name by the source), and our private coding scheme 99YTE, which dciodvfy's list of defined terms
// cannot know (it is declared in the Coding Scheme Identification Sequence, as PS3.3 C.12.1 asks).
const ALLOWED_WARNING = /needed to build DICOMDIR|Retired Person Name form|Unrecognized defined term <99YTE> for value 1 of attribute <Coding Scheme Designator>/;
const ALLOWED_DSR_WARNING = /VR checker does not support this Specific Character Set: ISO_IR 192/;

describe('coded findings', () => {
  it('every CheXNet label maps to a concept with a CodeValue that fits SH (≤ 16 characters)', () => {
    for (const l of labels) {
      const c = findingCode(l);
      expect(c.value.length, l).toBeLessThanOrEqual(16);
      expect(c.value, l).not.toMatch(/[A-Z_]{6,}/); // never the label itself
    }
    expect(findingCode('Pleural_Thickening')).toEqual(CHEST_FINDING_CODES.pleural_thickening);
    expect(findingCode('Pneumonia')).toMatchObject({ value: '233604007', scheme: 'SCT' });
    expect(findingCode('Some new finding')).toMatchObject({ scheme: '99YTE', value: 'F-9999', meaning: 'Some new finding' });
  });
  it('a display name becomes a PN with family^given', () => {
    expect(personName('Trần Thị Bình')).toBe('Trần^Thị Bình');
    expect(personName('Nguyễn^Văn An')).toBe('Nguyễn^Văn An');
    expect(personName('  ')).toBe('');
  });
});

describe.skipIf(!hasDciodvfy)('dciodvfy: zero errors on every object yte writes (needs dicom3tools)', () => {
  const check = (bytes: Uint8Array) => {
    const r = dciodvfy(bytes);
    expect(r.errors, r.output).toEqual([]);
    expect(r.warnings.filter((w) => !ALLOWED_WARNING.test(w)), r.output).toEqual([]);
    return r;
  };
  it('Secondary Capture from pixels: Manufacturer present, no ViewPosition', () => {
    expect(check(sc).output).toMatch(/SCImage/);
    const ds = readDicom(sc).dataset;
    expect(ds.Manufacturer).toBe('yte');
    expect(ds.ViewPosition).toBeUndefined();
  });
  it('Comprehensive SR with all 14 findings', () => {
    expect(check(sr).output).toMatch(/ComprehensiveSR/);
  });
  it('GSPS: Laterality present, ContentCreatorName a PN', () => {
    expect(check(gsps).output).toMatch(/GrayscaleSoftcopyPresentationState/);
    expect(readDicom(gsps).dataset.ContentCreatorName).toEqual([{ Alphabetic: 'Trần^Thị Bình' }]);
  });
  const jpegPath = join(sharedDir, 'datasets/nih-chestxray14-sample/images/00000075_000.jpg');
  it.skipIf(!existsSync(jpegPath))('Secondary Capture from a JPEG (needs ../shared/datasets/nih-chestxray14-sample)', async () => {
    check(await jpegToDicom(new Uint8Array(readFileSync(jpegPath)), { patientId: 'P1', viewPosition: 'PA' }, { now }));
  });
});

describe.skipIf(!hasDsrdump)('dsrdump: the SR parses with no errors or warnings (needs dcmtk)', () => {
  it('Comprehensive SR', () => {
    const r = dsrdump(sr);
    expect(r.errors, r.output).toEqual([]);
    expect(r.warnings.filter((w) => !ALLOWED_DSR_WARNING.test(w)), r.output).toEqual([]);
    expect(r.output).toMatch(/Comprehensive SR Document/);
    expect(r.output).toContain('(46621007,SCT,"Atelectasis")');
    expect(r.output).toContain('(F-0013,99YTE,"Pleural thickening")');
  });
});
