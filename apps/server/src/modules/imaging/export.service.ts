/**
 * The reader's AI findings written back as DICOM: a Comprehensive SR (TID 1500) and a Grayscale
 * Softcopy Presentation State (the boxes on a graphic layer "AI"), about one image of the study.
 * By default only the findings the reader accepted; `all` takes every visible finding. Both need
 * the findings revealed (the first-impression guard), are facility-scoped through studyForReader
 * (another facility's study is a 404) and every export is audited.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/db.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import type { Actor } from '../auth/roles.ts';
import type { BoxPx } from './findings.ts';
import { findingCode, readDicom, writeFindingsGsps, writeFindingsSr, type DicomSummary } from './imaging-lib.ts';
import { instancesOfStudy } from './imaging.repo.ts';
import { studyForReader } from './reading.service.ts';

export type FindingsFormat = 'sr' | 'gsps';
type StudyView = Awaited<ReturnType<typeof studyForReader>>;
type FindingView = StudyView['findings'][number];

interface FindingOutput {
  label: string;
  probability: number;
  threshold: number;
  positive?: boolean;
  code?: { value: string; scheme: string };
  box?: BoxPx;
  instanceId: string;
}

const outputOf = (f: FindingView) => f.output as FindingOutput;
const pct = (p: number) => `${Math.round(p * 100)}%`;

/**
 * A box as drawn on the image: clipped to the image (a vendor's box may run past the edge; the
 * DICOM writers refuse that). A box wholly outside the image is dropped.
 */
export function clipBox(b: BoxPx, columns: number, rows: number): BoxPx | null {
  const x0 = Math.max(0, Math.min(columns, b.x));
  const y0 = Math.max(0, Math.min(rows, b.y));
  const x1 = Math.max(0, Math.min(columns, b.x + b.width));
  const y1 = Math.max(0, Math.min(rows, b.y + b.height));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** GSPS text next to a box: the finding, its probability and whether the reader confirmed it. */
export function gspsLabel(f: FindingView): string {
  const o = outputOf(f);
  return `${o.label} ${pct(o.probability)} (AI, ${f.status === 'accepted' ? 'confirmed by reader' : 'reference only'})`;
}

export interface FindingsObject {
  bytes: Uint8Array;
  instanceId: string;
  findingIds: string[];
}

/**
 * Builds the SR or GSPS for one image of the study (`instanceId`, else the first image with
 * findings to export). Null when there is nothing to export. Reads the study view the caller
 * already has; does no access checks of its own.
 */
export async function buildFindingsObject(db: Db, filesDir: string, v: StudyView, format: FindingsFormat, o: { all?: boolean; instanceId?: string; creatorName?: string; now?: Date } = {}): Promise<FindingsObject | null> {
  const chosen = v.findings.filter((f) => (o.all || f.status === 'accepted') && (format === 'sr' || !!outputOf(f).box));
  const byInstance = new Map<string, FindingView[]>();
  for (const f of chosen) {
    const iid = outputOf(f).instanceId;
    byInstance.set(iid, [...(byInstance.get(iid) ?? []), f]);
  }
  const iid = o.instanceId ?? [...byInstance.keys()][0];
  const fs = iid ? byInstance.get(iid) : undefined;
  if (!iid || !fs?.length) return null;
  const inst = (await instancesOfStudy(db, v.study.id)).find((i) => i.id === iid);
  if (!inst) return null;
  const src: DicomSummary = readDicom(new Uint8Array(await readFile(join(filesDir, inst.file_path)))).summary;
  const clip = (b: BoxPx | undefined) => (b && src.columns !== undefined && src.rows !== undefined ? clipBox(b, src.columns, src.rows) : null);
  const now = o.now ?? new Date();
  let bytes: Uint8Array;
  let used = fs;
  if (format === 'sr') {
    // One SR names one device observer (the model): the first tool's findings on this image.
    used = fs.filter((f) => f.toolId === fs[0]!.toolId && f.toolVersion === fs[0]!.toolVersion);
    bytes = writeFindingsSr({
      source: src, model: { id: fs[0]!.toolId, version: fs[0]!.toolVersion }, now,
      findings: used.map((f) => {
        const out = outputOf(f);
        const box = clip(out.box);
        return {
          // A coded concept (SNOMED CT / DCM, else the private 99YTE scheme), never a code made of the label.
          code: findingCode(out.label, out.code),
          probability: out.probability, threshold: out.threshold, positive: out.probability >= out.threshold, ...(box ? { box } : {}),
        };
      }),
    });
  } else {
    const annotations = fs.map((f) => ({ f, box: clip(outputOf(f).box) })).filter((a): a is { f: FindingView; box: BoxPx } => a.box !== null);
    if (annotations.length === 0) return null;
    used = annotations.map((a) => a.f);
    bytes = writeFindingsGsps({
      source: src, now, creatorName: o.creatorName ?? '',
      description: o.all ? 'AI findings (all shown to the reader), reference only' : 'AI findings confirmed by the reader',
      annotations: annotations.map((a) => ({ box: a.box, label: gspsLabel(a.f) })),
    });
  }
  return { bytes, instanceId: iid, findingIds: used.map((f) => f.id) };
}

/** The audited export behind GET /api/imaging/studies/:id/sr and /gsps. */
export async function exportFindings(db: Db, actor: Actor, filesDir: string, studyId: string, format: FindingsFormat, o: { all?: boolean; instanceId?: string } = {}): Promise<FindingsObject> {
  const v = await studyForReader(db, actor, studyId);
  if (!v.findingsRevealed) throw new AppError(409, 'FIRST_IMPRESSION_REQUIRED', 'Record your first impression first', 'Hãy ghi ấn tượng ban đầu trước');
  if (o.instanceId && !v.instances.some((i) => i.id === o.instanceId)) throw notFound('Instance');
  const out = await buildFindingsObject(db, filesDir, v, format, { ...o, creatorName: actor.fullName });
  if (!out) {
    throw new AppError(404, 'NO_FINDINGS',
      format === 'gsps' ? 'No findings with a marked region to export' : 'No findings to export',
      format === 'gsps' ? 'Không có dấu hiệu nào có vùng đánh dấu để xuất' : 'Không có dấu hiệu nào để xuất');
  }
  await db.tx((q) => appendAudit(q, {
    userId: actor.id, facilityId: v.study.facilityId, action: 'export', resourceType: 'ImagingStudy', resourceId: studyId, patientId: v.study.patientId,
    outcome: 'success', details: { format, all: !!o.all, instanceId: out.instanceId, findings: out.findingIds },
  }));
  return out;
}
