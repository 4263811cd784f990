/**
 * The printable certificate: A4 landscape, Vietnamese with English beneath, and a QR code that
 * opens the public verification page. The QR code is drawn as vector squares (qrcode's matrix,
 * error correction M), so it stays sharp on any printer. The PDF is a convenience: the signed JSON
 * is the credential.
 */
/// <reference path="../governance/pdfkit.d.ts" />
/// <reference path="./credential/libs.d.ts" />
import { create as qrCreate } from 'qrcode';
import { findFonts } from '../governance/governance.report.ts';

export interface CertificateInput {
  learnerName: string;
  achievementName: string;
  achievementDescription: string;
  facilityName: string;
  issuedAt: Date;
  badgeId: string;
  issuerDid: string;
  verifyUrl: string;
  revoked: boolean;
}

/** dd/mm/yyyy in Asia/Ho_Chi_Minh. */
export const viDate = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);

export async function certificatePdf(c: CertificateInput): Promise<Buffer> {
  const fonts = findFonts();
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: [841.89, 595.28], margin: 48, info: { Title: `${c.achievementName} — ${c.learnerName}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (b) => chunks.push(b));
  const done = new Promise<void>((res, rej) => { doc.on('end', () => res()); doc.on('error', (e) => rej(e)); });
  doc.registerFont('r', fonts.regular).registerFont('b', fonts.bold);
  const W = doc.page.width;
  const H = doc.page.height;

  doc.lineWidth(3).strokeColor('#1c7ed6').rect(24, 24, W - 48, H - 48).stroke();
  doc.lineWidth(1).strokeColor('#74c0fc').rect(32, 32, W - 64, H - 64).stroke();

  const textW = W - 96 - 170;
  doc.font('b').fontSize(26).fillColor('#1c3d5a').text('GIẤY CHỨNG NHẬN', 48, 70, { width: textW, align: 'center' });
  doc.font('r').fontSize(13).fillColor('#495057').text('Certificate of completion', 48, 104, { width: textW, align: 'center' });
  doc.font('r').fontSize(13).fillColor('#212529').text('Chứng nhận / This certifies that', 48, 150, { width: textW, align: 'center' });
  doc.font('b').fontSize(28).fillColor('#0b7285').text(c.learnerName, 48, 176, { width: textW, align: 'center' });
  doc.font('r').fontSize(13).fillColor('#212529').text('đã hoàn thành lộ trình đào tạo / has completed the training path', 48, 226, { width: textW, align: 'center' });
  doc.font('b').fontSize(20).fillColor('#1c3d5a').text(c.achievementName, 48, 252, { width: textW, align: 'center' });
  doc.font('r').fontSize(11).fillColor('#495057').text(c.achievementDescription, 48, 290, { width: textW, align: 'center', height: 60, ellipsis: true });

  doc.font('r').fontSize(12).fillColor('#212529')
    .text(`Đơn vị cấp / Issued by: ${c.facilityName}`, 72, 380, { width: textW - 24 })
    .text(`Ngày cấp / Issued on: ${viDate(c.issuedAt)}`, 72, 400, { width: textW - 24 })
    .text(`Mã chứng chỉ / Credential id: ${c.badgeId}`, 72, 420, { width: textW - 24 });
  doc.font('r').fontSize(7).fillColor('#868e96').text(`Ký số / Signed by ${c.issuerDid} (Open Badges 3.0, eddsa-rdfc-2022)`, 72, 446, { width: textW - 24 });
  if (c.revoked) doc.font('b').fontSize(16).fillColor('#c92a2a').text('ĐÃ THU HỒI / REVOKED', 72, 470, { width: textW - 24 });

  // QR code: verify URL.
  const qr = qrCreate(c.verifyUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const side = 150;
  const cell = side / (n + 8); // 4-module quiet zone each side
  const x0 = W - 48 - side - 10;
  const y0 = 150;
  doc.rect(x0, y0, side, side).fill('#ffffff');
  for (let r = 0; r < n; r++) {
    for (let col = 0; col < n; col++) if (qr.modules.get(r, col)) doc.rect(x0 + (col + 4) * cell, y0 + (r + 4) * cell, cell + 0.05, cell + 0.05);
  }
  doc.fill('#000000');
  doc.font('r').fontSize(9).fillColor('#495057').text('Quét để xác minh / Scan to verify', x0 - 10, y0 + side + 6, { width: side + 20, align: 'center' });
  doc.font('r').fontSize(6).fillColor('#868e96').text(c.verifyUrl, x0 - 20, y0 + side + 20, { width: side + 40, align: 'center' });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
