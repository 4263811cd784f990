/** Imaging API calls and types (server: apps/server/src/modules/imaging). */
import { api, get, post } from '../../api/client.ts';

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

export interface ImagingReport {
  id: string;
  readerId: string;
  firstImpression: string | null;
  firstImpressionAt: string | null;
  text: string | null;
  finalAt: string | null;
  updatedAt: string | null;
}

export interface StudyView {
  study: ImagingStudy;
  instances: ImagingInstance[];
  report: ImagingReport | null;
  firstImpressionRequired: boolean;
  findingsRevealed: boolean;
  findingsWithheld: number;
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
  srUrl: (studyId: string) => `/api/imaging/studies/${studyId}/sr`,
  fhirUrl: (studyId: string) => `/fhir/R4/DiagnosticReport?study=${studyId}`,
};
