/**
 * yte-governance — the auditors' CLI (issue 6, item 4). This file does I/O (reads the CSV files,
 * writes stdout/stderr, sets the exit code); all statistics come from the pure package.
 *
 *   npx yte-governance evaluate <file.csv> --score <col> --label <col> [--group <col>]… [--threshold x] [--table]
 *
 * Exit codes: 0 success, 2 bad input or usage (message on stderr), 1 unexpected failure.
 */
import { readFileSync } from 'node:fs';
import { DatasetError, loadDataset, type Dataset } from './dataset.ts';
import { evaluate, type EvaluationOptions } from './evaluate.ts';
import { evaluateAlerts, suspendRecommended, type ClaimMetric, type ToolClaims } from './alerts.ts';
import { renderReportTables } from './table.ts';
import { GovernanceInputError } from './errors.ts';
import type { FairnessMetric } from './fairness.ts';

export const HELP = `yte-governance — real-world performance, fairness and drift of an AI tool's outputs

Usage:
  yte-governance evaluate <file.csv> --score <col> --label <col> [options]
  yte-governance --help

The CSV (RFC 4180, header on row 1) has one row per case: the tool's score and the
reference label (1 = condition present, 0 = absent). A case is called positive when
score >= threshold.

Options:
  --score <col>            column with the tool's score (number)                  [required]
  --label <col>            column with the reference label (0 or 1)               [required]
  --group <col>            subgroup column for fairness (repeatable): sex, age band,
                           facility type, province…
  --threshold <x>          operating threshold (default 0.5)
  --thresholds <a,b,…>     thresholds for the threshold-analysis table
  --reader <col>           column with the clinician's decision (0/1): Cohen's kappa
                           between the tool's decision and the reader's
  --baseline <file.csv>    validation baseline with the same score/group columns: drift
                           (PSI, Kolmogorov–Smirnov, Jensen–Shannon)
  --numeric <col>          numeric input column to check for drift (repeatable)
  --categorical <col>      categorical input column to check for drift (repeatable)
  --reference <col>=<val>  reference group of a group column (default: the largest)
  --tolerance <t>          fairness band [1/(1+t), 1+t] (default 0.25)
  --min-group <n>          groups smaller than n are not judged (default 30)
  --min-denominator <n>    a ratio needs n cases in the metric's denominator (default 10)
  --fairness-metrics <m,…> metrics compared across groups (default
                           sensitivity,specificity,ppv,npv; also accuracy, auroc)
  --claim <metric>=<v>     the tool's claimed performance (repeatable), e.g.
                           --claim sensitivity=0.9 --claim auroc=0.85
  --auto-suspend           recommend suspension on critical alerts
  --bins <n>               calibration bins (default 10)
  --drift-bins <n>         drift bins from baseline quantiles (default 10)
  --roc-points <n>         most ROC points in the output (default 200)
  --confidence <c>         confidence level of every interval (default 0.95)
  --max-errors <n>         input problems listed before giving up (default 20)
  --table                  readable aligned tables instead of JSON
  -h, --help               this help

Output: JSON (see packages/governance/README.md for every field). Bad input: a message
naming the row (header = row 1) and column on stderr, exit code 2; nothing is evaluated.
`;

export interface CliIo {
  readFile: (path: string) => string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

class UsageError extends Error {}

interface Parsed {
  file: string;
  score: string;
  label: string;
  groups: string[];
  reader?: string;
  numeric: string[];
  categorical: string[];
  baseline?: string;
  table: boolean;
  options: EvaluationOptions;
  claims: ToolClaims;
  autoSuspend: boolean;
  maxErrors: number;
}

const CLAIMS: readonly ClaimMetric[] = ['sensitivity', 'specificity', 'ppv', 'npv', 'accuracy', 'auroc'];

function num(flag: string, v: string | undefined, check: (x: number) => boolean, what: string): number {
  if (v === undefined) throw new UsageError(`${flag} needs a value`);
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || !check(x)) throw new UsageError(`${flag}: "${v}" is not ${what}`);
  return x;
}

function parseArgs(argv: string[]): Parsed | 'help' {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return 'help';
  const [cmd, ...rest] = argv;
  if (cmd !== 'evaluate') throw new UsageError(`unknown command "${cmd}" (try: yte-governance evaluate <file.csv> --score <col> --label <col>)`);
  const p: Partial<Parsed> & { groups: string[]; numeric: string[]; categorical: string[]; claims: ToolClaims; options: EvaluationOptions } = {
    groups: [],
    numeric: [],
    categorical: [],
    claims: {},
    options: { fairness: {}, references: {}, drift: {} },
    table: false,
    autoSuspend: false,
    maxErrors: 20,
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const val = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--score': p.score = val(); break;
      case '--label': p.label = val(); break;
      case '--group': p.groups.push(val()); break;
      case '--reader': p.reader = val(); break;
      case '--numeric': p.numeric.push(val()); break;
      case '--categorical': p.categorical.push(val()); break;
      case '--baseline': p.baseline = val(); break;
      case '--table': p.table = true; break;
      case '--auto-suspend': p.autoSuspend = true; break;
      case '--threshold': p.options.threshold = num(a, val(), () => true, 'a number'); break;
      case '--thresholds': {
        const v = val();
        p.options.thresholds = v.split(',').map((s) => num(a, s, () => true, 'a comma-separated list of numbers'));
        break;
      }
      case '--tolerance': p.options.fairness!.tolerance = num(a, val(), (x) => x > 0, 'a positive number'); break;
      case '--min-group': p.options.fairness!.minGroupSize = num(a, val(), (x) => Number.isInteger(x) && x >= 1, 'a positive integer'); break;
      case '--min-denominator': p.options.fairness!.minDenominator = num(a, val(), (x) => Number.isInteger(x) && x >= 1, 'a positive integer'); break;
      case '--fairness-metrics': {
        const ms = val().split(',').map((s) => s.trim());
        const ok: FairnessMetric[] = ['sensitivity', 'specificity', 'ppv', 'npv', 'accuracy', 'auroc'];
        for (const m of ms) if (!ok.includes(m as FairnessMetric)) throw new UsageError(`--fairness-metrics: unknown metric "${m}" (use ${ok.join(', ')})`);
        p.options.fairness!.metrics = ms as FairnessMetric[];
        break;
      }
      case '--reference': {
        const v = val();
        const eq = v.indexOf('=');
        if (eq <= 0) throw new UsageError(`--reference: expected <column>=<value>, got "${v}"`);
        p.options.references![v.slice(0, eq)] = v.slice(eq + 1);
        break;
      }
      case '--claim': {
        const v = val();
        const eq = v.indexOf('=');
        const metric = v.slice(0, eq) as ClaimMetric;
        if (eq <= 0 || !CLAIMS.includes(metric)) throw new UsageError(`--claim: expected <metric>=<value> with metric one of ${CLAIMS.join(', ')}, got "${v}"`);
        p.claims[metric] = num(a, v.slice(eq + 1), (x) => x >= 0 && x <= 1, 'a proportion in [0, 1]');
        break;
      }
      case '--bins': p.options.calibrationBins = num(a, val(), (x) => Number.isInteger(x) && x >= 1, 'a positive integer'); break;
      case '--drift-bins': p.options.drift!.bins = num(a, val(), (x) => Number.isInteger(x) && x >= 2, 'an integer >= 2'); break;
      case '--roc-points': p.options.rocPoints = num(a, val(), (x) => Number.isInteger(x) && x >= 3, 'an integer >= 3'); break;
      case '--confidence': p.options.confidence = num(a, val(), (x) => x > 0 && x < 1, 'a level strictly between 0 and 1'); break;
      case '--max-errors': p.maxErrors = num(a, val(), (x) => Number.isInteger(x) && x >= 1, 'a positive integer'); break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a} (see --help)`);
        if (p.file !== undefined) throw new UsageError(`unexpected argument "${a}": only one CSV file`);
        p.file = a;
    }
  }
  if (p.file === undefined) throw new UsageError('missing <file.csv>');
  if (p.score === undefined) throw new UsageError('missing --score <col>');
  if (p.label === undefined) throw new UsageError('missing --label <col>');
  for (const col of Object.keys(p.options.references!)) if (!p.groups.includes(col)) throw new UsageError(`--reference ${col}=…: ${col} is not a --group column`);
  return p as Parsed;
}

function read(io: CliIo, path: string): string {
  try {
    return io.readFile(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function load(io: CliIo, path: string, p: Parsed, baseline: boolean): Dataset {
  try {
    return loadDataset(read(io, path), {
      score: p.score,
      ...(baseline ? {} : { label: p.label }),
      groups: p.groups,
      ...(p.reader !== undefined && !baseline ? { reader: p.reader } : {}),
      numeric: p.numeric,
      categorical: p.categorical,
      maxErrors: p.maxErrors,
    });
  } catch (e) {
    if (e instanceof DatasetError) {
      const lines = e.issues.map((x) => `  row ${x.row}, column ${x.column}: ${x.message}`);
      const more = e.totalIssues > e.issues.length ? `\n  … and ${e.totalIssues - e.issues.length} more` : '';
      throw new UsageError(`${path}: ${e.totalIssues} problem${e.totalIssues > 1 ? 's' : ''}; nothing was evaluated\n${lines.join('\n')}${more}`);
    }
    throw e;
  }
}

/** Runs the CLI; returns the exit code. */
export function runCli(argv: string[], io: CliIo): number {
  try {
    const p = parseArgs(argv);
    if (p === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const data = load(io, p.file, p, false);
    const options: EvaluationOptions = { ...p.options };
    if (p.baseline) {
      const b = load(io, p.baseline, p, true);
      options.baseline = { scores: b.scores, groups: b.groups, numeric: b.numeric, categorical: b.categorical };
    }
    const report = evaluate(
      { scores: data.scores, labels: data.labels!, groups: data.groups, ...(data.reader ? { reader: data.reader } : {}), numeric: data.numeric, categorical: data.categorical },
      options,
    );
    const rules = p.autoSuspend ? { belowClaim: { autoSuspend: true }, psi: { autoSuspend: true }, fairness: { autoSuspend: true } } : {};
    const alerts = evaluateAlerts(report, p.claims, rules);
    if (p.table) io.stdout(renderReportTables(report, alerts));
    else {
      const out = { file: p.file, columns: { score: p.score, label: p.label, groups: p.groups, reader: p.reader ?? null }, baseline: p.baseline ?? null, claims: p.claims, ...report, alerts, suspendRecommended: suspendRecommended(alerts) };
      io.stdout(JSON.stringify(out, null, 2) + '\n');
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof GovernanceInputError) {
      io.stderr(`yte-governance: ${e.message}\n`);
      return 2;
    }
    io.stderr(`yte-governance: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

process.exitCode = runCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
