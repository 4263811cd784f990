/**
 * Monthly facility report (pure): visits, claims by state, rejections by reason, top diagnoses, money;
 * and a rule-generated narrative summary drafted ONLY from those figures. The draft is a suggestion:
 * the server stores it with its provenance and a person accepts or edits it before it is final.
 * `numbersInText` / `checkNarrative` make sure every number written in a (possibly edited) text is one of
 * the report's figures — nothing invented.
 */
export interface MonthFigures {
  month: string; // YYYY-MM
  visits: number;
  insuredVisits: number;
  claims: Record<'ready' | 'blocked' | 'exported' | 'accepted' | 'rejected', number>;
  /** rejections by BHXH's reason (the answer file) and blocked claims by yte rule code */
  rejectionsByReason: Array<{ reason: string; count: number }>;
  blockedByRule: Array<{ rule: string; count: number }>;
  topDiagnoses: Array<{ icd10: string; count: number }>;
  totalVnd: number;
  fundVnd: number;
  patientPaidVnd: number;
}

const vi = (n: number) => n.toLocaleString('vi-VN');
const pct = (a: number, b: number) => (b ? Math.round((1000 * a) / b) / 10 : 0);
const viPct = (n: number) => String(n).replace('.', ',');

export const NARRATIVE_PROVENANCE = 'yte rule template report-narrative/1 (no language model): sentences filled from the report figures only';

/** The draft narrative in Vietnamese, every number taken from `f`. */
export function draftNarrative(f: MonthFigures): string {
  const [y, m] = f.month.split('-');
  const claimsTotal = Object.values(f.claims).reduce((a, b) => a + b, 0);
  const answered = f.claims.accepted + f.claims.rejected;
  const out: string[] = [];
  out.push(`Tháng ${m}/${y}, cơ sở ghi nhận ${vi(f.visits)} lượt khám, trong đó ${vi(f.insuredVisits)} lượt có thẻ BHYT.`);
  if (claimsTotal) {
    out.push(`Có ${vi(claimsTotal)} hồ sơ đề nghị thanh toán: ${vi(f.claims.ready)} sẵn sàng gửi, ${vi(f.claims.blocked)} bị giữ lại do lỗi, ${vi(f.claims.exported)} đã gửi chờ kết quả, ${vi(f.claims.accepted)} được chấp nhận và ${vi(f.claims.rejected)} bị từ chối.`);
  } else out.push('Chưa có hồ sơ đề nghị thanh toán BHYT nào.');
  if (answered) out.push(`Tỷ lệ từ chối trên số hồ sơ đã có kết quả là ${viPct(pct(f.claims.rejected, answered))} %.`);
  if (f.rejectionsByReason.length) {
    const top = f.rejectionsByReason[0]!;
    out.push(`Lý do từ chối thường gặp nhất: "${top.reason}" (${vi(top.count)} hồ sơ).`);
  }
  if (f.blockedByRule.length) {
    const top = f.blockedByRule[0]!;
    out.push(`Lỗi giữ hồ sơ thường gặp nhất là quy tắc ${top.rule} (${vi(top.count)} lần); cần sửa trước khi gửi.`);
  }
  if (f.topDiagnoses.length) {
    out.push(`Chẩn đoán thường gặp: ${f.topDiagnoses.slice(0, 3).map((d) => `${d.icd10} (${vi(d.count)} lượt)`).join(', ')}.`);
  }
  if (f.totalVnd) {
    out.push(`Tổng chi phí ${vi(f.totalVnd)} đồng, quỹ BHYT chi trả ${vi(f.fundVnd)} đồng, người bệnh đã nộp ${vi(f.patientPaidVnd)} đồng.`);
  }
  return out.join(' ');
}

/** Every number written in the text, normalised (vi-VN "1.234,5" → 1234.5); dates' parts count as numbers too. */
export function numbersInText(text: string): number[] {
  const out: number[] = [];
  // strip codes like E11.9, I10, 23.0075.1494 and rule codes (K-PRICE) so they are not read as amounts
  const cleaned = text.replace(/"[^"]*"/g, " ").replace(/\b[A-Z]\d{2}(\.\d{1,2})?\b/g, ' ').replace(/\b\d{2}\.\d{4}\.\d{4}\b/g, ' ');
  for (const m of cleaned.matchAll(/\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?/g)) {
    out.push(Number(m[0].replaceAll('.', '').replace(',', '.')));
  }
  return out;
}

/** The numbers a text may contain: the figures, the derived percentage, the month and year. */
export function allowedNumbers(f: MonthFigures): Set<number> {
  const [y, m] = f.month.split('-');
  const answered = f.claims.accepted + f.claims.rejected;
  const s = new Set<number>([Number(y), Number(m), f.visits, f.insuredVisits, f.totalVnd, f.fundVnd, f.patientPaidVnd,
    Object.values(f.claims).reduce((a, b) => a + b, 0), pct(f.claims.rejected, answered), 1, 2, 3]);
  for (const v of Object.values(f.claims)) s.add(v);
  for (const r of f.rejectionsByReason) s.add(r.count);
  for (const r of f.blockedByRule) s.add(r.count);
  for (const d of f.topDiagnoses) s.add(d.count);
  return s;
}

/** Numbers in the text that are not figures of the report (an edited text must not invent numbers). */
export function checkNarrative(text: string, f: MonthFigures): number[] {
  const ok = allowedNumbers(f);
  return numbersInText(text).filter((n) => !ok.has(n));
}
