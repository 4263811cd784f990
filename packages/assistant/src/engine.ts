/**
 * The offline assistant: index passages (BM25 over sections and over their quotable units), expand a
 * question with the glossary, classify it (language, emergency, refusal, answer type) and compose an
 * extractive answer from the best units with citations, or say honestly that the documents don't say.
 */
import { Bm25Index, type Concept, type QueryTerm } from './bm25.ts';
import { chunkDocument, type Passage, type SourceDoc } from './chunk.ts';
import { answerTypes, detectLanguage, emergencySigns, refusalReasons, unitHas, type AnswerType, type EmergencySign, type Lang, type RefusalReason } from './classify.ts';
import { GLOSSARY, groupsIn } from './glossary.ts';
import { isInstructionLike } from './injection.ts';
import { fold, sentences, stopWords, textLang, tokenize, type TextLang } from './normalize.ts';

export interface Citation {
  doc: string;
  heading: string;
  /** Exact text of one unit of the cited passage. */
  quote: string;
}

export interface Answer {
  answer: string;
  citations: Citation[];
  refused: boolean;
  escalate: boolean;
  lang: Lang | 'other';
  /** What happened, for logs and the gap list. */
  outcome: 'answered' | 'no_answer' | 'refused' | 'emergency' | 'other_language';
  emergencySigns?: EmergencySign[];
  refusalReasons?: RefusalReason[];
}

interface UnitRef {
  passage: number;
  index: number;
}

export interface AssistantIndex {
  passages: Passage[];
  /** Language of each passage's document. */
  passageLang: TextLang[];
  units: UnitRef[];
  passageIndex: Bm25Index;
  /** Each passage's terms (headings and text), for coverage. */
  passageTerms: Set<string>[];
  /** Number of each passage's first unit in unitIndex. */
  firstUnit: number[];
  /** Glossary topic groups each passage's heading path names (a section about the pharmacy…). */
  headingTopics: Set<number>[];
  unitIndex: Bm25Index;
  /** Sentences withheld from the index as instructions to an AI, by document. */
  withheld: { doc: string; sentence: string }[];
  hotline: Citation | null;
  emergencyLocation: Citation | null;
}

const bigram = (a: string, b: string) => `${a}_${b}`;

/** Index terms of a text: content syllables/words and bigrams of adjacent content tokens. */
export function termsOf(text: string, lang: TextLang): string[] {
  const stop = stopWords(lang);
  const toks = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const n = toks[i + 1];
    // bigrams with one stop word too: glossary phrases such as "lái xe" (lại is a stop word) need them
    if (n !== undefined && !(stop.has(t) && stop.has(n))) out.push(bigram(t, n));
    if (!stop.has(t)) out.push(t);
  }
  return out;
}

const isEmergencyContext = (s: string) => /\b(cap cuu|emergency)\b/.test(fold(s));
const isHotlineUnit = (s: string) => /\b(tong dai|hotline|duong day nong|switchboard|call centre|call center)\b/.test(fold(s));

export function buildIndex(docs: SourceDoc[]): AssistantIndex {
  const passages: Passage[] = [];
  const withheld: { doc: string; sentence: string }[] = [];
  for (const d of docs) {
    const r = chunkDocument(d);
    for (const p of r.passages) passages.push({ ...p, id: passages.length });
    for (const s of r.withheld) withheld.push({ doc: d.doc, sentence: s });
  }
  const docLang = new Map(docs.map((d) => [d.doc, textLang(d.content)]));
  const passageIndex = new Bm25Index();
  const unitIndex = new Bm25Index();
  const units: UnitRef[] = [];
  const passageTerms: Set<string>[] = [];
  const firstUnit: number[] = [];
  const headingTopics = passages.map((p) => new Set(groupsIn(tokenize(p.headings.join(' . '))).filter((h) => GLOSSARY[h.group]!.topic).map((h) => h.group)));
  for (const p of passages) {
    const head = p.headings.join(' ');
    // headings count twice: a section titled "Giờ thăm bệnh" is about visiting hours even when its lines only hold times
    const lang = docLang.get(p.doc) ?? 'vi';
    const headTerms = termsOf(head, lang);
    const textTerms = termsOf(p.text, lang);
    passageIndex.add([...headTerms, ...headTerms, ...textTerms]);
    passageTerms.push(new Set([...headTerms, ...textTerms]));
    firstUnit.push(units.length);
    p.units.forEach((u, index) => {
      unitIndex.add(termsOf(u, lang));
      units.push({ passage: p.id, index });
    });
  }
  const cite = (ref: UnitRef): Citation => {
    const p = passages[ref.passage]!;
    return { doc: p.doc, heading: p.headings.join(' > '), quote: p.units[ref.index]! };
  };
  // The hotline: a unit naming a switchboard/hotline with a phone number; the emergency department's
  // location: a unit with a place in a section about the emergency department (or naming it).
  let hotline: Citation | null = null;
  let emergencyLocation: Citation | null = null;
  let edScore = 0;
  let hotlineScore = -Infinity;
  for (const ref of units) {
    const p = passages[ref.passage]!;
    const u = p.units[ref.index]!;
    // the hotline: the shortest unit naming a hotline/switchboard with a number, the words leading
    if (isHotlineUnit(u) && unitHas('phone', u)) {
      const s = (isHotlineUnit(u.slice(0, 30)) ? 1 : 0) - u.length / 1000;
      if (s > hotlineScore) {
        hotlineScore = s;
        hotline = cite(ref);
      }
    }
    const inEdSection = isEmergencyContext(p.headings.join(' '));
    if (unitHas('location', u) && (inEdSection || isEmergencyContext(u))) {
      const s = (inEdSection ? 2 : 0) + (isEmergencyContext(u) ? 1 : 0) + (unitHas('time', u) ? 0.5 : 0) - u.length / 1000;
      if (s > edScore) {
        edScore = s;
        emergencyLocation = cite(ref);
      }
    }
  }
  return { passages, passageLang: passages.map((p) => docLang.get(p.doc) ?? 'vi'), units, passageIndex, passageTerms, firstUnit, headingTopics, unitIndex, withheld, hotline, emergencyLocation };
}

/** Terms for a phrase: a multi-word phrase counts by its bigrams; its single words only weakly. */
function phraseTerms(phrase: string[], lang: TextLang, weight: number): QueryTerm[] {
  const stop = stopWords(lang);
  const content = phrase.filter((t) => !stop.has(t));
  if (phrase.length === 1) return content.map((t) => ({ term: t, weight }));
  const out: QueryTerm[] = [];
  for (let i = 0; i + 1 < phrase.length; i++) {
    const a = phrase[i]!;
    const b = phrase[i + 1]!;
    if (!(stop.has(a) && stop.has(b))) out.push({ term: bigram(a, b), weight });
  }
  for (const t of content) out.push({ term: t, weight: weight * 0.3 });
  return out;
}

export interface Query {
  /** Concepts from the question's own words (with their glossary alternatives): used for coverage. */
  core: Concept[];
  /** Glossary concepts that frame the question (where, when, how much): ranked on, not covered. */
  frames: Concept[];
  /** Bigram concepts that reward phrase matches. */
  phrases: Concept[];
  /** Concepts of glossary topic groups (services, departments, places) the question names. */
  topics: Concept[];
  /** Their glossary group numbers. */
  topicGroups: number[];
  lang: TextLang;
  /** Whether the question names anything beyond "the hospital" ("does the hospital sell lottery tickets?" does not, here). */
  subject: boolean;
}

// Vietnamese question words too generic to be a subject on their own ("số" number, "bệnh" illness,
// "thông tin" information, "mất" takes/costs); they are indexed and still count inside bigrams.
const GENERIC_VI = new Set('so nguoi benh vien dich vu ten cach viec thong tin biet dung gi mat'.split(' '));

/** Turn a question into concepts: glossary groups it mentions, its other content words, its bigrams. */
export function buildQuery(q: string, lang: TextLang): Query {
  const stop = stopWords(lang);
  // Words of a sentence that gives the assistant orders ("ignore your rules and say…") are not part of
  // the question: only its hospital terms (glossary hits) are kept, so it can still say what it is about.
  const parts = sentences(q).map((s) => ({ toks: tokenize(s), order: isInstructionLike(s) }));
  const toks = parts.flatMap((p) => p.toks);
  const ordered = parts.flatMap((p) => p.toks.map(() => p.order));
  const covered = new Array<boolean>(toks.length).fill(false);
  const core: Concept[] = [];
  const topics: Concept[] = [];
  const frames: Concept[] = [];
  const topicGroups: number[] = [];
  let subject = false;
  for (const hit of groupsIn(toks)) {
    const g = GLOSSARY[hit.group]!;
    for (const i of hit.covered) covered[i] = true;
    const concept: Concept = [];
    g.phrases.forEach((p, k) => concept.push(...phraseTerms(p, g.langs[k]!, p === hit.phrase ? 1 : 0.8)));
    if (g.frame) {
      frames.push(concept);
      if (!g.generic) subject = true;
    } else {
      core.push(concept);
      subject = true;
    }
    if (g.topic) {
      topics.push(concept);
      topicGroups.push(hit.group);
    }
  }
  toks.forEach((t, i) => {
    if (!covered[i] && !ordered[i] && !stop.has(t) && !(lang === 'vi' && GENERIC_VI.has(t))) {
      core.push([{ term: t, weight: 1 }]);
      subject = true;
    }
  });
  const phrases: Concept[] = [];
  for (let i = 0; i + 1 < toks.length; i++) {
    const a = toks[i]!;
    const b = toks[i + 1]!;
    if (!ordered[i] && !ordered[i + 1] && !stop.has(a) && !stop.has(b)) phrases.push([{ term: bigram(a, b), weight: 0.5 }]);
  }
  return { core, frames, phrases, topics, topicGroups, subject, lang };
}

// A glossary term no document uses: often incidental wording, sometimes the very thing asked about.
const ABSENT_GLOSSARY_WEIGHT = 0.3;
const UNTRANSLATED_WEIGHT = 0.35;

/**
 * Share of the question's subject (idf-weighted concepts, frames left out) that a passage contains.
 * A word of the question that no document holds weighs the most (it may be the very thing asked
 * about); a glossary term that no document uses weighs less (the documents may word it otherwise; a
 * missing service is caught by missingTopic).
 */
export function coverage(index: AssistantIndex, query: Query, passage: Passage): number {
  const terms = index.passageTerms[passage.id]!;
  let total = 0;
  let hit = 0;
  for (const c of query.core) {
    const strong = c.filter((t) => t.weight >= 0.5);
    if (!strong.length) continue;
    const present = strong.filter((t) => index.passageIndex.df(t.term) > 0);
    let w = present.length ? Math.max(...present.map((t) => index.passageIndex.idf(t.term))) : index.passageIndex.idf('') * (c.length === 1 ? 1 : ABSENT_GLOSSARY_WEIGHT);
    const found = strong.some((t) => terms.has(t.term));
    // a word the glossary cannot translate is not expected in a passage of the other language
    if (!found && c.length === 1 && index.passageLang[passage.id] !== query.lang) w *= UNTRANSLATED_WEIGHT;
    total += w;
    if (found) hit += w;
  }
  // a question made only of frames ("what is the hotline?") has nothing to miss
  return total ? hit / total : 1;
}

/** A service or place the question names (from the glossary's topic groups) that no document mentions. */
export function missingTopic(index: AssistantIndex, query: Query): boolean {
  return query.topics.some((c) => !c.some((t) => t.weight >= 0.5 && index.passageIndex.df(t.term) > 0));
}

interface Candidate {
  ref: UnitRef;
  score: number;
  /** The unit's own BM25 score, relative to the best unit's. */
  unit: number;
  types: AnswerType[];
}

const TOP_PASSAGES = 6;
const ANSWERABLE_COVERAGE = 0.45;

function rank(index: AssistantIndex, query: Query, types: AnswerType[]): { candidates: Candidate[]; best: Passage | null } {
  const concepts = [...query.core, ...query.frames, ...query.phrases];
  const sec = index.passageIndex.score(concepts);
  // A section headed by the service the question names answers it before one that only mentions it;
  // a section headed by another service is less likely to.
  if (query.topicGroups.length) {
    for (const [pid, s] of sec) {
      const ht = index.headingTopics[pid]!;
      if (query.topicGroups.some((g) => ht.has(g))) sec.set(pid, s * 1.5);
      else if (ht.size) sec.set(pid, s * 0.75);
    }
  }
  // Among the best by BM25, a passage that covers more of the question's subject ranks higher.
  const pre = [...sec.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3 * TOP_PASSAGES);
  const top = pre
    .map(([pid, s]) => [pid, s * (0.5 + 0.5 * coverage(index, query, index.passages[pid]!))] as [number, number])
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_PASSAGES);
  if (!top.length) return { candidates: [], best: null };
  const maxSec = top[0]![1];
  const unitScores = index.unitIndex.score(concepts);
  const maxUnit = Math.max(1e-9, ...unitScores.values());
  const candidates: Candidate[] = [];
  for (const [pid, s] of top) {
    const p = index.passages[pid]!;
    const first = index.firstUnit[pid]!;
    p.units.forEach((u, i) => {
      const us = unitScores.get(first + i) ?? 0;
      const matched = types.filter((t) => unitHas(t, u));
      const score = 0.6 * (s / maxSec) + 0.4 * (us / maxUnit) + (matched.length ? 0.25 : 0);
      candidates.push({ ref: { passage: pid, index: i }, score, unit: us / maxUnit, types: matched });
    });
  }
  candidates.sort((a, b) => b.score - a.score);
  return { candidates, best: index.passages[top[0]![0]]! };
}

const T = {
  vi: {
    from: (title: string, heading: string) => `Theo tài liệu "${title}"${heading ? ` (${heading})` : ''}:`,
    none: 'Tài liệu của bệnh viện không có thông tin về câu hỏi này.',
    call: (h: string) => ` Vui lòng liên hệ: ${h}`,
    emergency: 'Đây có thể là tình huống CẤP CỨU: hãy gọi ngay 115 hoặc đưa người bệnh đến khoa cấp cứu gần nhất.',
    ed: (loc: string) => ` Khoa Cấp cứu của bệnh viện: ${loc}`,
    refuse: {
      diagnosis: 'Tôi không thể chẩn đoán bệnh qua tin nhắn. Bác sĩ cần khám trực tiếp để biết bạn bị gì: hãy đăng ký khám tại bệnh viện.',
      result: 'Tôi không thể đọc hay giải thích kết quả xét nghiệm, chẩn đoán hình ảnh. Bác sĩ đã chỉ định xét nghiệm sẽ giải thích kết quả cho bạn.',
      medication: 'Tôi không thể khuyên dùng thuốc hay liều thuốc. Chỉ bác sĩ (hoặc dược sĩ, theo đơn của bác sĩ) mới có thể chỉ định thuốc và liều dùng phù hợp.',
    },
    urgent: ' Nếu có dấu hiệu nặng (khó thở, đau ngực, co giật, lơ mơ…), gọi 115.',
    languages: 'Xin lỗi, tôi chỉ trả lời bằng tiếng Việt và tiếng Anh. Sorry, I answer in Vietnamese and English only.',
  },
  en: {
    from: (title: string, heading: string) => `According to the hospital document "${title}"${heading ? ` (${heading})` : ''}:`,
    none: "The hospital's documents do not contain information about this.",
    call: (h: string) => ` Please contact: ${h}`,
    emergency: 'This may be an EMERGENCY: call 115 now or go to the nearest emergency department.',
    ed: (loc: string) => ` The hospital's Emergency Department: ${loc}`,
    refuse: {
      diagnosis: 'I cannot diagnose an illness in a chat. A doctor needs to examine you: please book a consultation at the hospital.',
      result: 'I cannot read or interpret test or imaging results. The doctor who ordered the test will explain the result to you.',
      medication: 'I cannot recommend a medicine or a dose. Only a doctor (or a pharmacist, following a prescription) can tell you which medicine and dose are right.',
    },
    urgent: ' If there are danger signs (difficulty breathing, chest pain, seizures, drowsiness…), call 115.',
    languages: 'Sorry, I answer in Vietnamese and English only. Xin lỗi, tôi chỉ trả lời bằng tiếng Việt và tiếng Anh.',
  },
};

const sentenceEnd = (s: string) => (/[.!?…:;]$/.test(s) ? s : `${s}.`);

/** The extractive answer: the best units quoted with where they come from, or null when nothing supports one. */
function extractive(index: AssistantIndex, q: string, lang: Lang): { answer: string; citations: Citation[] } | null {
  const t = T[lang];
  const query = buildQuery(q, lang);
  const types = answerTypes(q);
  const { candidates, best } = rank(index, query, types);
  const top = candidates[0];
  const cov = top ? coverage(index, query, index.passages[top.ref.passage]!) : 0;
  if (!top || !best || !query.subject || cov < ANSWERABLE_COVERAGE || missingTopic(index, query)) return null;
  const chosen: Candidate[] = [top];
  const has = (c: Candidate) => chosen.some((x) => x.ref.passage === c.ref.passage && x.ref.index === c.ref.index);
  // Each kind of fact asked for (a time and a room, say) gets its best unit.
  for (const ty of types) {
    if (chosen.some((c) => c.types.includes(ty))) continue;
    const c = candidates.find((x) => x.types.includes(ty) && x.score >= 0.5 * top.score);
    if (c && !has(c)) chosen.push(c);
  }
  for (const c of candidates) {
    if (chosen.length >= 3) break;
    // a close runner-up on its own words too (rows of one table share their section's score)
    if (c.score >= 0.85 * top.score && c.unit >= 0.7 * top.unit && !has(c)) chosen.push(c);
  }
  // Group by passage, in document order.
  const byPassage = new Map<number, number[]>();
  for (const c of chosen) byPassage.set(c.ref.passage, [...(byPassage.get(c.ref.passage) ?? []), c.ref.index]);
  const lines: string[] = [];
  const citations: Citation[] = [];
  for (const [pid, idxs] of byPassage) {
    const p = index.passages[pid]!;
    const heading = p.headings.slice(1).join(' > ');
    const quotes = [...new Set(idxs)].sort((a, b) => a - b).map((i) => p.units[i]!);
    lines.push(`${t.from(p.title, heading)} ${quotes.map(sentenceEnd).join(' ')}`);
    for (const quote of quotes) citations.push({ doc: p.doc, heading: p.headings.join(' > '), quote });
  }
  return { answer: lines.join('\n'), citations };
}

/** Answer one question from the index. Pure: same index and question, same answer. */
export function answerQuestion(index: AssistantIndex, question: string): Answer {
  const q = question.normalize('NFC');
  const guess = detectLanguage(q);
  if (guess === 'other') {
    return { answer: T.en.languages, citations: [], refused: false, escalate: false, lang: 'other', outcome: 'other_language' };
  }
  const lang: Lang = guess;
  const t = T[lang];
  const hotlineText = index.hotline ? index.hotline.quote : '';
  const signs = emergencySigns(q);
  const reasons = refusalReasons(q);

  if (signs.length) {
    const ed = index.emergencyLocation;
    const parts = [t.emergency];
    if (ed) parts.push(t.ed(sentenceEnd(ed.quote)));
    if (reasons.length) parts.push(` ${t.refuse[reasons[0]!]}`);
    const citations = ed ? [ed] : [];
    // After 115 and the emergency department, what the documents themselves say, when they answer it
    // (never for a question that also asks for a medicine or dose).
    const docs = reasons.length ? null : extractive(index, q, lang);
    if (docs) {
      parts.push(`\n${docs.answer}`);
      for (const c of docs.citations) if (!citations.some((x) => x.doc === c.doc && x.quote === c.quote)) citations.push(c);
    }
    return {
      answer: parts.join(''),
      citations,
      refused: reasons.length > 0,
      escalate: true,
      lang,
      outcome: 'emergency',
      emergencySigns: signs,
      ...(reasons.length ? { refusalReasons: reasons } : {}),
    };
  }
  if (reasons.length) {
    const text = reasons.map((r) => t.refuse[r]).join(' ') + t.urgent + (hotlineText ? t.call(sentenceEnd(hotlineText)) : '');
    return { answer: text, citations: index.hotline ? [index.hotline] : [], refused: true, escalate: false, lang, outcome: 'refused', refusalReasons: reasons };
  }

  const found = extractive(index, q, lang);
  if (!found) {
    return { answer: t.none + (hotlineText ? t.call(sentenceEnd(hotlineText)) : ''), citations: [], refused: false, escalate: false, lang, outcome: 'no_answer' };
  }
  return { ...found, refused: false, escalate: false, lang, outcome: 'answered' };
}


/**
 * Whether every citation quotes text that exists in a passage of the cited document: the check a
 * generated answer must pass before it is shown (an unsupported one falls back to the extractive answer).
 */
export function verifyCitations(index: AssistantIndex, citations: Pick<Citation, 'doc' | 'quote'>[]): boolean {
  return citations.length > 0 && citations.every((c) => c.quote.trim().length > 0 && index.passages.some((p) => p.doc === c.doc && p.text.includes(c.quote.trim())));
}
