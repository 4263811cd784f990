/**
 * yte-clinical CLI: `yte-clinical <rule>` reads NDJSON (one JSON input per line) on stdin and
 * writes one JSON line per non-blank input line on stdout: the rule's result, or
 * {"error": {code, field, message}, "line": n} for a bad line; the stream goes on.
 * `yte-clinical --help`, `yte-clinical <rule> --help`, `yte-clinical rules` (the registry).
 * Exit codes: 0 stream processed (even if some lines were errors), 2 usage error (unknown rule).
 */
import { createInterface } from 'node:readline';
import { ClinicalInputError, RULES, adultBmi, akiStage, cvdRisk, growthAssessment, labFlags, news2, respiratory, tbScreen, triage } from './index.ts';

interface RuleCli {
  run: (input: unknown) => unknown;
  help: string;
}

const RULE_CLI: Record<string, RuleCli> = {
  news2: {
    run: news2,
    help: `news2 — RCP NEWS2 (2017)
in : {"respRate":int,"spo2":int,"spo2Scale":1|2,"onOxygen":bool,"systolicBP":int,"pulse":int,
      "consciousness":"A"|"C"|"V"|"P"|"U","temperatureC":number,"ageYears"?:number,"pregnant"?:bool}
out: {"applicable","score","band":"low"|"low-medium"|"medium"|"high","subScores":{respRate,spo2,airOrOxygen,
      systolicBP,pulse,consciousness,temperature},"singleParameter3","monitoring","response":{vi,en},"explanation","source"}
e.g. {"respRate":22,"spo2":95,"spo2Scale":1,"onOxygen":false,"systolicBP":115,"pulse":105,"consciousness":"A","temperatureC":38.4}`,
  },
  aki: {
    run: akiStage,
    help: `aki — NHS England AKI algorithm (2014)
in : {"ageYears":number,"sex":"male"|"female","results":[{"at":ISO-8601,"creatinineUmolL":number}|{"at",...,"creatinineMgDl":number}],
      "upperReferenceLimitUmolL"?:number (under 18)}   the latest result is the current one
out: {"stage":0-3,"alert","current":{at,creatinineUmolL},"baseline":{kind:"RV1"|"RV2",valueUmolL,ratio}|null,
      "rv1UmolL","rv2UmolL","ratio","rise48hUmolL","explanation","source"}
e.g. {"ageYears":70,"sex":"female","results":[{"at":"2025-03-01T08:00:00Z","creatinineUmolL":80},{"at":"2025-03-03T08:00:00Z","creatinineUmolL":170}]}`,
  },
  growth: {
    run: growthAssessment,
    help: `growth — WHO Child Growth Standards (0–5 y) and WHO Reference 2007 (5–19 y)
in : {"sex":"male"|"female","ageDays":int | "ageMonths":number,"weightKg"?,"lengthOrHeightCm"?,
      "measured"?:"recumbent"|"standing","muacMm"?,"headCm"?,"oedema"?:bool}
out: {"reference","ageDays","ageMonths","correctedLengthOrHeightCm","bmi","waz","haz","whz","baz","muacz","hcz" (2 decimals or null),
      "flags":[...],"classification":{stunting,wasting,underweight,overweight,thinness,acuteMalnutrition},"messages":[{code,vi,en}],"explanation","source"}
e.g. {"sex":"female","ageMonths":22.45,"weightKg":10.4,"lengthOrHeightCm":84.8,"measured":"recumbent","muacMm":149}`,
  },
  cvd: {
    run: cvdRisk,
    help: `cvd — WHO 2019 CVD risk charts, Southeast Asia
in : {"model":"lab"|"nonlab","sex":"male"|"female","ageYears":40-74,"systolicBP":number,"smoker":bool,
      "diabetes"?:bool (lab),"totalCholesterolMmolL"?:number (lab),"bmi"?:number (nonlab),"mode"?:"exact"|"chart"}
out: {"model","riskPercent","chartPercent","band":"<5"|"5-<10"|"10-<20"|"20-<30"|">=30","chdRiskPercent","strokeRiskPercent",
      "advice":{vi,en},"explanation","source"}
e.g. {"model":"lab","sex":"male","ageYears":52.5,"systolicBP":150,"smoker":true,"diabetes":false,"totalCholesterolMmolL":6.5}`,
  },
  bmi: {
    run: (i) => {
      if (typeof i !== 'object' || i === null || Array.isArray(i)) throw new ClinicalInputError('invalid_type', 'input', 'input must be a JSON object');
      return adultBmi(i as Parameters<typeof adultBmi>[0]);
    },
    help: `bmi — adult body-mass index (WHO TRS 894, 2000; WHO WPRO 2000 cut-offs for Asian adults), 19 years and over
in : {"weightKg":number 10–400,"heightCm":number 100–250,"ageYears":number ≥ 19}
out: {"bmi" (1 decimal),"who":"underweight"|"normal"|"pre-obese"|"obese-I"|"obese-II"|"obese-III",
      "asiaPacific":"underweight"|"normal"|"overweight"|"obese-I"|"obese-II","label":{vi,en},"advice":{vi,en},"explanation","source"}
e.g. {"weightKg":66.5,"heightCm":170,"ageYears":45}`,
  },
  triage: {
    run: (i) => triage(i),
    help: `triage — WHO/ICRC/MSF IITT (≥ 12 y and < 12 y cards) with SATS adult TEWS
in : {"ageYears":number,"signs"?:[sign codes, see README],"pregnant"?:bool,
      "vitals"?:{"heartRate","respRate","spo2","temperatureC","systolicBP","diastolicBP","avpu":"A"|"C"|"V"|"P"|"U"},
      "mobility"?:"walking"|"with-help"|"stretcher","trauma"?:bool}
out: {"card":">=12y"|"<12y","category":"red"|"yellow"|"green","iittColour","tews":{score,satsColour,parts}|null,
      "targetMinutes","targetTime":{vi,en},"criteria":[...],"explanation","source"}
e.g. {"ageYears":45,"signs":["severe-pain"],"vitals":{"heartRate":112,"respRate":22,"temperatureC":38.6,"systolicBP":125,"avpu":"A","spo2":96},"mobility":"walking","trauma":false}`,
  },
  labs: {
    run: (i) => labFlags(i),
    help: `labs — reference intervals, RCPath 2017 critical values, delta checks (RCV)
in : {"ageYears":number,"sex":"male"|"female","results":[{"analyte":code,"value":number,"previousValue"?:number}]}
     analytes: sodium potassium urea creatinine glucose adjustedCalcium magnesium phosphate alt ck amylase crp
               haemoglobin platelets wbc neutrophils (units: see README)
out: {"results":[{analyte,value,unit,referenceInterval,flag:"L"|"H"|"N"|null,critical:{direction,limit,source}|null,
      delta:{previousValue,changePercent,rcvPercent,significant}|null,explanation}],"anyCritical","explanation","source"}
e.g. {"ageYears":60,"sex":"male","results":[{"analyte":"potassium","value":6.7,"previousValue":5.1}]}`,
  },
  tb: {
    run: tbScreen,
    help: `tb — WHO TB screening, Module 2 (2021)
in : {"ageYears":number,"hiv"?:bool,"symptoms":{"cough"?,"coughWeeks"?,"fever"?,"weightLoss"?,"nightSweats"?,"poorWeightGain"?,"tbContact"?},
      "cad"?:{"score":0-100,"threshold":0-100},"cxrAbnormal"?:bool,"crpMgL"?:number}
out: {"decision":"refer-molecular-test"|"no-further-evaluation","symptomScreen":{variant,positive,positives},"cad","cxrAbnormal",
      "crpPositive","reasons":[{vi,en}],"explanation","source"}
e.g. {"ageYears":34,"hiv":true,"symptoms":{"cough":false,"fever":false,"weightLoss":false,"nightSweats":false},"cad":{"score":72,"threshold":60}}`,
  },
  respiratory: {
    run: respiratory,
    help: `respiratory — SpO2/FiO2 (Kigali), Global ARDS 2024 severity, qSOFA
in : {"spo2"?,"fio2"?:0.21-1.0,"pao2MmHg"?,"intubated"?:bool,"hfnoFlowLpm"?,"peepCmH2O"?,"resourceLimited"?:bool,
      "respRate"?,"systolicBP"?,"gcs"?:3-15,"alteredMentation"?:bool}
out: {"sfRatio","pfRatio","kigaliHypoxaemia","ards":{category,oxygenationCriterionMet,severity,basis,note},
      "qsofa":{score,positive,respRate,alteredMentation,systolicBP}|null,"explanation","source"}
e.g. {"spo2":91,"fio2":0.4,"intubated":true,"respRate":26,"systolicBP":98,"gcs":14}`,
  },
};

const USAGE = `yte-clinical — clinical decision rules of yte, exact to their published sources

usage: yte-clinical <rule> [--no-explanation] < input.ndjson > output.ndjson
       yte-clinical <rule> --help
       yte-clinical rules            list the rules with their source and version (JSON lines)

Reads one JSON object per line on stdin and writes one JSON line per non-blank input line:
the rule's result, or {"error":{"code","field","message"},"line":n} for a bad line (the stream goes on).

rules: ${Object.keys(RULE_CLI).join(', ')}
exit codes: 0 processed, 2 usage error (unknown rule)
`;

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const rule = args[0];
  if (rule === undefined) {
    process.stdout.write(USAGE);
    return flags.has('--help') || flags.has('-h') ? 0 : 2;
  }
  if (rule === 'rules') {
    for (const r of RULES) process.stdout.write(JSON.stringify(r) + '\n');
    return 0;
  }
  const cli = RULE_CLI[rule];
  if (!cli) {
    process.stderr.write(`yte-clinical: unknown rule "${rule}". Known rules: ${Object.keys(RULE_CLI).join(', ')}. Try yte-clinical --help.\n`);
    return 2;
  }
  if (flags.has('--help') || flags.has('-h')) {
    process.stdout.write(cli.help + '\n');
    return 0;
  }
  const dropExplanation = flags.has('--no-explanation');
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (line.trim() === '') continue;
    let out: unknown;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      out = { error: { code: 'invalid_json', field: null, message: `line ${n} is not valid JSON: ${(e as Error).message}` }, line: n };
    }
    if (out === undefined) {
      try {
        out = cli.run(parsed);
        if (dropExplanation && out && typeof out === 'object') delete (out as { explanation?: unknown }).explanation;
      } catch (e) {
        if (e instanceof ClinicalInputError) out = { error: { code: e.code, field: e.field, message: e.message }, line: n };
        else out = { error: { code: 'internal', field: null, message: String((e as Error)?.message ?? e) }, line: n };
      }
    }
    if (!process.stdout.write(JSON.stringify(out) + '\n')) await new Promise((r) => process.stdout.once('drain', r));
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
