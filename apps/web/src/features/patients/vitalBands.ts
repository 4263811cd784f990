/**
 * Which NEWS2 points one vital scores on its own, so an abnormal tile looks abnormal (issue 15, point 2).
 * The rows are NEWS2 Chart 1 (Royal College of Physicians, NEWS2, 2017), taken from the pure rule in
 * packages/clinical so the tile and the server's score never disagree. SpO2 uses scale 1: scale 2 is
 * a clinician's prescription for hypercapnic respiratory failure that the tile cannot know.
 */
import { scorePulse, scoreRespRate, scoreSpo2Scale1, scoreSystolicBP, scoreTemperature } from '../../../../../packages/clinical/src/news2.ts';

const SCORERS: Record<string, (v: number) => number> = {
  respRate: scoreRespRate,
  spo2: scoreSpo2Scale1,
  systolicBP: scoreSystolicBP,
  pulse: scorePulse,
  temperatureC: scoreTemperature,
};

/** NEWS2 points (0–3) of one vital, or null for a vital NEWS2 does not score (diastolic BP, weight…). */
export function vitalNews2Points(key: string, value: number | undefined): number | null {
  const f = SCORERS[key];
  return f && typeof value === 'number' && Number.isFinite(value) ? f(value) : null;
}

/** Tile colours by points: 3 red (urgent), 2 orange, 1 yellow, 0 neutral. Text colours keep ≥ 4.5:1 on the tinted background. */
export function pointsTone(points: number | null): { bg?: string; fg?: string; border?: string } {
  if (points === 3) return { bg: 'var(--mantine-color-red-0)', fg: 'var(--mantine-color-red-9)', border: 'var(--mantine-color-red-6)' };
  if (points === 2) return { bg: 'var(--mantine-color-orange-0)', fg: '#9c3a00', border: 'var(--mantine-color-orange-6)' };
  if (points === 1) return { bg: 'var(--mantine-color-yellow-0)', fg: '#6b4800', border: 'var(--mantine-color-yellow-6)' };
  return {};
}
