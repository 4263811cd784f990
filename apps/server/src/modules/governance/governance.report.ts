/**
 * Impact assessment report of one AI tool as a PDF (vi/en): model card, risk tier, performance with
 * intervals, ROC and calibration charts, subgroup bars with fairness flags, drift, incidents and
 * stage decisions. Charts are pdfkit vector primitives. Vietnamese needs a TTF with its glyphs
 * (Noto Sans or DejaVu Sans from Debian fonts-noto-core / fonts-dejavu-core).
 */
/// <reference path="./pdfkit.d.ts" />
import { existsSync } from 'node:fs';
import type { Db } from '../../db/db.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/roles.ts';
import { getToolDetail, listIncidents, performance } from './governance.service.ts';

const FONT_CANDIDATES = [
  ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf'],
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
] as const;

export function findFonts(): { regular: string; bold: string } {
  const env = process.env.YTE_PDF_FONT;
  if (env && existsSync(env)) return { regular: env, bold: env };
  for (const [r, b] of FONT_CANDIDATES) if (existsSync(r)) return { regular: r, bold: existsSync(b) ? b : r };
  throw new AppError(500, 'PDF_FONT_MISSING', 'No TTF font with Vietnamese glyphs found: install fonts-noto-core or fonts-dejavu-core, or set YTE_PDF_FONT', 'Không tìm thấy phông chữ TTF có dấu tiếng Việt: cài fonts-noto-core hoặc fonts-dejavu-core, hoặc đặt YTE_PDF_FONT');
}

const T = {
  en: {
    title: 'AI tool impact assessment report', generated: 'Generated', tool: 'Tool', version: 'Version', risk: 'Risk tier', rationale: 'Risk rationale', stage: 'Current stage', licence: 'Licence',
    portal: 'National AI portal notification', none: 'none', card: 'Model card (CHAI applied model card)', perf: 'Real-world performance', cases: 'Cases', pos: 'positives', neg: 'negatives',
    metric: 'Metric', est: 'Estimate', ci: '95% CI', roc: 'ROC curve', cal: 'Calibration (reliability)', fpr: 'False positive rate', tpr: 'True positive rate', pred: 'Predicted', obs: 'Observed',
    sub: 'Subgroups: sensitivity by group (flag = outside the fairness band)', drift: 'Drift against the validation baseline', noDrift: 'No validation baseline stored', noPerf: 'Not enough labelled cases for performance.',
    inc: 'Incidents', noInc: 'No incidents reported', stages: 'Stage decisions', alerts: 'Alerts', noAlerts: 'No alerts', label: 'Finding',
    sens: 'Sensitivity', spec: 'Specificity', ppv: 'PPV', npv: 'NPV', auroc: 'AUROC (DeLong)', brier: 'Brier', ece: 'ECE', overdue: 'OVERDUE', harm: 'harm',
    note: 'Reference labels: confirmed outcomes where recorded, else the clinician\'s decision. Shadow outputs are included; they were never shown to clinicians.',
  },
  vi: {
    title: 'Báo cáo đánh giá tác động công cụ AI', generated: 'Ngày lập', tool: 'Công cụ', version: 'Phiên bản', risk: 'Mức rủi ro', rationale: 'Lý do phân loại rủi ro', stage: 'Giai đoạn hiện tại', licence: 'Giấy phép',
    portal: 'Thông báo trên cổng AI quốc gia', none: 'chưa có', card: 'Thẻ mô hình (theo mẫu CHAI)', perf: 'Hiệu năng thực tế', cases: 'Số ca', pos: 'dương tính', neg: 'âm tính',
    metric: 'Chỉ số', est: 'Ước lượng', ci: 'KTC 95%', roc: 'Đường cong ROC', cal: 'Hiệu chuẩn (độ tin cậy)', fpr: 'Tỷ lệ dương tính giả', tpr: 'Tỷ lệ dương tính thật', pred: 'Dự đoán', obs: 'Quan sát',
    sub: 'Phân nhóm: độ nhạy theo nhóm (cờ = ngoài ngưỡng công bằng)', drift: 'Độ trôi so với dữ liệu thẩm định', noDrift: 'Chưa lưu dữ liệu thẩm định gốc', noPerf: 'Chưa đủ ca có nhãn để đánh giá hiệu năng.',
    inc: 'Sự cố', noInc: 'Chưa có sự cố nào được báo cáo', stages: 'Quyết định chuyển giai đoạn', alerts: 'Cảnh báo', noAlerts: 'Không có cảnh báo', label: 'Dấu hiệu',
    sens: 'Độ nhạy', spec: 'Độ đặc hiệu', ppv: 'Giá trị dự báo dương', npv: 'Giá trị dự báo âm', auroc: 'AUROC (DeLong)', brier: 'Brier', ece: 'ECE', overdue: 'QUÁ HẠN', harm: 'mức tổn hại',
    note: 'Nhãn tham chiếu: kết quả xác nhận nếu có, nếu không là quyết định của bác sĩ. Bao gồm cả kết quả chạy ẩn (không hiển thị cho bác sĩ).',
  },
} as const;

const RISK_VI: Record<string, string> = { high: 'cao', medium: 'trung bình', low: 'thấp' };
const STAGE_VI: Record<string, string> = { sandbox: 'thử nghiệm kín', shadow: 'chạy ẩn', pilot: 'thí điểm', general: 'sử dụng chung', suspended: 'tạm dừng', retired: 'ngừng sử dụng' };

const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));

export async function toolReportPdf(db: Db, actor: Actor, toolId: string, opts: { lang: 'vi' | 'en'; label?: string }, _sharedDir?: string, now = new Date()): Promise<Buffer> {
  const fonts = findFonts();
  const tool = await getToolDetail(db, toolId);
  const perf = await performance(db, actor, toolId, opts.label ? { label: opts.label } : {}, now);
  const incidents = (await listIncidents(db, actor, { toolId }, now));
  const t = T[opts.lang];
  const vi = opts.lang === 'vi';

  // pdfkit (~25 MB resident with its font metrics) loads on the first report, not at server start.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${t.title}: ${tool.name}` } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', (e) => reject(e));
  });
  doc.registerFont('R', fonts.regular).registerFont('B', fonts.bold);
  const W = doc.page.width - 96;
  const left = 48;
  const ensure = (h: number) => { if (doc.y + h > doc.page.height - 60) doc.addPage(); };
  const h1 = (s: string) => { ensure(40); doc.moveDown(0.6).font('B').fontSize(13).fillColor('#0b3d6b').text(s, left, doc.y, { width: W }).moveDown(0.2).font('R').fontSize(9.5).fillColor('#111'); };
  const kv = (k: string, v: string) => { ensure(16); doc.font('B').text(`${k}: `, left, doc.y, { continued: true, width: W }).font('R').text(v); };

  doc.font('B').fontSize(18).fillColor('#0b3d6b').text(t.title, left, 48, { width: W });
  doc.font('R').fontSize(10).fillColor('#444').text(`${tool.name} (${tool.id}) — ${t.generated}: ${now.toISOString().slice(0, 10)}`, { width: W }).fillColor('#111').moveDown(0.5);
  kv(t.version, tool.currentVersion);
  kv(t.risk, vi ? RISK_VI[tool.riskTier] ?? tool.riskTier : tool.riskTier);
  kv(t.rationale, tool.riskRationale || '—');
  kv(t.stage, vi ? STAGE_VI[tool.stage] ?? tool.stage : tool.stage);
  kv(t.licence, tool.licence || '—');
  const pn = tool.portalNotification as { date?: string; referenceNumber?: string; status?: string } | null;
  kv(t.portal, pn ? `${pn.date ?? ''} · ${pn.referenceNumber ?? ''} · ${pn.status ?? ''}` : t.none);

  h1(t.card);
  const card = tool.modelCard as Record<string, unknown>;
  const order = ['summary', 'basicInfo', 'releaseInfo', 'usesAndDirections', 'outOfScope', 'warnings', 'trustIngredients', 'keyMetrics'];
  const entries = Object.entries(card).sort(([a], [b]) => (order.indexOf(a) + 99 * +(order.indexOf(a) < 0)) - (order.indexOf(b) + 99 * +(order.indexOf(b) < 0)));
  for (const [k, v] of entries) {
    const text = typeof v === 'string' ? v : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ') : Object.entries((v ?? {}) as Record<string, unknown>).map(([a, b]) => `${a}: ${typeof b === 'string' ? b : JSON.stringify(b)}`).join('; ');
    ensure(30);
    doc.font('B').text(k, left, doc.y, { width: W }).font('R').text(text || '—', { width: W }).moveDown(0.2);
  }

  h1(`${t.perf}${opts.label ? ` — ${t.label}: ${opts.label}` : ''}`);
  const r = perf.report;
  if (!r) doc.text(t.noPerf, left, doc.y, { width: W });
  else {
    doc.text(`${t.cases}: ${r.n} (${r.positives} ${t.pos}, ${r.negatives} ${t.neg}); threshold ${r.threshold}`, left, doc.y, { width: W });
    doc.fontSize(8).fillColor('#555').text(t.note, { width: W }).fontSize(9.5).fillColor('#111').moveDown(0.3);
    const rows: Array<[string, number | null, number | null, number | null]> = [
      [t.auroc, r.auroc.estimate, r.auroc.lower, r.auroc.upper],
      [t.sens, r.metrics.sensitivity.estimate, r.metrics.sensitivity.lower, r.metrics.sensitivity.upper],
      [t.spec, r.metrics.specificity.estimate, r.metrics.specificity.lower, r.metrics.specificity.upper],
      [t.ppv, r.metrics.ppv.estimate, r.metrics.ppv.lower, r.metrics.ppv.upper],
      [t.npv, r.metrics.npv.estimate, r.metrics.npv.lower, r.metrics.npv.upper],
    ];
    ensure(20 + rows.length * 14);
    const y0 = doc.y;
    doc.font('B').text(t.metric, left, y0).text(t.est, left + 220, y0).text(t.ci, left + 300, y0).font('R');
    rows.forEach(([name, e, lo, hi], i) => {
      const y = y0 + 14 * (i + 1);
      doc.text(name, left, y).text(f3(e), left + 220, y).text(`${f3(lo)} – ${f3(hi)}`, left + 300, y);
    });
    doc.y = y0 + 14 * (rows.length + 1) + 6;
    if (r.calibration) doc.text(`${t.brier}: ${f3(r.calibration.brier)} · ${t.ece}: ${f3(r.calibration.ece)}`, left, doc.y);

    // ROC and calibration charts side by side.
    ensure(230);
    const cy = doc.y + 10;
    const size = 180;
    const axes = (x0: number, title: string, xl: string, yl: string) => {
      doc.font('B').fontSize(10).text(title, x0, cy, { width: size }).font('R').fontSize(8);
      const top = cy + 16;
      doc.lineWidth(0.7).strokeColor('#333').rect(x0, top, size, size).stroke();
      doc.strokeColor('#bbb').dash(2, { space: 2 }).moveTo(x0, top + size).lineTo(x0 + size, top).stroke().undash();
      for (let k = 0; k <= 4; k++) {
        const v = k / 4;
        doc.fillColor('#555').text(v.toFixed(2), x0 - 22, top + size - v * size - 4).text(v.toFixed(2), x0 + v * size - 8, top + size + 3);
      }
      doc.text(xl, x0, top + size + 14, { width: size, align: 'center' });
      doc.fillColor('#111').fontSize(9.5);
      doc.text(yl, x0 + 4, top + 4, { width: size - 8 });
      return top;
    };
    const rx = left + 24;
    const rtop = axes(rx, `${t.roc} (AUROC ${f3(r.auroc.estimate)})`, t.fpr, t.tpr);
    const pts = r.roc.points;
    doc.lineWidth(1.5).strokeColor('#0b63ce');
    pts.forEach((p, i) => { const x = rx + p.fpr * size; const y = rtop + size - p.tpr * size; if (i === 0) doc.moveTo(x, y); else doc.lineTo(x, y); });
    doc.stroke();
    const cx = left + 24 + size + 70;
    const ctop = axes(cx, t.cal, t.pred, t.obs);
    if (r.calibration) {
      doc.fillColor('#d9480f');
      for (const b of r.calibration.bins) {
        if (b.meanPredicted === null || b.observed.estimate === null) continue;
        doc.circle(cx + b.meanPredicted * size, ctop + size - b.observed.estimate * size, 2.5).fill('#d9480f');
        if (b.observed.lower !== null && b.observed.upper !== null) {
          doc.lineWidth(0.6).strokeColor('#d9480f').moveTo(cx + b.meanPredicted * size, ctop + size - b.observed.lower * size).lineTo(cx + b.meanPredicted * size, ctop + size - b.observed.upper * size).stroke();
        }
      }
    }
    doc.fillColor('#111');
    doc.y = cy + size + 50;

    h1(t.sub);
    for (const fr of r.fairness) {
      ensure(30 + fr.groups.length * 14);
      doc.font('B').text(`${fr.column} (ref: ${fr.reference}; band ${f3(fr.band[0])}–${f3(fr.band[1])})`, left, doc.y).font('R');
      for (const g of fr.groups) {
        const y = doc.y + 2;
        const s = g.metrics.sensitivity;
        doc.fontSize(8.5).text(`${g.group} (n=${g.n})`, left, y, { width: 130 });
        doc.rect(left + 135, y, 200, 9).fill('#eef2f7');
        if (s.estimate !== null) doc.rect(left + 135, y, 200 * s.estimate, 9).fill(g.status === 'flagged' ? '#c92a2a' : g.status === 'reference' ? '#495057' : '#2f9e44');
        if (s.lower !== null && s.upper !== null) doc.lineWidth(0.8).strokeColor('#000').moveTo(left + 135 + 200 * s.lower, y + 4.5).lineTo(left + 135 + 200 * s.upper, y + 4.5).stroke();
        doc.fillColor('#111').text(`${f3(s.estimate)} [${f3(s.lower)}–${f3(s.upper)}] ${g.status === 'flagged' ? 'FLAG ' + (g.reason ?? '') : g.status}`, left + 342, y, { width: W - 342 });
        doc.y = y + 13;
      }
      doc.fontSize(9.5).moveDown(0.3);
    }

    h1(t.drift);
    if (!r.drift?.score) doc.text(t.noDrift, left, doc.y);
    else doc.text(`PSI ${f3(r.drift.score.psi)} · KS ${f3(r.drift.score.ks.statistic)} (p=${f3(r.drift.score.ks.p)}) · JS ${f3(r.drift.score.js)} bits (n baseline ${r.drift.score.nBaseline}, n current ${r.drift.score.nCurrent})`, left, doc.y, { width: W });
    for (const [col, d] of Object.entries(r.drift?.categorical ?? {})) doc.text(`${col}: PSI ${f3(d.psi)}`, left, doc.y, { width: W });

    h1(t.alerts);
    if (!perf.alerts.length) doc.text(t.noAlerts, left, doc.y);
    for (const a of perf.alerts) doc.text(`[${a.severity}] ${a.message}`, left, doc.y, { width: W });
  }

  h1(t.inc);
  if (!incidents.length) doc.text(t.noInc, left, doc.y);
  for (const i of incidents) {
    ensure(28);
    doc.font('B').text(`${i.reportedAt?.slice(0, 16).replace('T', ' ')} — ${t.harm}: ${i.harm}${i.overdue ? ` — ${t.overdue}` : ''}`, left, doc.y, { width: W }).font('R').text(i.description, { width: W });
  }

  h1(t.stages);
  for (const s of tool.stageHistory) {
    ensure(16);
    doc.text(`${s.decidedAt?.slice(0, 16).replace('T', ' ')} · v${s.toolVersion} · ${s.fromStage ?? '—'} -> ${s.toStage}${s.facilityId ? ' (facility)' : ''} · ${s.decidedByName ?? (s.automatic ? 'auto' : '—')}: ${s.reason}`, left, doc.y, { width: W });
  }
  doc.end();
  return done;
}
