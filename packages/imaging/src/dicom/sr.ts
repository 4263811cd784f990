/**
 * AI findings as DICOM structured reports and presentation states.
 *
 * `writeFindingsSr` writes a Comprehensive SR (SOP Class 1.2.840.10008.5.1.4.1.1.88.33) shaped like
 * TID 1500 "Measurement Report": root CONTAINER (126000, DCM, "Imaging Measurement Report") with
 * language, device observer context (TID 1004: the model id and version), procedure reported, an
 * Image Library (111028) referencing the source image, and under "Imaging Measurements" (126010)
 * one "Measurement Group" (125007) per finding with: Tracking Identifier (112039) and Tracking UID
 * (112040), Finding (121071) = the label's code, NUM probability and threshold, the model's
 * positive/negative call, and an optional bounding box as SCOORD POLYLINE (111030, "Image Region")
 * SELECTED FROM the source image. The original image is never modified.
 *
 * Probability, threshold and result have no standard DICOM codes; they use the private coding
 * scheme "99YTE" (codes listed in YTE_CODES), which readers show by their meanings.
 *
 * `parseMeasurementReport` reads such an SR back — ours or a vendor's TID 1500 SR — into plain
 * findings. `writeFindingsGsps` writes a Grayscale Softcopy Presentation State with the boxes and
 * labels as graphic annotations on a layer "AI", for viewers that do not render SR.
 */
import { DicomError } from './errors.ts';
import { SOP_CLASS, writePart10 } from './write.ts';
import { isValidUid, randomUid, uidFromName } from './uid.ts';
import { TS } from './transfer-syntax.ts';
import type { DicomSummary } from './read.ts';

type Item = Record<string, unknown>;

export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

export const YTE_CODES = {
  probability: { value: 'P-0001', scheme: '99YTE', meaning: 'AI model probability' },
  threshold: { value: 'P-0002', scheme: '99YTE', meaning: 'AI model operating threshold' },
  result: { value: 'P-0003', scheme: '99YTE', meaning: 'AI model result at threshold' },
} as const satisfies Record<string, Code>;

const DCM = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });
const CODES = {
  report: DCM('126000', 'Imaging Measurement Report'),
  language: DCM('121049', 'Language of Content Item and Descendants'),
  observerType: DCM('121005', 'Observer Type'),
  device: DCM('121007', 'Device'),
  deviceUid: DCM('121012', 'Device Observer UID'),
  deviceName: DCM('121013', 'Device Observer Name'),
  deviceModel: DCM('121015', 'Device Observer Model Name'),
  procedure: DCM('121058', 'Procedure reported'),
  imageLibrary: DCM('111028', 'Image Library'),
  imageLibraryGroup: DCM('126200', 'Image Library Group'),
  measurements: DCM('126010', 'Imaging Measurements'),
  group: DCM('125007', 'Measurement Group'),
  trackingId: DCM('112039', 'Tracking Identifier'),
  trackingUid: DCM('112040', 'Tracking Unique Identifier'),
  finding: DCM('121071', 'Finding'),
  imageRegion: DCM('111030', 'Image Region'),
  english: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' },
  chestXray: { value: '399208008', scheme: 'SCT', meaning: 'Plain chest X-ray' },
  yes: { value: '373066001', scheme: 'SCT', meaning: 'Yes' },
  no: { value: '373067005', scheme: 'SCT', meaning: 'No' },
  unity: { value: '1', scheme: 'UCUM', meaning: 'no units' },
};

/**
 * A private coding scheme used in an object must be identified in the Coding Scheme Identification
 * Sequence (0008,0110) of the SOP Common module (PS3.3 C.12.1.1.2; PS3.16 §8.2 for "99" schemes).
 */
function privateScheme(): Record<string, unknown> {
  // The probability/threshold/result concepts are always 99YTE, so it is always declared.
  return {
    CodingSchemeIdentificationSequence: [{
      CodingSchemeDesignator: '99YTE',
      CodingSchemeName: 'yte private codes',
      CodingSchemeResponsibleOrganization: 'yte project (https://github.com/yte)',
    }],
  };
}

const codeSeq = (c: Code) => [{ CodeValue: c.value, CodingSchemeDesignator: c.scheme, CodeMeaning: c.meaning }];

/** Axis-aligned box in image pixel coordinates (column x, row y; origin top-left of the image). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SrFinding {
  code: Code;
  probability: number;
  threshold?: number;
  positive?: boolean;
  box?: Box;
}

export interface SourceImageRef {
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  rows?: number;
  columns?: number;
}

export interface FindingsSrInput {
  /** The image the findings are about (its patient/study attributes are copied). */
  source: DicomSummary;
  /** Patient/study attributes of the source (naturalised dataset or summary fields). */
  model: { id: string; version: string; name?: string };
  findings: SrFinding[];
  /** Defaults: random 2.25 UIDs. */
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  /** Content date/time; default now. */
  now?: Date;
  /** 'PARTIAL' when a reader has not verified it (default 'COMPLETE' content, 'UNVERIFIED'). */
  completion?: 'COMPLETE' | 'PARTIAL';
}

function dateTime(now: Date): { date: string; time: string } {
  const iso = now.toISOString();
  return { date: iso.slice(0, 10).replace(/-/g, ''), time: iso.slice(11, 19).replace(/:/g, '') };
}

function checkProb(p: number, field: string): void {
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new DicomError('INVALID_INPUT', `${field} must be a number in [0, 1], got ${p}`, field);
}

function checkBox(b: Box, src: DicomSummary, field: string): void {
  const ok = [b.x, b.y, b.width, b.height].every((v) => Number.isFinite(v)) && b.width > 0 && b.height > 0 && b.x >= 0 && b.y >= 0;
  if (!ok) throw new DicomError('INVALID_INPUT', `${field} must have finite x, y ≥ 0 and width, height > 0`, field);
  if (src.columns !== undefined && src.rows !== undefined && (b.x + b.width > src.columns || b.y + b.height > src.rows))
    throw new DicomError('INVALID_INPUT', `${field} extends beyond the ${src.columns}×${src.rows} image`, field);
}

/** Closed polyline (5 points) for a box, as DICOM column\row pairs. */
function boxPolyline(b: Box): number[] {
  const x0 = b.x, y0 = b.y, x1 = b.x + b.width, y1 = b.y + b.height;
  return [x0, y0, x1, y0, x1, y1, x0, y1, x0, y0];
}

function patientStudy(src: DicomSummary): Record<string, unknown> {
  const ds: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: src.patientName ?? '',
    PatientID: src.patientId ?? '',
    PatientBirthDate: src.patientBirthDate ?? '',
    PatientSex: src.patientSex ?? '',
    StudyInstanceUID: src.studyInstanceUid,
    StudyDate: src.studyDate ?? '',
    StudyTime: src.studyTime ?? '',
    ReferringPhysicianName: '',
    StudyID: '',
    AccessionNumber: src.accessionNumber ?? '',
  };
  if (src.studyDescription) ds.StudyDescription = src.studyDescription;
  return ds;
}

function refSop(src: DicomSummary) {
  return [{ ReferencedSOPClassUID: src.sopClassUid, ReferencedSOPInstanceUID: src.sopInstanceUid }];
}

function evidence(src: DicomSummary) {
  return [
    {
      StudyInstanceUID: src.studyInstanceUid,
      ReferencedSeriesSequence: [{ SeriesInstanceUID: src.seriesInstanceUid, ReferencedSOPSequence: refSop(src) }],
    },
  ];
}

/** Build the TID 1500-style Comprehensive SR for AI findings (Part 10 bytes, Explicit VR LE). */
export function writeFindingsSr(input: FindingsSrInput): Uint8Array {
  const { source: src, model } = input;
  if (!model.id || !model.version) throw new DicomError('INVALID_INPUT', 'model id and version are required', 'model');
  input.findings.forEach((f, i) => {
    checkProb(f.probability, `findings[${i}].probability`);
    if (f.threshold !== undefined) checkProb(f.threshold, `findings[${i}].threshold`);
    if (f.box) checkBox(f.box, src, `findings[${i}].box`);
    if (!f.code?.value || !f.code.scheme || !f.code.meaning) throw new DicomError('INVALID_INPUT', `findings[${i}].code needs value, scheme and meaning`, `findings[${i}].code`);
  });
  for (const [k, v] of [['seriesInstanceUid', input.seriesInstanceUid], ['sopInstanceUid', input.sopInstanceUid]] as const)
    if (v !== undefined && !isValidUid(v)) throw new DicomError('INVALID_INPUT', `${k} "${v}" is not a valid UID`, k);
  const now = input.now ?? new Date();
  const { date, time } = dateTime(now);
  const sopInstanceUid = input.sopInstanceUid ?? randomUid();
  const deviceUid = uidFromName(`model:${model.id}@${model.version}`);

  const groups = input.findings.map((f, i) => {
    const children: Item[] = [
      { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'TEXT', ConceptNameCodeSequence: codeSeq(CODES.trackingId), TextValue: `${model.id}-finding-${i + 1}` },
      { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: codeSeq(CODES.trackingUid), UID: uidFromName(`${sopInstanceUid}:${i}`) },
      { RelationshipType: 'CONTAINS', ValueType: 'CODE', ConceptNameCodeSequence: codeSeq(CODES.finding), ConceptCodeSequence: codeSeq(f.code) },
      {
        RelationshipType: 'CONTAINS', ValueType: 'NUM', ConceptNameCodeSequence: codeSeq(YTE_CODES.probability),
        MeasuredValueSequence: [{ NumericValue: Number(f.probability.toFixed(6)), MeasurementUnitsCodeSequence: codeSeq(CODES.unity) }],
      },
    ];
    if (f.threshold !== undefined) {
      children.push({
        RelationshipType: 'CONTAINS', ValueType: 'NUM', ConceptNameCodeSequence: codeSeq(YTE_CODES.threshold),
        MeasuredValueSequence: [{ NumericValue: Number(f.threshold.toFixed(6)), MeasurementUnitsCodeSequence: codeSeq(CODES.unity) }],
      });
    }
    const positive = f.positive ?? (f.threshold !== undefined ? f.probability >= f.threshold : undefined);
    if (positive !== undefined)
      children.push({ RelationshipType: 'CONTAINS', ValueType: 'CODE', ConceptNameCodeSequence: codeSeq(YTE_CODES.result), ConceptCodeSequence: codeSeq(positive ? CODES.yes : CODES.no) });
    if (f.box) {
      children.push({
        RelationshipType: 'CONTAINS', ValueType: 'SCOORD', ConceptNameCodeSequence: codeSeq(CODES.imageRegion),
        GraphicType: 'POLYLINE', GraphicData: boxPolyline(f.box),
        ContentSequence: [{ RelationshipType: 'SELECTED FROM', ValueType: 'IMAGE', ReferencedSOPSequence: refSop(src) }],
      });
    }
    return { RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ConceptNameCodeSequence: codeSeq(CODES.group), ContinuityOfContent: 'SEPARATE', ContentSequence: children };
  });

  const content: Item[] = [
    { RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: codeSeq(CODES.language), ConceptCodeSequence: codeSeq(CODES.english) },
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'CODE', ConceptNameCodeSequence: codeSeq(CODES.observerType), ConceptCodeSequence: codeSeq(CODES.device) },
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: codeSeq(CODES.deviceUid), UID: deviceUid },
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'TEXT', ConceptNameCodeSequence: codeSeq(CODES.deviceName), TextValue: model.id },
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'TEXT', ConceptNameCodeSequence: codeSeq(CODES.deviceModel), TextValue: `${model.name ?? model.id} ${model.version}`.slice(0, 1024) },
    { RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: codeSeq(CODES.procedure), ConceptCodeSequence: codeSeq(CODES.chestXray) },
    {
      RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ConceptNameCodeSequence: codeSeq(CODES.imageLibrary), ContinuityOfContent: 'SEPARATE',
      ContentSequence: [
        {
          RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ConceptNameCodeSequence: codeSeq(CODES.imageLibraryGroup), ContinuityOfContent: 'SEPARATE',
          ContentSequence: [{ RelationshipType: 'CONTAINS', ValueType: 'IMAGE', ReferencedSOPSequence: refSop(src) }],
        },
      ],
    },
    { RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ConceptNameCodeSequence: codeSeq(CODES.measurements), ContinuityOfContent: 'SEPARATE', ContentSequence: groups },
  ];

  const ds: Record<string, unknown> = {
    ...patientStudy(src),
    SOPClassUID: SOP_CLASS.ComprehensiveSR,
    SOPInstanceUID: sopInstanceUid,
    Modality: 'SR',
    SeriesInstanceUID: input.seriesInstanceUid ?? randomUid(),
    SeriesNumber: input.seriesNumber ?? 900,
    SeriesDescription: `AI findings (reference only): ${model.id} ${model.version}`,
    InstanceNumber: input.instanceNumber ?? 1,
    Manufacturer: 'yte',
    ContentDate: date,
    ContentTime: time,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: codeSeq(CODES.report),
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    // Type 2 (PS3.3 C.17.1 SR Document Series, C.17.2 SR Document General): present, empty here —
    // yte's SR is not made within a performed procedure step, so neither is known.
    ReferencedPerformedProcedureStepSequence: [],
    PerformedProcedureCodeSequence: [],
    CompletionFlag: input.completion ?? 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    CurrentRequestedProcedureEvidenceSequence: evidence(src),
    ...privateScheme(),
    ContentSequence: content,
  };
  return writePart10(ds, TS.ExplicitVRLittleEndian);
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface ParsedFinding {
  code: Code;
  probability?: number;
  threshold?: number;
  positive?: boolean;
  box?: Box;
  /** SOP Instance UID of the image the region (or the report) refers to. */
  referencedSopInstanceUid?: string;
  trackingId?: string;
}

export interface ParsedReport {
  sopInstanceUid: string;
  studyInstanceUid: string;
  templateId?: string;
  observer?: { name?: string; model?: string; uid?: string };
  findings: ParsedFinding[];
  /** SOP Instance UIDs of images in the Image Library / evidence. */
  referencedImages: string[];
}

function seq(v: unknown): Item[] {
  if (Array.isArray(v)) return v as Item[];
  if (v && typeof v === 'object') return [v as Item];
  return [];
}
function code(v: unknown): Code | undefined {
  const c = seq(v)[0];
  if (!c) return undefined;
  const value = String(c.CodeValue ?? c.LongCodeValue ?? c.URNCodeValue ?? '');
  if (!value) return undefined;
  return { value, scheme: String(c.CodingSchemeDesignator ?? ''), meaning: String(c.CodeMeaning ?? '') };
}
const is = (c: Code | undefined, ref: Code) => !!c && c.value === ref.value && c.scheme === ref.scheme;
const PROB_RE = /probab|likelihood|confidence|score/i;
const THRESH_RE = /threshold|cut-?off|operating point/i;

function num(item: Item): number | undefined {
  const mv = seq(item.MeasuredValueSequence)[0];
  const v = Number(Array.isArray(mv?.NumericValue) ? mv?.NumericValue[0] : mv?.NumericValue);
  return Number.isFinite(v) ? v : undefined;
}

function groupFinding(group: Item): ParsedFinding | undefined {
  let finding: Code | undefined;
  const out: Partial<ParsedFinding> = {};
  for (const it of seq(group.ContentSequence)) {
    const name = code(it.ConceptNameCodeSequence);
    const vt = it.ValueType;
    if (vt === 'CODE' && is(name, CODES.finding)) finding = code(it.ConceptCodeSequence);
    else if (vt === 'CODE' && is(name, YTE_CODES.result)) {
      const c = code(it.ConceptCodeSequence);
      out.positive = is(c, CODES.yes) ? true : is(c, CODES.no) ? false : undefined;
    } else if (vt === 'NUM') {
      const v = num(it);
      if (v === undefined) continue;
      if (is(name, YTE_CODES.probability) || (!is(name, YTE_CODES.threshold) && name && PROB_RE.test(name.meaning) && !THRESH_RE.test(name.meaning))) {
        // Vendors report probability either as 0..1 (unit "1") or as a percentage.
        const unit = code(seq(it.MeasuredValueSequence)[0]?.MeasurementUnitsCodeSequence);
        out.probability = unit?.value === '%' ? v / 100 : v;
      } else if (is(name, YTE_CODES.threshold) || (name && THRESH_RE.test(name.meaning))) out.threshold = v;
    } else if (vt === 'TEXT' && is(name, CODES.trackingId)) out.trackingId = String(it.TextValue ?? '');
    else if (vt === 'SCOORD') {
      const g = (Array.isArray(it.GraphicData) ? it.GraphicData : []).map(Number);
      if (g.length >= 4 && g.every(Number.isFinite)) {
        const xs = g.filter((_, k) => k % 2 === 0);
        const ys = g.filter((_, k) => k % 2 === 1);
        const x = Math.min(...xs), y = Math.min(...ys);
        out.box = { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
      }
      const ref = seq(it.ContentSequence).find((c) => c.ValueType === 'IMAGE');
      const uid = seq(ref?.ReferencedSOPSequence)[0]?.ReferencedSOPInstanceUID;
      if (uid) out.referencedSopInstanceUid = String(uid);
    }
  }
  if (!finding) return undefined;
  if (out.positive === undefined && out.probability !== undefined && out.threshold !== undefined) out.positive = out.probability >= out.threshold;
  return { code: finding, ...out } as ParsedFinding;
}

/** Parse a TID 1500-style SR (naturalised dataset from readDicom) into findings. Throws SR_INVALID. */
export function parseMeasurementReport(ds: Record<string, unknown>): ParsedReport {
  const sopClass = String(ds.SOPClassUID ?? '');
  if (!sopClass.startsWith('1.2.840.10008.5.1.4.1.1.88.'))
    throw new DicomError('SR_INVALID', `not a structured report (SOP Class ${sopClass || 'missing'})`, '(0008,0016) SOPClassUID');
  if (ds.ValueType !== 'CONTAINER') throw new DicomError('SR_INVALID', 'SR root content item is not a CONTAINER', '(0040,A040) ValueType');
  const report: ParsedReport = {
    sopInstanceUid: String(ds.SOPInstanceUID ?? ''),
    studyInstanceUid: String(ds.StudyInstanceUID ?? ''),
    findings: [],
    referencedImages: [],
  };
  const tpl = seq(ds.ContentTemplateSequence)[0]?.TemplateIdentifier;
  if (tpl !== undefined) report.templateId = String(tpl);
  const observer: NonNullable<ParsedReport['observer']> = {};
  const images = new Set<string>();
  const visit = (items: Item[], depth: number) => {
    if (depth > 32) return;
    for (const it of items) {
      const name = code(it.ConceptNameCodeSequence);
      if (it.ValueType === 'CONTAINER' && is(name, CODES.group)) {
        const f = groupFinding(it);
        if (f) report.findings.push(f);
        continue;
      }
      if (it.ValueType === 'TEXT' && is(name, CODES.deviceName)) observer.name = String(it.TextValue ?? '');
      if (it.ValueType === 'TEXT' && is(name, CODES.deviceModel)) observer.model = String(it.TextValue ?? '');
      if (it.ValueType === 'UIDREF' && is(name, CODES.deviceUid)) observer.uid = String(it.UID ?? '');
      if (it.ValueType === 'IMAGE') {
        const uid = seq(it.ReferencedSOPSequence)[0]?.ReferencedSOPInstanceUID;
        if (uid) images.add(String(uid));
      }
      visit(seq(it.ContentSequence), depth + 1);
    }
  };
  visit(seq(ds.ContentSequence), 0);
  if (report.findings.length === 0)
    throw new DicomError('SR_INVALID', 'the SR has no Measurement Group (125007, DCM) with a Finding (121071, DCM): not a TID 1500 measurement report of findings', '(0040,A730) ContentSequence');
  report.referencedImages = [...images];
  if (Object.keys(observer).length) report.observer = observer;
  for (const f of report.findings) if (!f.referencedSopInstanceUid && images.size === 1) f.referencedSopInstanceUid = [...images][0]!;
  return report;
}

// ---------------------------------------------------------------------------------------------
// GSPS

/**
 * A display name as a DICOM PN (PS3.5 §6.2.1: family^given^middle^prefix^suffix). Vietnamese names
 * are written family name first ("Nguyễn Văn An" → "Nguyễn^Văn An"); a value that already has "^"
 * is kept. Each component is cut to fit the 64-character group.
 */
export function personName(display: string): string {
  const s = display.replace(/[\\\r\n]/g, ' ').trim().replace(/\s+/g, ' ');
  if (!s) return '';
  if (s.includes('^')) return s.slice(0, 64);
  const [family, ...given] = s.split(' ');
  return given.length ? `${family}^${given.join(' ')}`.slice(0, 64) : family!.slice(0, 64);
}

export interface GspsInput {
  source: DicomSummary;
  annotations: { box: Box; label: string }[];
  contentLabel?: string;
  description?: string;
  creatorName?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  now?: Date;
}

/** Grayscale Softcopy Presentation State with one "AI" graphic layer of boxes and text labels. */
export function writeFindingsGsps(input: GspsInput): Uint8Array {
  const src = input.source;
  if (src.rows === undefined || src.columns === undefined) throw new DicomError('INVALID_INPUT', 'the source must be an image (rows/columns)', 'source');
  input.annotations.forEach((a, i) => checkBox(a.box, src, `annotations[${i}].box`));
  const { date, time } = dateTime(input.now ?? new Date());
  const label = (input.contentLabel ?? 'AI_FINDINGS').toUpperCase().replace(/[^A-Z0-9_ ]/g, '_').slice(0, 16);
  const ds: Record<string, unknown> = {
    ...patientStudy(src),
    SOPClassUID: SOP_CLASS.GrayscaleSoftcopyPresentationState,
    SOPInstanceUID: input.sopInstanceUid ?? randomUid(),
    Modality: 'PR',
    SeriesInstanceUID: input.seriesInstanceUid ?? randomUid(),
    SeriesNumber: 901,
    // Laterality (0020,0060) is Type 2C in General Series (PS3.3 C.7.3.1): required for a paired
    // body part. Copied from the source; else the source's Body Part Examined says which it is.
    ...(src.laterality ? { Laterality: src.laterality } : {}),
    ...(src.bodyPartExamined ? { BodyPartExamined: src.bodyPartExamined } : { Laterality: '' }),
    SeriesDescription: 'AI findings overlay (reference only)',
    InstanceNumber: 1,
    Manufacturer: 'yte',
    ContentLabel: label,
    ContentDescription: (input.description ?? 'AI findings shown as a reference for the reader').slice(0, 64),
    PresentationCreationDate: date,
    PresentationCreationTime: time,
    ContentCreatorName: personName(input.creatorName ?? ''),
    ReferencedSeriesSequence: [{ SeriesInstanceUID: src.seriesInstanceUid, ReferencedImageSequence: refSop(src) }],
    DisplayedAreaSelectionSequence: [
      {
        ReferencedImageSequence: refSop(src),
        DisplayedAreaTopLeftHandCorner: [1, 1],
        DisplayedAreaBottomRightHandCorner: [src.columns, src.rows],
        PresentationSizeMode: 'SCALE TO FIT',
        PresentationPixelAspectRatio: [1, 1],
      },
    ],
    GraphicLayerSequence: [{ GraphicLayer: 'AI', GraphicLayerOrder: 1, GraphicLayerDescription: 'AI findings (reference only)' }],
    GraphicAnnotationSequence: [
      {
        ReferencedImageSequence: refSop(src),
        GraphicLayer: 'AI',
        TextObjectSequence: input.annotations.map((a) => ({
          AnchorPointAnnotationUnits: 'PIXEL',
          UnformattedTextValue: a.label.slice(0, 1024),
          AnchorPoint: [a.box.x, Math.max(0, a.box.y - 2)],
          AnchorPointVisibility: 'N',
        })),
        GraphicObjectSequence: input.annotations.map((a) => ({
          GraphicAnnotationUnits: 'PIXEL',
          GraphicDimensions: 2,
          NumberOfGraphicPoints: 5,
          GraphicData: boxPolyline(a.box),
          GraphicType: 'POLYLINE',
          GraphicFilled: 'N',
        })),
      },
    ],
    PresentationLUTShape: 'IDENTITY',
  };
  return writePart10(ds, TS.ExplicitVRLittleEndian);
}
