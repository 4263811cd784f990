import type { Suggestion } from '../suggestions/types.ts';

export type Kind = 'nutrition' | 'tb' | 'cvd' | 'bmi';
export interface Bilingual { vi: string; en: string }

export interface Screening {
  id: string;
  patientId: string;
  encounterId: string | null;
  kind: Kind;
  inputs: Record<string, unknown>;
  result: Record<string, unknown> & { counselling?: Bilingual[] };
  summary: string;
  summaryVi: string;
  toolId: string;
  toolVersion: string;
  performedAt: string;
}

export interface Referral { id: string; toFacility: string; textVi: string; textEn: string }
export interface Appointment { id: string; scheduledAt: string; reason: string; status: string }

export interface ScreeningCreated {
  screening: Screening;
  suggestion: Suggestion | null;
  counselling: Bilingual[];
  appointment: Appointment | null;
  referral: Referral | null;
}

export interface GrowthPoint {
  screeningId: string; at: string; ageDays: number; ageMonths: number; weightKg: number | null; lengthOrHeightCm: number | null;
  correctedLengthOrHeightCm: number | null; measured: string | null; waz: number | null; haz: number | null; whz: number | null;
}

export interface Curves {
  indicator: string; x: string; unit: string; title: Bilingual;
  points: Array<{ x: number; sdM3: number; sdM2: number; sdM1: number; sd0: number; sd1: number; sd2: number; sd3: number }>;
}

/** Opens a print window with plain text (counselling, referral note). */
export function printText(title: string, text: string) {
  const w = window.open('', '_blank', 'width=720,height=900');
  if (!w) return;
  const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  w.document.write(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font:15px/1.5 system-ui,sans-serif;margin:32px}pre{white-space:pre-wrap;font:inherit}</style></head><body><pre>${esc(text)}</pre></body></html>`);
  w.document.close();
  w.focus();
  w.print();
}
