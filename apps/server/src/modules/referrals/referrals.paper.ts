/**
 * The referral paper (giấy chuyển tuyến) as a PDF, in Vietnamese: the fields of the form in
 * Thông tư 14/2014/TT-BYT, Phụ lục 02 (reason, diagnosis with ICD-10, treatment given, condition at
 * transfer, means of transport, accompanying staff, BHYT card), and the counter-referral when back.
 * Vietnamese needs a TTF with its glyphs: the same font lookup as the governance report.
 */
/// <reference path="../governance/pdfkit.d.ts" />
import { findFonts } from '../governance/governance.report.ts';
import type { Transfer } from './referrals.repo.ts';

const dmy = (iso: string | null) => {
  if (!iso) return '—';
  // Vietnam time (UTC+7, no daylight saving) for the date and time printed on the paper.
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
};
const SEX_VI: Record<string, string> = { male: 'Nam', female: 'Nữ', other: 'Khác' };
const STATE_VI: Record<string, string> = {
  sent: 'Đã gửi', received: 'Đã tiếp nhận', arrived: 'Người bệnh đã đến', treated: 'Đã điều trị', counter_referral_returned: 'Đã phản hồi tuyến dưới', cancelled: 'Đã hủy',
};

export async function referralPaperPdf(r: Transfer): Promise<Buffer> {
  const fonts = findFonts();
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Giấy chuyển tuyến ${r.id}` } });
  doc.registerFont('r', fonts.regular);
  doc.registerFont('b', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((res) => doc.on('end', () => res(Buffer.concat(chunks))));

  doc.font('b').fontSize(10).text(r.fromFacilityName.toUpperCase(), { continued: false });
  doc.font('r').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc', { align: 'right' });
  doc.moveDown();
  doc.font('b').fontSize(16).text('GIẤY CHUYỂN TUYẾN KHÁM BỆNH, CHỮA BỆNH', { align: 'center' });
  doc.font('r').fontSize(10).text(`Số: ${r.id}`, { align: 'center' });
  doc.moveDown();
  const line = (label: string, value: string | null) => {
    doc.font('b').fontSize(11).text(`${label}: `, { continued: true }).font('r').text(value && value.length ? value : '—');
  };
  line('Kính gửi', r.toFacilityName);
  line('Họ và tên người bệnh', r.patientName);
  line('Giới tính', SEX_VI[r.patientSex] ?? r.patientSex);
  line('Ngày sinh', r.patientBirthDate.split('-').reverse().join('/'));
  line('Số thẻ BHYT', r.bhyt);
  doc.moveDown(0.5);
  line('Lý do chuyển tuyến', r.reason);
  line('Chẩn đoán', `${r.diagnosis} (ICD-10: ${r.icd10})`);
  line('Thuốc, phương pháp điều trị đã dùng', r.treatmentGiven);
  line('Tình trạng người bệnh lúc chuyển tuyến', r.conditionAtTransfer);
  line('Phương tiện vận chuyển', r.transport);
  line('Người hộ tống', r.accompanyingStaff);
  line('Thời gian chuyển', dmy(r.sentAt));
  line('Trạng thái', STATE_VI[r.state] ?? r.state);
  if (r.counterReferral) {
    doc.moveDown();
    doc.font('b').fontSize(13).text('PHIẾU PHẢN HỒI (CHUYỂN TUYẾN TRỞ LẠI)');
    line('Chẩn đoán của tuyến trên', r.counterReferral.diagnosis);
    line('Điều trị đã thực hiện', r.counterReferral.treatment);
    line('Hướng dẫn cho tuyến dưới', r.counterReferral.advice);
    line('Kế hoạch theo dõi', r.counterReferral.followUpPlan);
    line('Ngày phản hồi', dmy(r.counterReferral.returnedAt));
  }
  doc.moveDown(2);
  doc.font('r').fontSize(10).text('Người lập phiếu (ký, ghi rõ họ tên)', { align: 'right' });
  doc.end();
  return done;
}
