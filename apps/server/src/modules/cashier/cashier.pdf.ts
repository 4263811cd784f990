/**
 * The patient's receipt (biên lai thu tiền) as a PDF, in Vietnamese: facility, receipt number, patient and
 * card, the bill lines with the fund's share and the patient's share, the amount paid in figures and words,
 * method and cashier. Same font lookup as the other PDFs (Vietnamese glyphs, nothing downloaded).
 */
/// <reference path="../governance/pdfkit.d.ts" />
import { vndInWords } from '@yte/claims';
import { findFonts } from '../governance/governance.report.ts';
import type { receiptOf } from './cashier.service.ts';

const vnd = (n: number) => `${n.toLocaleString('vi-VN')} đ`;
const dmyhm = (d: Date | string) => {
  const t = new Date(new Date(d).getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCHours())}:${p(t.getUTCMinutes())} ${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
};
const METHOD_VI = { cash: 'Tiền mặt', card: 'Thẻ', vietqr: 'Chuyển khoản VietQR' } as const;

export async function receiptPdf(r: Awaited<ReturnType<typeof receiptOf>>): Promise<Buffer> {
  const fonts = findFonts();
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A5', margin: 36, info: { Title: `Biên lai ${r.p.receipt_no}` } });
  doc.registerFont('r', fonts.regular);
  doc.registerFont('b', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((res) => doc.on('end', () => res(Buffer.concat(chunks))));
  const refund = r.p.kind === 'refund';
  doc.font('b').fontSize(10).text(r.fac.name.toUpperCase());
  doc.font('r').fontSize(9).text(`${r.fac.commune}, ${r.fac.province}`);
  doc.moveDown();
  doc.font('b').fontSize(14).text(refund ? 'PHIẾU HOÀN TIỀN' : 'BIÊN LAI THU TIỀN', { align: 'center' });
  doc.font('r').fontSize(9).text(`Số: ${String(r.p.receipt_no).padStart(7, '0')} — ${dmyhm(r.p.created_at)}`, { align: 'center' });
  doc.moveDown();
  const line = (label: string, value: string) => doc.font('b').fontSize(10).text(`${label}: `, { continued: true }).font('r').text(value);
  line('Người nộp tiền', r.f.patient?.full_name ?? '—');
  line('Số thẻ BHYT', r.f.patient?.bhyt ?? 'Không có');
  if (r.f.bill) {
    doc.moveDown(0.5);
    doc.font('b').fontSize(9).text('Nội dung', { continued: true }).text('   Thành tiền / Quỹ BHYT / Người bệnh', { align: 'right' });
    for (const l of r.f.bill.lines) {
      doc.font('r').fontSize(8.5).text(`${l.name} × ${l.quantity.toLocaleString('vi-VN')}`, { continued: true })
        .text(`   ${vnd(l.totalVnd)} / ${vnd(l.fundVnd)} / ${vnd(l.coPayVnd + l.outOfScopeVnd)}`, { align: 'right' });
    }
    doc.moveDown(0.3);
    line('Tổng chi phí', vnd(r.f.bill.totalVnd));
    line(`Quỹ BHYT trả (mức hưởng ${r.f.bill.benefitPercent} %)`, vnd(r.f.bill.fundVnd));
    line('Người bệnh cùng chi trả', vnd(r.f.bill.coPayVnd));
    line('Ngoài phạm vi BHYT', vnd(r.f.bill.outOfScopeVnd));
  }
  doc.moveDown(0.5);
  const amount = Number(r.p.amount);
  line(refund ? 'Số tiền hoàn' : 'Số tiền đã thu', vnd(amount));
  line('Bằng chữ', vndInWords(amount));
  line('Hình thức', METHOD_VI[r.p.method]);
  if (r.p.reason) line('Lý do', r.p.reason);
  doc.moveDown();
  doc.font('r').fontSize(9).text(`Người thu tiền: ${r.cashier}`, { align: 'right' });
  doc.end();
  return done;
}
