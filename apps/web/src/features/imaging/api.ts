/** Imaging API calls and types (server: apps/server/src/modules/imaging). */
import { api, ApiError, CSRF_HEADERS, get, post } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import type { ToolLock } from '../training/TrainingLock.tsx';

/** Who may upload studies, import AI results and match patients; who reads and reports (the server checks the same roles). */
export const IMAGING_WRITE_ROLES: readonly Role[] = ['doctor', 'radiologist', 'facility_admin'];
export const REPORTING_ROLES: readonly Role[] = ['radiologist', 'doctor'];

export interface ImagingStudy {
  id: string;
  facilityId: string;
  studyUid: string;
  patientId: string | null;
  patientName: string | null;
  matchState: 'matched' | 'unmatched';
  dicomPatientId: string | null;
  dicomPatientName: string | null;
  accessionNumber: string | null;
  studyDate: string | null;
  description: string | null;
  modalities: string[];
  status: 'received' | 'analysing' | 'analysed' | 'reported' | 'failed';
  aiSuspicion: number | null;
  source: string;
  receivedAt: string;
  instanceCount: number | null;
  firstInstanceId: string | null;
}

export interface ImagingInstance {
  id: string;
  sopInstanceUid: string;
  seriesUid: string;
  modality: string | null;
  rows: number | null;
  columns: number | null;
  instanceNumber: number | null;
  transferSyntaxUid: string;
  sourceName: string | null;
}

export interface FindingOutput {
  label: string;
  probability: number;
  threshold: number;
  positive: boolean;
  box?: { x: number; y: number; width: number; height: number };
  instanceId: string;
}

export interface Finding {
  id: string;
  toolId: string;
  toolVersion: string;
  kind: string;
  output: FindingOutput;
  summary: string;
  summaryVi: string;
  severity: 'info' | 'warning' | 'urgent' | 'emergency';
  score: number | null;
  status: 'proposed' | 'accepted' | 'overridden' | 'dismissed';
  reason: string | null;
}

/** One file of an upload: stored (or already stored), or rejected with the reason. */
export interface UploadAccepted {
  file: string;
  studyId: string;
  patientId: string | null;
  matchState: 'matched' | 'unmatched';
  duplicate: boolean;
  newStudy: boolean;
}
export interface UploadRejected {
  file: string;
  code: string;
  message: string;
  messageVi: string;
  field?: string;
}
export interface UploadResult {
  accepted: UploadAccepted[];
  rejected: UploadRejected[];
}

export interface VendorImportResult {
  rows: number;
  recorded: number;
  shadow: number;
  skippedUnknownImage: number;
  alreadyImported: number;
  notRecordedStage: number;
}

async function send<T>(path: string, body: BodyInit, contentType?: string): Promise<{ status: number; data: T }> {
  const res = await fetch(path, { method: 'POST', credentials: 'same-origin', body, headers: { ...CSRF_HEADERS, ...(contentType ? { 'content-type': contentType } : {}) } });
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const e = (data ?? {}) as { code?: string; message?: string; messageVi?: string; field?: string; details?: unknown };
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.messageVi ?? e.message ?? res.statusText, e.field, e.details);
  }
  return { status: res.status, data: data as T };
}

/** Uploads DICOM files (multipart/form-data). Every file comes back accepted or rejected with its reason, also when all were rejected (400). */
async function upload(files: File[]): Promise<UploadResult> {
  const form = new FormData();
  for (const f of files) form.append('files', f, f.name);
  try {
    return (await send<UploadResult>('/api/imaging/upload', form)).data;
  } catch (e) {
    const rejected = e instanceof ApiError ? (e.details as { rejected?: UploadRejected[] } | undefined)?.rejected : undefined;
    if (rejected) return { accepted: [], rejected };
    throw e;
  }
}

/** Vendor AI results: CSV, JSON or a DICOM SR, by the file's name. */
async function importVendor(file: File): Promise<VendorImportResult> {
  const type = /\.csv$/i.test(file.name) ? 'text/csv' : /\.json$/i.test(file.name) ? 'application/json' : /\.(dcm|dicom)$/i.test(file.name) ? 'application/dicom' : file.type || 'application/octet-stream';
  return (await send<VendorImportResult>('/api/imaging/vendor-results', file, type)).data;
}

export interface ImagingReport {
  id: string;
  readerId: string;
  readerName: string | null;
  firstImpression: string | null;
  firstImpressionAt: string | null;
  text: string | null;
  finalAt: string | null;
  updatedAt: string | null;
}

export interface StudyView {
  study: ImagingStudy & { patientSex: 'male' | 'female' | 'other' | null; patientBirthDate: string | null };
  instances: ImagingInstance[];
  report: ImagingReport | null;
  firstImpressionRequired: boolean;
  findingsRevealed: boolean;
  findingsWithheld: number;
  /** AI tools whose findings are hidden from this reader until their required training is done. */
  findingsLockedByTraining?: ToolLock[];
  findings: Finding[];
}

export const imagingApi = {
  worklist: (status?: string, signal?: AbortSignal) => get<ImagingStudy[]>('/api/imaging/studies', { status, limit: 200 }, signal),
  study: (id: string, signal?: AbortSignal) => get<StudyView>(`/api/imaging/studies/${id}`, undefined, signal),
  firstImpression: (id: string, text: string) => post<StudyView>(`/api/imaging/studies/${id}/first-impression`, { text }),
  saveReport: (id: string, text: string, final: boolean) => api<StudyView>('PUT', `/api/imaging/studies/${id}/report`, { body: { text, final } }),
  decide: (suggestionId: string, decision: 'accept' | 'override' | 'dismiss', reason?: string) =>
    post<unknown>(`/api/suggestions/${suggestionId}/decision`, { decision, ...(reason ? { reason } : {}) }),
  demoStatus: () => get<{ state: string; done: number; total: number }>('/api/imaging/demo-status'),
  renderUrl: (instanceId: string, o: { wc?: number; ww?: number; size: number }) => {
    const q = new URLSearchParams({ size: String(o.size) });
    if (o.wc !== undefined && o.ww !== undefined) {
      q.set('wc', String(Math.round(o.wc)));
      q.set('ww', String(Math.max(1, Math.round(o.ww))));
    }
    return `/api/imaging/instances/${instanceId}/render?${q}`;
  },
  upload,
  importVendor,
  match: (studyId: string, patientId: string) => post<StudyView>(`/api/imaging/studies/${studyId}/match`, { patientId }),
  srUrl: (studyId: string) => `/api/imaging/studies/${studyId}/sr`,
  gspsUrl: (studyId: string) => `/api/imaging/studies/${studyId}/gsps`,
  fhirUrl: (studyId: string) => `/fhir/R4/DiagnosticReport?study=${studyId}`,
};
