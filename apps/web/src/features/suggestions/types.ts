export interface ExplanationItem {
  input: string;
  value: unknown;
  points?: number;
  finding?: string;
  note: string;
}

export interface Suggestion {
  id: string;
  toolId: string;
  toolVersion: string;
  kind: string;
  patientId: string;
  encounterId: string | null;
  subjectRef?: string | null;
  summary: string;
  summaryVi: string;
  severity: 'info' | 'warning' | 'urgent' | 'emergency';
  score: number | null;
  status: 'proposed' | 'accepted' | 'overridden' | 'dismissed';
  explanation: unknown;
  output: unknown;
  reason: string | null;
  createdAt: string;
}

export const SEVERITY_COLOR: Record<Suggestion['severity'], string> = { info: 'blue', warning: 'yellow', urgent: 'orange', emergency: 'red' };
