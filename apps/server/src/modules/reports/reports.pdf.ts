/** The monthly facility report as a PDF: the figures, a bar chart of claims by state and the (approved or draft) summary. */
/// <reference path="../governance/pdfkit.d.ts" />
import { findFonts } from '../governance/governance.report.ts';
import type { reportById } from './reports.service.ts';

const STATE_VI = { ready: 'Sẵn sàng', blocked: 'Bị giữ', exported: 'Đã gửi', accepted: 'Chấp nhận', rejected: 'Từ chối' } as const;
const COLORS = { ready: '#2563eb', blocked: '#d97706', exported: '#6b7280', accepted: '#16a34a', rejected: '#dc2626' } as const;

export async function reportPdf(r: Awaited<ReturnType<typeof reportById>>): Promise<Buffer> {
  const fonts = findFonts();
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Báo cáo tháng ${r.month}` } });
  doc.registerFont('r', fonts.regular);
  doc.registerFont('b', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((res) => doc.on('end', () => res(Buffer.concat(chunks))));
  const f = r.figures;
  const [y, m] = r.month.split('-');
  const n = (x: number) => x.toLocaleString('vi-VN');
  doc.font('b').fontSize(11).text(r.facilityName.toUpperCase());
  doc.font('b').fontSize(16).text(`BÁO CÁO HOẠT ĐỘNG THÁNG ${m}/${y}`, { align: 'center' });
  doc.moveDown();
  const line = (k: string, v: string) => doc.font('b').fontSize(11).text(`${k}: `, { continued: true }).font('r').text(v);
  line('Lượt khám', `${n(f.visits)} (có thẻ BHYT: ${n(f.insuredVisits)})`);
  line('Tổng chi phí', `${n(f.totalVnd)} đ — quỹ BHYT: ${n(f.fundVnd)} đ — người bệnh đã nộp: ${n(f.patientPaidVnd)} đ`);
  line('Chẩn đoán thường gặp', f.topDiagnoses.slice(0, 5).map((d) => `${d.icd10} (${n(d.count)})`).join(', ') || '—');
  line('Lý do từ chối', f.rejectionsByReason.map((x) => `${x.reason} (${n(x.count)})`).join('; ') || '—');
  line('Lỗi giữ hồ sơ', f.blockedByRule.map((x) => `${x.rule} (${n(x.count)})`).join('; ') || '—');
  doc.moveDown();
  doc.font('b').fontSize(12).text('Hồ sơ BHYT theo trạng thái');
  const states = Object.keys(STATE_VI) as Array<keyof typeof STATE_VI>;
  const max = Math.max(1, ...states.map((s) => f.claims[s]));
  const x0 = 150;
  let yy = doc.y + 6;
  for (const s of states) {
    doc.font('r').fontSize(10).fillColor('#000000').text(STATE_VI[s], 50, yy, { width: 95 });
    doc.rect(x0, yy, (300 * f.claims[s]) / max, 12).fill(COLORS[s]);
    doc.fillColor('#000000').text(n(f.claims[s]), x0 + (300 * f.claims[s]) / max + 6, yy);
    yy += 20;
  }
  doc.fillColor('#000000');
  doc.text('', 50, yy + 10);
  doc.moveDown();
  doc.font('b').fontSize(12).text(r.status === 'approved' ? 'Tóm tắt (đã duyệt)' : 'Tóm tắt (BẢN NHÁP — chưa duyệt)');
  doc.font('r').fontSize(11).text(r.finalText ?? r.draft, { align: 'justify' });
  doc.moveDown(0.5);
  doc.font('r').fontSize(8).fillColor('#555555').text(`Nguồn bản nháp: ${r.provenance}${r.edited ? '; người duyệt đã sửa' : ''}`);
  doc.end();
  return done;
}
