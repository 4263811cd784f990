/** Laboratory results grouped for display: pure functions, tested in labs.test.ts. */
import type { Observation } from '../../api/types.ts';

export function labFlag(o: Pick<Observation, 'value' | 'refLow' | 'refHigh'>): 'H' | 'L' | null {
  if (typeof o.value !== 'number') return null;
  if (o.refHigh !== null && o.value > o.refHigh) return 'H';
  if (o.refLow !== null && o.value < o.refLow) return 'L';
  return null;
}

/** "Creatinine [Moles/volume] in Serum or Plasma" → "Creatinine" (the LOINC long name's component). */
export const shortLabName = (display: string) => display.replace(/\s*\[.*$/, '').trim() || display;

export interface LabRow {
  code: string;
  latest: Observation;
  previous: Observation | undefined;
  count: number;
}

/** One row per test (LOINC code): the newest result, the one before it, how many there are. Input oldest first. */
export function labRows(observations: Observation[]): LabRow[] {
  const byCode = new Map<string, Observation[]>();
  for (const o of observations) {
    if (o.category !== 'laboratory') continue;
    const list = byCode.get(o.code) ?? [];
    list.push(o);
    byCode.set(o.code, list);
  }
  return [...byCode.entries()]
    .map(([code, list]) => {
      const sorted = list.slice().sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt));
      return { code, latest: sorted.at(-1)!, previous: sorted.at(-2), count: sorted.length };
    })
    .sort((a, b) => b.latest.effectiveAt.localeCompare(a.latest.effectiveAt) || a.code.localeCompare(b.code));
}
