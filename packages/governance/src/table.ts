/** Plain-text aligned tables of an EvaluationReport (for `yte-governance evaluate --table`). Pure. */
import type { EvaluationReport } from './evaluate.ts';
import type { Alert } from './alerts.ts';
import type { Proportion } from './proportion.ts';

function grid(title: string, head: string[], rows: string[][]): string {
  const w = head.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (r: string[]) => r.map((c, k) => (k === 0 ? c.padEnd(w[k]!) : c.padStart(w[k]!))).join('  ').trimEnd();
  return [`== ${title}`, line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}

const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '—' : v.toFixed(d));
const ci = (lo: number | null, hi: number | null, d = 3) => (lo === null || hi === null ? '—' : `${lo.toFixed(d)}–${hi.toFixed(d)}`);
const prop = (name: string, p: Proportion) => [name, f(p.estimate), ci(p.lower, p.upper), `${p.x}/${p.n}`];

export function renderReportTables(r: EvaluationReport, alerts: readonly Alert[] = []): string {
  const out: string[] = [];
  const pc = `${Math.round(r.confidence * 100)}% CI`;
  out.push(
    grid('Summary', ['item', 'value'], [
      ['cases', String(r.n)],
      ['positives (label 1)', String(r.positives)],
      ['negatives (label 0)', String(r.negatives)],
      ['operating threshold (positive when score >=)', String(r.threshold)],
    ]),
  );
  const m = r.metrics;
  out.push(
    grid(`Metrics at threshold ${r.threshold} (Wilson intervals)`, ['metric', 'estimate', pc, 'x/n'], [
      prop('sensitivity', m.sensitivity),
      prop('specificity', m.specificity),
      prop('PPV', m.ppv),
      prop('NPV', m.npv),
      prop('accuracy', m.accuracy),
      prop('prevalence', m.prevalence),
      ['F1', f(m.f1), '', ''],
      ['LR+', f(m.positiveLikelihoodRatio), '', ''],
      ['LR−', f(m.negativeLikelihoodRatio), '', ''],
    ]),
  );
  const c = m.confusion;
  out.push(grid('Confusion matrix', ['', 'label 1', 'label 0'], [['called positive', String(c.tp), String(c.fp)], ['called negative', String(c.fn), String(c.tn)]]));
  const a = r.auroc;
  out.push(
    grid('AUROC', ['method', 'AUROC', 'SE', pc], [
      ['DeLong', f(a.estimate, 4), f(a.se, 4), ci(a.lower, a.upper, 4)],
      ['Hanley–McNeil', f(a.estimate, 4), f(a.hanleyMcNeil.se, 4), ci(a.hanleyMcNeil.lower, a.hanleyMcNeil.upper, 4)],
    ]),
  );
  if (r.roc.youden) {
    const y = r.roc.youden;
    out.push(grid('Youden-optimal threshold', ['threshold', 'J', 'sensitivity', 'specificity'], [[String(y.threshold), f(y.j), f(y.sensitivity), f(y.specificity)]]));
  }
  out.push(
    grid('Threshold analysis', ['threshold', 'sens', 'spec', 'PPV', 'NPV', 'TP', 'FP', 'TN', 'FN'], r.thresholdTable.map((t) => [String(Number(t.confusion.threshold.toPrecision(6))), f(t.sensitivity.estimate), f(t.specificity.estimate), f(t.ppv.estimate), f(t.npv.estimate), String(t.confusion.tp), String(t.confusion.fp), String(t.confusion.tn), String(t.confusion.fn)])),
  );
  if (r.calibration) {
    const cal = r.calibration;
    out.push(
      grid(`Calibration (Brier ${f(cal.brier, 4)}, ECE ${f(cal.ece, 4)}, MCE ${f(cal.mce, 4)})`, ['bin', 'count', 'mean predicted', 'observed', pc], cal.bins.map((b) => [`${b.lower.toFixed(2)}–${b.upper.toFixed(2)}`, String(b.count), f(b.meanPredicted), f(b.observed.estimate), ci(b.observed.lower, b.observed.upper)])),
    );
  } else if (r.calibrationNote) out.push(`== Calibration\n${r.calibrationNote}`);
  const k = r.agreement;
  const krow = (name: string, x: typeof k.withReference) => [name, f(x.kappa), f(x.se), ci(x.lower, x.upper), f(x.observedAgreement), String(x.n)];
  out.push(grid("Agreement (Cohen's kappa)", ['tool decision vs', 'kappa', 'SE', pc, 'observed agreement', 'n'], [...(k.withReader ? [krow('reader', k.withReader)] : []), krow('reference label', k.withReference)]));
  for (const fr of r.fairness) {
    const metrics = fr.groups[0]?.ratios.map((x) => x.metric) ?? [];
    out.push(
      grid(
        `Fairness by ${fr.column} (reference ${fr.reference}; flag ratio outside ${fr.band[0].toFixed(2)}–${fr.band[1].toFixed(2)})`,
        ['group', 'n', 'pos', ...metrics.flatMap((x) => [x, 'ratio']), 'status'],
        fr.groups.map((g) => [g.group, String(g.n), String(g.positives), ...g.ratios.flatMap((x) => [f(x.value), x.status === 'insufficient_data' ? 'n/a' : x.status === 'flagged' ? `${f(x.ratio, 2)}!` : f(x.ratio, 2)]), g.status]),
      ),
    );
  }
  if (r.drift) {
    const rows: string[][] = [];
    if (r.drift.score) rows.push(['score', 'numeric', f(r.drift.score.psi, 4), f(r.drift.score.ks.statistic, 4), r.drift.score.ks.p.toExponential(2), f(r.drift.score.js, 4)]);
    for (const [n, d] of Object.entries(r.drift.numeric)) rows.push([n, 'numeric', f(d.psi, 4), f(d.ks.statistic, 4), d.ks.p.toExponential(2), f(d.js, 4)]);
    for (const [n, d] of Object.entries(r.drift.categorical)) rows.push([n, 'categorical', f(d.psi, 4), '—', '—', f(d.js, 4)]);
    out.push(grid('Drift against the baseline', ['variable', 'kind', 'PSI', 'KS D', 'KS p', 'JS (bits)'], rows));
  }
  out.push(alerts.length === 0 ? '== Alerts\nnone' : grid('Alerts', ['severity', 'rule', 'metric', 'suspend?', 'message'], alerts.map((x) => [x.severity, x.rule, x.metric, x.suspendRecommended ? 'yes' : 'no', x.message])));
  return out.join('\n\n') + '\n';
}
