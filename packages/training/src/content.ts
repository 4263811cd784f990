/**
 * Parses and validates the training content (content/training) from a map of file path → text, with
 * no I/O: the build-time check, the server and the tests pass the files in. Every problem names its
 * file: missing translation, broken link, a question without an answer key, a duplicate id, an
 * unknown role, a bank under the minimum size.
 */
import { parse as parseYaml } from 'yaml';
import type {
  Bilingual, ContentIssue, Curriculum, Exercise, Lang, Lesson, ModuleDef, Question, QuestionOption, RolePath, TrainingContent,
} from './types.ts';
import { LANGS } from './types.ts';

/** The issue's minimum: "a question bank per module (at least 20 questions each)". */
export const MIN_QUESTIONS_PER_MODULE = 20;
export const CURRICULUM_FILE = 'curriculum.yaml';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** dirname / join / normalise for the content's forward-slash relative paths. */
const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
export function joinPath(dir: string, rel: string): string {
  const out: string[] = [];
  for (const part of `${dir}/${rel}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return `../${rel}`; // escapes the content root: never exists in the map
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** Splits `---\nyaml\n---\nbody`. */
export function splitFrontMatter(text: string): { data: unknown; body: string } | null {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) return null;
  return { data: parseYaml(m[1]!), body: m[2]! };
}

/** Markdown link and image targets, outside code spans. */
export function linkTargets(body: string): string[] {
  const out: string[] = [];
  const re = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
  for (const line of body.split('\n')) {
    const clean = line.replace(/`[^`]*`/g, '');
    for (const m of clean.matchAll(re)) out.push(m[1]!);
  }
  return out;
}
const isExternal = (t: string) => /^(https?:|mailto:|#)/i.test(t);

export interface ParseResult {
  content: TrainingContent | null;
  issues: ContentIssue[];
}

export function parseContent(files: ReadonlyMap<string, string>): ParseResult {
  const issues: ContentIssue[] = [];
  const issue = (file: string, message: string) => issues.push({ file, message });

  const yamlOf = (file: string): unknown => {
    const text = files.get(file);
    if (text === undefined) {
      issue(file, 'file not found');
      return undefined;
    }
    try {
      return parseYaml(text);
    } catch (e) {
      issue(file, `YAML does not parse: ${(e as Error).message.split('\n')[0]}`);
      return undefined;
    }
  };
  const bilingual = (v: unknown, file: string, where: string): Bilingual | null => {
    if (!isObj(v)) {
      issue(file, `${where}: missing (needs vi and en)`);
      return null;
    }
    let ok = true;
    for (const l of LANGS) {
      if (!str(v[l])) {
        issue(file, `${where}: missing translation (${l})`);
        ok = false;
      }
    }
    return ok ? { vi: String(v.vi), en: String(v.en) } : null;
  };

  // Every id (module, lesson, question, exercise, step within an exercise excluded) is unique.
  const ids = new Map<string, string>();
  const claim = (id: string, file: string, kind: string) => {
    const prev = ids.get(id);
    if (prev !== undefined) issue(file, `duplicate id "${id}" (${kind}; also in ${prev})`);
    else ids.set(id, file);
  };

  // ---- curriculum.yaml
  const raw = yamlOf(CURRICULUM_FILE);
  if (!isObj(raw)) {
    if (raw !== undefined) issue(CURRICULUM_FILE, 'must be a mapping');
    return { content: null, issues };
  }
  const cf = CURRICULUM_FILE;
  const title = bilingual(raw.title, cf, 'title');
  const roles: Record<string, Bilingual> = {};
  if (!isObj(raw.roles) || Object.keys(raw.roles).length === 0) issue(cf, 'roles: missing');
  else for (const [r, t] of Object.entries(raw.roles)) { const b = bilingual(t, cf, `roles.${r}`); if (b) roles[r] = b; }
  const knownRole = (r: unknown) => typeof r === 'string' && r in roles;

  const num = (v: unknown, where: string, lo: number, hi: number, dflt: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !(v >= lo && v <= hi)) {
      issue(cf, `${where}: must be a number in [${lo}, ${hi}]`);
      return dflt;
    }
    return v;
  };

  const modules: ModuleDef[] = [];
  if (!Array.isArray(raw.modules) || raw.modules.length === 0) issue(cf, 'modules: missing');
  else for (const [i, m] of raw.modules.entries()) {
    if (!isObj(m) || !str(m.id)) { issue(cf, `modules[${i}]: needs an id`); continue; }
    claim(m.id, cf, 'module');
    const mt = bilingual(m.title, cf, `modules.${m.id}.title`);
    const lessons = Array.isArray(m.lessons) ? m.lessons.filter(str) : [];
    if (lessons.length === 0) issue(cf, `modules.${m.id}: no lessons`);
    if (!str(m.bank)) issue(cf, `modules.${m.id}: bank (question file) missing`);
    modules.push({
      id: m.id, order: typeof m.order === 'number' ? m.order : i + 1, title: mt ?? { vi: m.id, en: m.id }, lessons,
      bank: str(m.bank) ? m.bank : '',
      ...(m.passMark !== undefined ? { passMark: num(m.passMark, `modules.${m.id}.passMark`, 0, 1, 0.8) } : {}),
    });
  }

  const accountRoles: Record<string, string> = {};
  if (isObj(raw.accountRoles)) for (const [acc, r] of Object.entries(raw.accountRoles)) {
    if (!knownRole(r)) issue(cf, `accountRoles.${acc}: unknown role "${String(r)}"`);
    else accountRoles[acc] = r as string;
  }

  // ---- lessons: <module folder>/<id>.<lang>.md, both languages
  const lessons = new Map<string, Record<Lang, Lesson>>();
  const lessonFiles = new Set<string>();
  for (const m of modules) {
    for (const lid of m.lessons) {
      claim(lid, cf, 'lesson');
      const pair: Partial<Record<Lang, Lesson>> = {};
      for (const lang of LANGS) {
        const file = `modules/${m.id}/${lid}.${lang}.md`;
        lessonFiles.add(file);
        const text = files.get(file);
        if (text === undefined) {
          const other = LANGS.find((l) => l !== lang)!;
          issue(file, `missing translation: lesson "${lid}" has no ${lang} file${files.has(`modules/${m.id}/${lid}.${other}.md`) ? ` (the ${other} file exists)` : ''}`);
          continue;
        }
        const lesson = parseLesson(text, file, { id: lid, module: m.id, lang }, knownRole, files, issue);
        if (lesson) pair[lang] = lesson;
      }
      if (pair.vi && pair.en) {
        if (pair.vi.objectives.length !== pair.en.objectives.length) issue(pair.en.file, `objectives: ${pair.en.objectives.length} in en, ${pair.vi.objectives.length} in vi (${pair.vi.file})`);
        if (pair.vi.minutes !== pair.en.minutes) issue(pair.en.file, `minutes differ from ${pair.vi.file}`);
        if (pair.vi.figures.join() !== pair.en.figures.join()) issue(pair.en.file, `figures differ from ${pair.vi.file}`);
        lessons.set(lid, pair as Record<Lang, Lesson>);
      }
    }
  }
  for (const f of files.keys()) {
    if (f.startsWith('modules/') && f.endsWith('.md') && !lessonFiles.has(f)) issue(f, 'lesson file not listed in curriculum.yaml (or named <id>.<vi|en>.md in the wrong module folder)');
  }

  // ---- question banks
  const banks = new Map<string, Question[]>();
  for (const m of modules) {
    if (!m.bank) continue;
    const doc = yamlOf(m.bank);
    if (!isObj(doc)) { if (doc !== undefined) issue(m.bank, 'must be a mapping'); continue; }
    if (doc.module !== m.id) issue(m.bank, `module: "${String(doc.module)}" but curriculum.yaml lists this bank under "${m.id}"`);
    const qs: Question[] = [];
    const list = Array.isArray(doc.questions) ? doc.questions : [];
    for (const [i, q] of list.entries()) {
      const parsed = parseQuestion(q, i, m, m.bank, bilingual, claim, issue);
      if (parsed) qs.push(parsed);
    }
    if (list.length < MIN_QUESTIONS_PER_MODULE) issue(m.bank, `${list.length} questions; a module needs at least ${MIN_QUESTIONS_PER_MODULE}`);
    banks.set(m.id, qs);
  }

  // ---- exercises
  const exercises = new Map<string, Exercise>();
  for (const file of Array.isArray(raw.exercises) ? raw.exercises.filter(str) : []) {
    const doc = yamlOf(file);
    if (!isObj(doc)) { if (doc !== undefined) issue(file, 'must be a mapping'); continue; }
    const ex = parseExercise(doc, file, { bilingual, claim, issue, knownRole, lessonIds: new Set(lessons.keys()) });
    if (ex) exercises.set(ex.id, ex);
  }

  // ---- role paths
  const paths: Record<string, RolePath> = {};
  const pathItems = new Set([...lessons.keys(), ...exercises.keys()]);
  if (!isObj(raw.paths)) issue(cf, 'paths: missing');
  else {
    for (const [role, p] of Object.entries(raw.paths)) {
      if (!knownRole(role)) issue(cf, `paths.${role}: unknown role "${role}"`);
      if (!isObj(p)) { issue(cf, `paths.${role}: needs required and optional lists`); continue; }
      const required = Array.isArray(p.required) ? p.required.filter(str) : [];
      const optional = Array.isArray(p.optional) ? p.optional.filter(str) : [];
      if (required.length === 0) issue(cf, `paths.${role}: no required items`);
      for (const it of [...required, ...optional]) if (!pathItems.has(it)) issue(cf, `paths.${role}: unknown lesson or exercise "${it}"`);
      for (const it of required) if (optional.includes(it)) issue(cf, `paths.${role}: "${it}" is both required and optional`);
      paths[role] = { required, optional };
    }
    for (const r of Object.keys(roles)) if (!(r in paths)) issue(cf, `paths: role "${r}" has no path`);
  }

  const curriculum: Curriculum = {
    id: str(raw.id) ? raw.id : '', version: str(raw.version) ? raw.version : '', title: title ?? { vi: '', en: '' },
    passMark: num(raw.passMark, 'passMark', 0, 1, 0.8),
    preTestItems: num(raw.preTestItems, 'preTestItems', 1, 200, 10),
    postTestItems: num(raw.postTestItems, 'postTestItems', 1, 200, 15),
    maxAttemptsPerDay: num(raw.maxAttemptsPerDay, 'maxAttemptsPerDay', 1, 100, 3),
    modules: modules.sort((a, b) => a.order - b.order), exercises: [...exercises.keys()], roles, accountRoles, paths,
  };
  for (const m of curriculum.modules) {
    const n = banks.get(m.id)?.length ?? 0;
    if (n > 0 && n < curriculum.postTestItems) issue(m.bank, `${n} usable questions, fewer than postTestItems (${curriculum.postTestItems})`);
  }
  if (!str(raw.id)) issue(cf, 'id: missing');
  return { content: issues.length === 0 ? { curriculum, lessons, banks, exercises } : null, issues };
}

function parseLesson(
  text: string, file: string, expect: { id: string; module: string; lang: Lang },
  knownRole: (r: unknown) => boolean, files: ReadonlyMap<string, string>, issue: (f: string, m: string) => void,
): Lesson | null {
  let fm: ReturnType<typeof splitFrontMatter>;
  try {
    fm = splitFrontMatter(text);
  } catch (e) {
    issue(file, `front-matter YAML does not parse: ${(e as Error).message.split('\n')[0]}`);
    return null;
  }
  if (!fm || !isObj(fm.data)) { issue(file, 'no YAML front-matter (--- … ---)'); return null; }
  const d = fm.data;
  let ok = true;
  const bad = (m: string) => { issue(file, m); ok = false; };
  if (d.id !== expect.id) bad(`id: "${String(d.id)}" but the file name says "${expect.id}"`);
  if (d.module !== expect.module) bad(`module: "${String(d.module)}" but the file is in "${expect.module}"`);
  if (d.lang !== expect.lang) bad(`lang: "${String(d.lang)}" but the file name says "${expect.lang}"`);
  if (!str(d.title)) bad('title: missing');
  const objectives = Array.isArray(d.objectives) ? d.objectives.filter(str) : [];
  if (objectives.length === 0) bad('objectives: at least one');
  if (typeof d.minutes !== 'number' || !(d.minutes > 0 && d.minutes <= 240)) bad('minutes: a number of minutes (1–240)');
  const roles = Array.isArray(d.roles) ? d.roles : [];
  if (roles.length === 0) bad('roles: at least one');
  for (const r of roles) if (!knownRole(r)) bad(`roles: unknown role "${String(r)}"`);
  const figures = Array.isArray(d.figures) ? d.figures.filter(str) : [];
  for (const f of figures) if (!files.has(f)) bad(`figures: "${f}" not found`);
  const body = fm.body;
  if (body.trim().length < 50) bad('body: empty');
  for (const t of linkTargets(body)) {
    if (isExternal(t)) continue;
    const target = joinPath(dirOf(file), t.split('#')[0]!);
    if (!files.has(target)) bad(`broken link: "${t}" (no file ${target})`);
    else if (/\.(vi|en)\.md$/.test(target) && !target.endsWith(`.${expect.lang}.md`)) bad(`link "${t}" goes to another language's lesson`);
  }
  if (!ok) return null;
  return {
    id: expect.id, module: expect.module, lang: expect.lang, title: String(d.title), objectives, minutes: d.minutes as number,
    figures, roles: roles as string[], body, file,
  };
}

type Bi = (v: unknown, file: string, where: string) => Bilingual | null;

function parseOptions(v: unknown, file: string, where: string, issue: (f: string, m: string) => void): QuestionOption[] | null {
  if (!Array.isArray(v) || v.length < 2) { issue(file, `${where}: at least two options`); return null; }
  const out: QuestionOption[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const [i, o] of v.entries()) {
    if (!isObj(o) || !(str(o.id) || typeof o.id === 'number')) { issue(file, `${where}.options[${i}]: needs an id`); ok = false; continue; }
    const id = String(o.id);
    if (seen.has(id)) { issue(file, `${where}: duplicate option id "${id}"`); ok = false; }
    seen.add(id);
    for (const l of LANGS) if (!(str(o[l]) || typeof o[l] === 'number')) { issue(file, `${where}.options.${id}: missing translation (${l})`); ok = false; }
    out.push({ id, vi: String(o.vi), en: String(o.en) });
  }
  return ok ? out : null;
}

function parseQuestion(
  q: unknown, i: number, m: ModuleDef, file: string, bilingual: Bi,
  claim: (id: string, f: string, k: string) => void, issue: (f: string, m: string) => void,
): Question | null {
  if (!isObj(q) || !str(q.id)) { issue(file, `questions[${i}]: needs an id`); return null; }
  const id = q.id;
  claim(id, file, 'question');
  let ok = true;
  const outer = issue;
  issue = (f, msg) => { ok = false; outer(f, msg); };
  const bi: Bi = (v, f, w) => { const b = bilingual(v, f, w); if (!b) ok = false; return b; };
  const type = q.type;
  if (type !== 'single' && type !== 'multiple') issue(file, `${id}: type must be single or multiple`);
  if (!str(q.lesson) || !m.lessons.includes(q.lesson)) issue(file, `${id}: lesson "${String(q.lesson)}" is not a lesson of ${m.id}`);
  const stem = bi(q.stem, file, `${id}.stem`);
  const explanation = bi(q.explanation, file, `${id}.explanation`);
  const kase = q.case === undefined ? undefined : bi(q.case, file, `${id}.case`);
  const options = parseOptions(q.options, file, id, issue);
  const answer = Array.isArray(q.answer) ? q.answer.map(String) : q.answer === undefined || q.answer === null ? [] : [String(q.answer)];
  if (answer.length === 0) issue(file, `${id}: question without an answer key`);
  if (options) for (const a of answer) if (!options.some((o) => o.id === a)) issue(file, `${id}: answer "${a}" is not one of the options`);
  if (type === 'single' && answer.length > 1) issue(file, `${id}: a single-choice question has ${answer.length} answers`);
  if (new Set(answer).size !== answer.length) issue(file, `${id}: answer lists an option twice`);
  if (!ok || !stem || !explanation || !options || kase === null) return null;
  return {
    id, module: m.id, type: type as Question['type'], lesson: q.lesson as string, stem, options, answer, explanation,
    ...(kase ? { case: kase } : {}), ...(str(q.figure) ? { figure: q.figure } : {}),
  };
}

interface ExCtx {
  bilingual: Bi;
  claim: (id: string, f: string, k: string) => void;
  issue: (f: string, m: string) => void;
  knownRole: (r: unknown) => boolean;
  lessonIds: Set<string>;
}

function parseExercise(d: Obj, file: string, c: ExCtx): Exercise | null {
  if (!str(d.id)) { c.issue(file, 'id: missing'); return null; }
  c.claim(d.id, file, 'exercise');
  let ok = true;
  const bad = (m: string) => { c.issue(file, m); ok = false; };
  const title = c.bilingual(d.title, file, 'title');
  const instructions = c.bilingual(d.instructions, file, 'instructions');
  if (!title || !instructions) ok = false;
  const lessons = Array.isArray(d.lessons) ? d.lessons.filter(str) : [];
  for (const l of lessons) if (!c.lessonIds.has(l)) bad(`lessons: unknown lesson "${l}"`);
  const roles = Array.isArray(d.roles) ? d.roles : [];
  for (const r of roles) if (!c.knownRole(r)) bad(`roles: unknown role "${String(r)}"`);
  const base = { id: d.id, title: title!, instructions: instructions!, lessons, roles: roles as string[], file };
  const share = (v: unknown, where: string) => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) { bad(`${where}: a share between 0 and 1`); return 0; }
    return v;
  };
  if (d.kind === 'cxr-reading') {
    const src = isObj(d.source) ? d.source : {};
    if (!str(src.dataset) || !str(src.labels) || !str(src.images)) bad('source: dataset, labels and images are required');
    const findings = Array.isArray(d.findings) ? d.findings : [];
    if (findings.length === 0) bad('findings: at least one');
    for (const [i, f] of findings.entries()) {
      if (!isObj(f) || !str(f.label)) { bad(`findings[${i}]: needs a label`); continue; }
      for (const l of LANGS) if (!str(f[l])) bad(`findings.${f.label}: missing translation (${l})`);
    }
    if (typeof d.cases !== 'number' || !Number.isInteger(d.cases) || d.cases < 4 || d.cases > 100) bad('cases: an integer 4–100');
    const positiveShare = share(d.positiveShare, 'positiveShare');
    const aiWrongShare = share(d.aiWrongShare, 'aiWrongShare');
    const pass = isObj(d.pass) ? d.pass : {};
    const minAccuracy = share(pass.minAccuracy, 'pass.minAccuracy');
    const maxOverReliance = share(pass.maxOverReliance, 'pass.maxOverReliance');
    const debrief = c.bilingual(d.debrief, file, 'debrief');
    if (!debrief || !ok) return null;
    return {
      ...base, kind: 'cxr-reading',
      source: { dataset: String(src.dataset), labels: String(src.labels), images: String(src.images), citation: String(src.citation ?? '') },
      findings: (findings as Obj[]).map((f) => ({ label: String(f.label), vi: String(f.vi), en: String(f.en) })),
      cases: d.cases as number, positiveShare, aiWrongShare, pass: { minAccuracy, maxOverReliance }, debrief,
    };
  }
  if (d.kind === 'decisions') {
    const steps = Array.isArray(d.steps) ? d.steps : [];
    if (steps.length === 0) bad('steps: at least one');
    const parsed = [];
    const stepIds = new Set<string>();
    for (const [i, s] of steps.entries()) {
      if (!isObj(s) || !str(s.id)) { bad(`steps[${i}]: needs an id`); continue; }
      if (stepIds.has(s.id)) bad(`steps: duplicate id "${s.id}"`);
      stepIds.add(s.id);
      const situation = c.bilingual(s.situation, file, `${s.id}.situation`);
      const question = c.bilingual(s.question, file, `${s.id}.question`);
      const explanation = c.bilingual(s.explanation, file, `${s.id}.explanation`);
      const options = parseOptions(s.options, file, s.id, c.issue);
      if (s.answer === undefined || s.answer === null || s.answer === '') bad(`${s.id}: step without an answer key`);
      else if (options && !options.some((o) => o.id === String(s.answer))) bad(`${s.id}: answer "${String(s.answer)}" is not one of the options`);
      if (!situation || !question || !explanation || !options) { ok = false; continue; }
      parsed.push({ id: s.id, situation, question, options, answer: String(s.answer), explanation });
    }
    const pass = isObj(d.pass) ? d.pass : {};
    const minScore = share(pass.minScore, 'pass.minScore');
    if (!ok) return null;
    return { ...base, kind: 'decisions', pass: { minScore }, steps: parsed };
  }
  if (d.kind === 'on-screen') {
    if (!str(d.tool)) bad('tool: the id of the tool whose suggestions are decided');
    const pt = isObj(d.patient) ? d.patient : {};
    if (!str(pt.fullName) || (pt.sex !== 'male' && pt.sex !== 'female') || !str(pt.birthDate) || !/^\d{4}-\d{2}-\d{2}$/.test(pt.birthDate)) bad('patient: fullName, sex (male | female) and birthDate (yyyy-mm-dd)');
    const maxMinutes = d.maxMinutesToDecide;
    if (typeof maxMinutes !== 'number' || !(maxMinutes > 0 && maxMinutes <= 240)) bad('maxMinutesToDecide: minutes, 1–240');
    const steps = Array.isArray(d.steps) ? d.steps : [];
    if (steps.length === 0) bad('steps: at least one');
    const parsed = [];
    const stepIds = new Set<string>();
    for (const [i, s] of steps.entries()) {
      if (!isObj(s) || !str(s.id)) { bad(`steps[${i}]: needs an id`); continue; }
      if (stepIds.has(s.id)) bad(`steps: duplicate id "${s.id}"`);
      stepIds.add(s.id);
      const situation = c.bilingual(s.situation, file, `${s.id}.situation`);
      const explanation = c.bilingual(s.explanation, file, `${s.id}.explanation`);
      const vitals = isObj(s.vitals) ? s.vitals : null;
      if (!vitals || Object.keys(vitals).length === 0 || !Object.values(vitals).every((v) => ['number', 'string', 'boolean'].includes(typeof v))) bad(`${s.id}: vitals to record (name: value)`);
      if (typeof s.ruleRight !== 'boolean') bad(`${s.id}: ruleRight (true | false) is the answer key`);
      if (s.expected !== 'accept' && s.expected !== 'override') bad(`${s.id}: expected is accept or override`);
      if (!situation || !explanation || !vitals) { ok = false; continue; }
      parsed.push({ id: s.id, situation, vitals: vitals as Record<string, number | string | boolean>, ruleRight: s.ruleRight as boolean, expected: s.expected as 'accept' | 'override', explanation });
    }
    const pass = isObj(d.pass) ? d.pass : {};
    const minScore = share(pass.minScore, 'pass.minScore');
    const maxOverReliance = share(pass.maxOverReliance, 'pass.maxOverReliance');
    const debrief = c.bilingual(d.debrief, file, 'debrief');
    if (!debrief || !ok) return null;
    return {
      ...base, kind: 'on-screen', tool: String(d.tool), maxMinutesToDecide: maxMinutes as number, debrief,
      patient: { fullName: String(pt.fullName), sex: pt.sex as 'male' | 'female', birthDate: String(pt.birthDate) },
      pass: { minScore, maxOverReliance }, steps: parsed,
    };
  }
  bad(`kind: "${String(d.kind)}" is not cxr-reading, decisions or on-screen`);
  return null;
}
