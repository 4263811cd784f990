import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import dcmjs from 'dcmjs';
import { readDicom } from './read.ts';
import { jpegInfo, jpegToDicom } from './write.ts';
import { parseMeasurementReport, writeFindingsGsps, writeFindingsSr, YTE_CODES } from './sr.ts';
import { isValidUid, uidFromName } from './uid.ts';
import { decodeImage, initCodecs } from '../pixels.ts';
import { dicomDir, hasShared, needs, pydicomDir, sharedDir } from '../testing/paths.ts';

const NEEDS = 'datasets/dicom';
const HAVE = hasShared(NEEDS, 'datasets/nih-chestxray14-sample/images/00000075_000.jpg');
const cxrBytes = HAVE ? new Uint8Array(readFileSync(join(dicomDir, 'cxr-pa-jpeg-baseline.dcm'))) : new Uint8Array();
const cxr = HAVE ? readDicom(cxrBytes) : (undefined as unknown as ReturnType<typeof readDicom>);
const nihJpeg = HAVE ? new Uint8Array(readFileSync(join(sharedDir, 'datasets/nih-chestxray14-sample/images/00000075_000.jpg'))) : new Uint8Array();
const now = new Date('2025-03-04T05:06:07Z');

/** Independent parse with dcmjs alone (no code of ours), as a second reader. */
function dcmjsRead(bytes: Uint8Array): Record<string, any> {
  const msg = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return { meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.meta), ...dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.dict) };
}

beforeAll(async () => {
  await initCodecs();
});

describe.skipIf(!HAVE)(`jpegToDicom${HAVE ? '' : ` ${needs(NEEDS)}`}`, () => {
  it('stores a baseline JPEG byte-for-byte in JPEG Baseline transfer syntax', async () => {
    const jpeg = new Uint8Array((cxr.dataset.PixelData as ArrayBuffer[])[0]!); // the real baseline JPEG inside the sample CXR
    expect(jpegInfo(jpeg)).toMatchObject({ sof: 0xc0, width: 1024, height: 1024, components: 1 });
    const out = await jpegToDicom(jpeg, { patientId: 'VN-001', patientName: 'Nguyễn^Thị Hoa', patientSex: 'F', studyDate: '20250304', accessionNumber: 'A1', viewPosition: 'PA' }, { now });
    const f = readDicom(out);
    expect(f.summary).toMatchObject({
      transferSyntaxUid: '1.2.840.10008.1.2.4.50', rows: 1024, columns: 1024, photometricInterpretation: 'MONOCHROME2',
      patientName: 'Nguyễn^Thị Hoa', patientId: 'VN-001', modality: 'CR', bodyPartExamined: 'CHEST', accessionNumber: 'A1',
    });
    expect(f.summary.viewPosition).toBeUndefined(); // not in the Secondary Capture IOD
    expect(f.dataset.Manufacturer).toBe('yte');
    const frags = f.dataset.PixelData as ArrayBuffer[];
    expect(Buffer.from(new Uint8Array(frags[0]!)).equals(Buffer.from(jpeg))).toBe(true);
    expect(Array.from(decodeImage(f).data.subarray(0, 4096))).toEqual(Array.from(decodeImage(cxr).data.subarray(0, 4096)));
    const ind = dcmjsRead(out);
    expect(ind.meta.TransferSyntaxUID).toBe('1.2.840.10008.1.2.4.50');
    expect(ind.SpecificCharacterSet).toBe('ISO_IR 192');
    expect(isValidUid(ind.StudyInstanceUID)).toBe(true);
  });

  it('decodes a progressive NIH JPEG once and stores it native (no JPEG Baseline for SOF2)', async () => {
    expect(jpegInfo(nihJpeg)).toMatchObject({ sof: 0xc2, width: 512, height: 512, components: 3 });
    const uid = uidFromName('nih:00000075_000.jpg');
    const out = await jpegToDicom(nihJpeg, { patientId: '00000075', sopInstanceUid: uid }, { now });
    const f = readDicom(out);
    expect(f.summary).toMatchObject({ transferSyntaxUid: '1.2.840.10008.1.2.1', rows: 512, columns: 512, photometricInterpretation: 'MONOCHROME2', samplesPerPixel: 1, sopInstanceUid: uid });
    expect(String(f.dataset.DerivationDescription)).toContain('progressive');
    await expect(jpegToDicom(nihJpeg, { patientId: 'x' }, { mode: 'encapsulate-only' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('deterministic UIDs: the same name gives the same 2.25 UID', () => {
    expect(uidFromName('a')).toBe(uidFromName('a'));
    expect(uidFromName('a')).not.toBe(uidFromName('b'));
    expect(uidFromName('a')).toMatch(/^2\.25\.[1-9]\d*$/);
  });

  it('rejects bad input with typed errors', async () => {
    await expect(jpegToDicom(new Uint8Array([1, 2, 3, 4]), { patientId: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(jpegToDicom(nihJpeg, { patientId: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'patientId' });
    await expect(jpegToDicom(nihJpeg, { patientId: 'x', studyDate: '2025-03-04' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'studyDate' });
    await expect(jpegToDicom(nihJpeg, { patientId: 'x', studyInstanceUid: '1.2.03' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'studyInstanceUid' });
  });
});

describe.skipIf(!HAVE)(`findings SR (TID 1500-style) and GSPS${HAVE ? '' : ` ${needs(NEEDS)}`}`, () => {
  const findings = [
    { code: { value: '233604007', scheme: 'SCT', meaning: 'Pneumonia' }, probability: 0.8125, threshold: 0.6735, box: { x: 100, y: 200, width: 300, height: 250 } },
    { code: { value: '36118008', scheme: 'SCT', meaning: 'Pneumothorax' }, probability: 0.02, threshold: 0.5 },
  ];

  it('writes a Comprehensive SR that reads back (our reader and dcmjs) with the same findings', () => {
    const bytes = writeFindingsSr({ source: cxr.summary, model: { id: 'pneumonia-mnist-cnn', version: '1.0.0' }, findings, now });
    const f = readDicom(bytes);
    expect(f.summary).toMatchObject({ sopClassUid: '1.2.840.10008.5.1.4.1.1.88.33', modality: 'SR', studyInstanceUid: cxr.summary.studyInstanceUid, patientId: cxr.summary.patientId });
    const ind = dcmjsRead(bytes);
    expect(ind.ContentTemplateSequence[0] ?? ind.ContentTemplateSequence).toMatchObject({ MappingResource: 'DCMR', TemplateIdentifier: '1500' });
    const r = parseMeasurementReport(f.dataset);
    expect(r.templateId).toBe('1500');
    expect(r.observer).toMatchObject({ name: 'pneumonia-mnist-cnn' });
    expect(r.referencedImages).toEqual([cxr.summary.sopInstanceUid]);
    expect(r.findings).toHaveLength(2);
    expect(r.findings[0]).toMatchObject({ code: findings[0]!.code, probability: 0.8125, threshold: 0.6735, positive: true, box: findings[0]!.box, referencedSopInstanceUid: cxr.summary.sopInstanceUid });
    expect(r.findings[1]).toMatchObject({ code: findings[1]!.code, probability: 0.02, threshold: 0.5, positive: false });
    expect(r.findings[1]!.box).toBeUndefined();
  });

  it('parses a vendor-style group (probability in %, no yte codes)', () => {
    const bytes = writeFindingsSr({ source: cxr.summary, model: { id: 'vendor', version: '2.0.0' }, findings: [findings[0]!], now });
    const ds = readDicom(bytes).dataset as Record<string, any>;
    // Rewrite the probability item the way a vendor might: "Probability of finding" in %.
    const group = ds.ContentSequence.at(-1).ContentSequence[0];
    const num = group.ContentSequence.find((c: any) => c.ConceptNameCodeSequence[0].CodeValue === YTE_CODES.probability.value);
    num.ConceptNameCodeSequence = [{ CodeValue: 'X1', CodingSchemeDesignator: '99VENDOR', CodeMeaning: 'Probability of finding' }];
    num.MeasuredValueSequence[0].NumericValue = 81.25;
    num.MeasuredValueSequence[0].MeasurementUnitsCodeSequence = [{ CodeValue: '%', CodingSchemeDesignator: 'UCUM', CodeMeaning: 'percent' }];
    expect(parseMeasurementReport(ds).findings[0]!.probability).toBeCloseTo(0.8125, 6);
  });

  it('rejects an SR that is not a measurement report of findings (pydicom test-SR.dcm) and a non-SR', () => {
    expect(() => parseMeasurementReport(readDicom(new Uint8Array(readFileSync(join(pydicomDir, 'test-SR.dcm')))).dataset)).toThrow(expect.objectContaining({ code: 'SR_INVALID' }));
    expect(() => parseMeasurementReport(cxr.dataset)).toThrow(expect.objectContaining({ code: 'SR_INVALID' }));
  });

  it('validates probabilities and boxes', () => {
    expect(() => writeFindingsSr({ source: cxr.summary, model: { id: 'm', version: '1.0.0' }, findings: [{ ...findings[0]!, probability: 1.2 }] })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => writeFindingsSr({ source: cxr.summary, model: { id: 'm', version: '1.0.0' }, findings: [{ ...findings[0]!, box: { x: 900, y: 0, width: 200, height: 10 } }] })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('writes a GSPS with the boxes as POLYLINE graphics on layer AI', () => {
    const bytes = writeFindingsGsps({ source: cxr.summary, annotations: [{ box: findings[0]!.box!, label: 'Pneumonia 0.81 (AI, reference)' }], now });
    const f = readDicom(bytes);
    expect(f.summary).toMatchObject({ sopClassUid: '1.2.840.10008.5.1.4.1.1.11.1', modality: 'PR' });
    const ga = (f.dataset.GraphicAnnotationSequence as any[])[0];
    expect(ga.GraphicLayer).toBe('AI');
    expect(ga.GraphicObjectSequence[0]).toMatchObject({ GraphicType: 'POLYLINE', NumberOfGraphicPoints: 5, GraphicData: [100, 200, 400, 200, 400, 450, 100, 450, 100, 200] });
    expect(ga.ReferencedImageSequence[0].ReferencedSOPInstanceUID).toBe(cxr.summary.sopInstanceUid);
  });
});
