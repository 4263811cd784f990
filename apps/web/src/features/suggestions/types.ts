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

/**
 * Filled severity badges with text at WCAG AA contrast (≥ 4.5:1, checked by axe in ux-axe.spec.ts):
 * white on blue 9 and red 9; Mantine's orange 9 reaches 4.3:1 with white or black, so urgent uses a
 * darker orange (5.8:1 with white), and warning is yellow 9 with dark text (6:1).
 */
export const SEVERITY_COLOR: Record<Suggestion['severity'], string> = { info: 'blue', warning: 'yellow', urgent: '#b53c0b', emergency: 'red' };
export const SEVERITY_TEXT: Record<Suggestion['severity'], string | undefined> = { info: undefined, warning: 'dark.9', urgent: undefined, emergency: undefined };
