import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR, readContentFiles } from '../node/read.ts';
import { joinPath, linkTargets, MIN_QUESTIONS_PER_MODULE, parseContent } from './content.ts';

const real = readContentFiles(DEFAULT_CONTENT_DIR);
const mutate = (edits: Record<string, string | null>) => {
  const m = new Map(real);
  for (const [k, v] of Object.entries(edits)) v === null ? m.delete(k) : m.set(k, v);
  return parseContent(m);
};
const edit = (file: string, from: string | RegExp, to: string) => {
  const text = real.get(file)!;
  const out = text.replace(from, to);
  if (out === text) throw new Error(`fixture edit did not apply to ${file}`);
  return out;
};
const messages = (r: ReturnType<typeof parseContent>) => r.issues.map((i) => `${i.file}: ${i.message}`);

describe('training content in the repository', () => {
  const r = parseContent(real);
  it('is valid', () => expect(messages(r)).toEqual([]));
  it('has five modules, each with a bilingual bank of at least 20 questions and both languages of every lesson', () => {
    const c = r.content!;
    expect(c.curriculum.modules.map((m) => m.id)).toHaveLength(5);
    for (const m of c.curriculum.modules) {
      expect(c.banks.get(m.id)!.length).toBeGreaterThanOrEqual(MIN_QUESTIONS_PER_MODULE);
      for (const l of m.lessons) expect(Object.keys(c.lessons.get(l)!).sort()).toEqual(['en', 'vi']);
    }
    expect(Object.keys(c.curriculum.paths).sort()).toEqual(
      ['administrator', 'doctor', 'lecturer', 'manager', 'nurse', 'pharmacist', 'radiologist', 'station_staff']);
  });
  it('has single- and multiple-choice and case-based items', () => {
    const all = [...r.content!.banks.values()].flat();
    expect(all.some((q) => q.type === 'multiple')).toBe(true);
    expect(all.some((q) => q.type === 'single')).toBe(true);
    expect(all.filter((q) => q.case).length).toBeGreaterThanOrEqual(10);
  });
  it("module 1's worked PPV matches the platform's CXR model card (Bayes at 5 % prevalence)", () => {
    const card = readFileSync(resolve(import.meta.dirname, '../../imaging/models/pneumonia-mnist-cnn/MODEL_CARD.md'), 'utf8');
    const sens = /Sensitivity at threshold [\d.]+ \| [\d.]+ % \((\d+)\/(\d+)\)/.exec(card)!;
    const spec = /Specificity at threshold [\d.]+ \| [\d.]+ % \((\d+)\/(\d+)\)/.exec(card)!;
    const se = Number(sens[1]) / Number(sens[2]), sp = Number(spec[1]) / Number(spec[2]);
    const ppv = (p: number) => (se * p) / (se * p + (1 - sp) * (1 - p));
    const lessons = r.content!.lessons.get('m1-sens-spec-ppv')!;
    expect(lessons.en.body).toContain(`PPV ≈ ${(ppv(0.05) * 100).toFixed(1)} %`);
    expect(lessons.vi.body).toContain(`PPV ≈ ${(ppv(0.05) * 100).toFixed(1).replace('.', ',')} %`);
    expect(lessons.en.body).toContain(`**${(ppv(0.01) * 100).toFixed(1)} %**`);
    expect(lessons.en.body).toContain(`**${(ppv(390 / 624) * 100).toFixed(1)} %**`);
  });
});

describe('the validator names the file of each problem', () => {
  it('missing translation: a lesson without its en file', () => {
    const r = mutate({ 'modules/m1-intro/m1-what-is-a-model.en.md': null });
    expect(r.content).toBeNull();
    expect(messages(r)).toContain('modules/m1-intro/m1-what-is-a-model.en.md: missing translation: lesson "m1-what-is-a-model" has no en file (the vi file exists)');
  });
  it('missing translation: a question option and an explanation without one language', () => {
    const f = 'modules/m2-productivity/questions.yaml';
    const r = mutate({ [f]: edit(f, '- { id: b, vi: Mô hình viết ra thông tin', '- { id: b, xx: Mô hình viết ra thông tin') });
    expect(messages(r)).toContain(`${f}: m2-q02.options.b: missing translation (vi)`);
    const r2 = mutate({ [f]: edit(f, /en: Generative AI is good at rewriting/, 'xx: Generative AI is good at rewriting') });
    expect(messages(r2)).toContain(`${f}: m2-q01.explanation: missing translation (en)`);
  });
  it('broken link', () => {
    const f = 'modules/m4-responsible/m4-automation-bias.en.md';
    const r = mutate({ [f]: edit(f, '(../m1-intro/m1-sens-spec-ppv.en.md)', '(../m1-intro/no-such-lesson.en.md)') });
    expect(messages(r)).toContain(`${f}: broken link: "../m1-intro/no-such-lesson.en.md" (no file modules/m1-intro/no-such-lesson.en.md)`);
  });
  it('a missing figure and a link to the other language', () => {
    const f = 'modules/m1-intro/m1-sens-spec-ppv.vi.md';
    const r = mutate({ [f]: edit(f, 'figures: [figures/ppv-vs-prevalence.svg]', 'figures: [figures/nope.svg]') });
    expect(messages(r)).toContain(`${f}: figures: "figures/nope.svg" not found`);
    const g = 'modules/m4-responsible/m4-automation-bias.vi.md';
    const r2 = mutate({ [g]: edit(g, '(../m1-intro/m1-sens-spec-ppv.vi.md)', '(../m1-intro/m1-sens-spec-ppv.en.md)') });
    expect(messages(r2)).toContain(`${g}: link "../m1-intro/m1-sens-spec-ppv.en.md" goes to another language's lesson`);
  });
  it('a question without an answer key, and an answer that is not an option', () => {
    const f = 'modules/m3-prompting/questions.yaml';
    const r = mutate({ [f]: edit(f, /(id: m3-q02[\s\S]*?)\n    answer: \[b\]/, '$1') });
    expect(messages(r)).toContain(`${f}: m3-q02: question without an answer key`);
    const r2 = mutate({ [f]: edit(f, /(id: m3-q03[\s\S]*?)answer: \[b\]/, '$1answer: [z]') });
    expect(messages(r2)).toContain(`${f}: m3-q03: answer "z" is not one of the options`);
    const r3 = mutate({ [f]: edit(f, /(id: m3-q03[\s\S]*?)answer: \[b\]/, '$1answer: [a, b]') });
    expect(messages(r3)).toContain(`${f}: m3-q03: a single-choice question has 2 answers`);
  });
  it('a decision step without an answer key', () => {
    const f = 'exercises/privacy-breach.yaml';
    const r = mutate({ [f]: edit(f, /\n    answer: a\n/, '\n') });
    expect(messages(r)).toContain(`${f}: s1: step without an answer key`);
  });
  it('duplicate id', () => {
    const f = 'modules/m5-staying-ahead/questions.yaml';
    const r = mutate({ [f]: edit(f, 'id: m5-q02', 'id: m1-q01') });
    expect(messages(r)).toContain(`${f}: duplicate id "m1-q01" (question; also in modules/m1-intro/questions.yaml)`);
  });
  it('unknown role in a lesson, a path and an account mapping', () => {
    const f = 'modules/m2-productivity/m2-check-against-record.vi.md';
    const r = mutate({ [f]: edit(f, 'roles: [doctor,', 'roles: [surgeon,') });
    expect(messages(r)).toContain(`${f}: roles: unknown role "surgeon"`);
    const c = 'curriculum.yaml';
    const r2 = mutate({ [c]: edit(c, '  lecturer:\n    required:', '  dentist:\n    required:') });
    expect(messages(r2)).toEqual(expect.arrayContaining([`${c}: paths.dentist: unknown role "dentist"`, `${c}: paths: role "lecturer" has no path`]));
    const r3 = mutate({ [c]: edit(c, 'facility_admin: administrator', 'facility_admin: boss') });
    expect(messages(r3)).toContain(`${c}: accountRoles.facility_admin: unknown role "boss"`);
  });
  it('a path naming an unknown lesson, and a bank under 20 questions', () => {
    const c = 'curriculum.yaml';
    const r = mutate({ [c]: edit(c, 'required: [m1-what-is-a-model, m2-drafting-summarising, m3-prompt-structure', 'required: [m1-what-is-it, m2-drafting-summarising, m3-prompt-structure') });
    expect(messages(r)).toContain(`${c}: paths.administrator: unknown lesson or exercise "m1-what-is-it"`);
    const f = 'modules/m5-staying-ahead/questions.yaml';
    const cut = real.get(f)!.split('\n  - id: m5-q20')[0]!;
    expect(messages(mutate({ [f]: cut }))).toContain(`${f}: 19 questions; a module needs at least 20`);
  });
  it('a stray lesson file and a YAML error', () => {
    const r = mutate({ 'modules/m1-intro/stray.vi.md': '---\nid: stray\n---\nx', 'exercises/cxr-reading.yaml': 'id: [unclosed' });
    expect(messages(r)).toEqual(expect.arrayContaining([
      'modules/m1-intro/stray.vi.md: lesson file not listed in curriculum.yaml (or named <id>.<vi|en>.md in the wrong module folder)',
    ]));
    expect(messages(r).some((m) => m.startsWith('exercises/cxr-reading.yaml: YAML does not parse'))).toBe(true);
  });
});

describe('path helpers', () => {
  it('resolves relative links inside the content root only', () => {
    expect(joinPath('modules/m1-intro', '../../figures/a.svg')).toBe('figures/a.svg');
    expect(joinPath('modules/m1-intro', './b.md')).toBe('modules/m1-intro/b.md');
    expect(joinPath('', '../../etc/passwd')).toBe('../../../etc/passwd');
  });
  it('finds link and image targets, not code spans', () => {
    expect(linkTargets('see [a](x.md) and ![f](../f.svg) but `[no](y.md)`')).toEqual(['x.md', '../f.svg']);
  });
});

describe('npm run training:check', () => {
  const script = resolve(import.meta.dirname, '../scripts/check.ts');
  const run = (dir?: string) => spawnSync(process.execPath, ['--import', 'tsx', script, ...(dir ? [dir] : [])], { encoding: 'utf8', cwd: resolve(import.meta.dirname, '../../..') });
  it('passes on the repository content and fails naming the file on a bad copy', () => {
    const ok = run();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/ok — 5 modules, 12 lessons/);
    const dir = mkdtempSync(join(tmpdir(), 'yte-training-'));
    try {
      cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
      unlinkSync(join(dir, 'modules/m3-prompting/m3-verify-and-sources.en.md'));
      writeFileSync(join(dir, 'modules/m1-intro/questions.yaml'), readFileSync(join(dir, 'modules/m1-intro/questions.yaml'), 'utf8').replace('    answer: [a]\n', ''));
      const bad = run(dir);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('modules/m3-prompting/m3-verify-and-sources.en.md: missing translation');
      expect(bad.stderr).toContain('modules/m1-intro/questions.yaml: m1-q01: question without an answer key');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
