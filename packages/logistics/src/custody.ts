/**
 * Chain of custody of a drone box: packed → loaded → launched → landed → received. Each hand-over
 * is scanned (the box's barcode/QR) and signed by the person doing it. A step may not go back or
 * repeat (refused); a skipped step, a scan of another code, a clock going backwards or a
 * temperature outside the box's range is recorded and FLAGGED as a custody break.
 * The steps and the break rules are yte's own design (documented hand-over as in specimen
 * chain-of-custody practice); no regulation is cited for them.
 */
export const CUSTODY_STEPS = ['packed', 'loaded', 'launched', 'landed', 'received'] as const;
export type CustodyStep = (typeof CUSTODY_STEPS)[number];

export interface CustodyEvent { step: CustodyStep; scannedCode: string; at: string; tempC: number | null }

export type CustodyBreak = 'missing_step' | 'code_mismatch' | 'time_order' | 'temperature';

export type CustodyCheck =
  | { ok: true; breaks: CustodyBreak[]; missing: CustodyStep[] }
  | { ok: false; code: 'STEP_ORDER'; message: string; messageVi: string };

export function checkCustodyEvent(
  previous: readonly CustodyEvent[], next: CustodyEvent, box: { code: string; tempMinC: number | null; tempMaxC: number | null },
): CustodyCheck {
  const idx = CUSTODY_STEPS.indexOf(next.step);
  const last = previous.length ? CUSTODY_STEPS.indexOf(previous[previous.length - 1]!.step) : -1;
  if (idx <= last) {
    return { ok: false, code: 'STEP_ORDER', message: `Step "${next.step}" cannot follow "${CUSTODY_STEPS[last]}"`, messageVi: `Bước "${next.step}" không thể sau bước "${CUSTODY_STEPS[last]}"` };
  }
  const breaks: CustodyBreak[] = [];
  const missing = CUSTODY_STEPS.slice(last + 1, idx) as CustodyStep[];
  if (missing.length) breaks.push('missing_step');
  if (next.scannedCode.trim() !== box.code) breaks.push('code_mismatch');
  const prevAt = previous.length ? Date.parse(previous[previous.length - 1]!.at) : -Infinity;
  if (Date.parse(next.at) < prevAt) breaks.push('time_order');
  if (next.tempC !== null && ((box.tempMinC !== null && next.tempC < box.tempMinC) || (box.tempMaxC !== null && next.tempC > box.tempMaxC))) breaks.push('temperature');
  return { ok: true, breaks, missing };
}
