/**
 * Documents → passages. A passage is one section of a document: its heading path (title > h2 > h3 …)
 * and its units (a paragraph sentence, a list item, or a table row rendered with its column headers),
 * so an answer can quote one unit exactly and cite where it sits. Sentences that address an AI or give
 * it orders are removed here, before indexing (see injection.ts): a document is data, never instructions.
 */
import { isInstructionLike } from './injection.ts';
import { nfc, sentences } from './normalize.ts';

export type DocFormat = 'markdown' | 'html' | 'text';

export interface SourceDoc {
  /** Stable name used in citations (e.g. the path relative to the documents folder). */
  doc: string;
  format: DocFormat;
  content: string;
  /** Optional title; defaults to the first level-1 heading or the name. */
  title?: string;
}

export interface Passage {
  id: number;
  doc: string;
  title: string;
  /** Heading path from the document title down to this section. */
  headings: string[];
  /** Quotable units, each exactly as it stands in `text`. */
  units: string[];
  /** The passage text: its units joined by newlines. */
  text: string;
}

export interface ChunkResult {
  passages: Omit<Passage, 'id'>[];
  /** Sentences withheld from the index because they read as instructions to an AI. */
  withheld: string[];
}

export function formatOf(name: string): DocFormat | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'txt' || ext === 'text') return 'text';
  return null;
}

/** Strip inline Markdown: bold/italic, code, links, images, HTML tags. */
export function inlineText(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…' };
function decodeEntities(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** HTML → the Markdown subset the chunker reads (headings, list items, table rows, paragraphs). */
export function htmlToMarkdown(html: string): string {
  let s = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|template|head)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi, (_m, n: string, t: string) => `\n\n${'#'.repeat(Number(n))} ${t.replace(/\s+/g, ' ')}\n\n`)
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi, (_m, row: string) => {
      const header = /<th\b/i.test(row) && !/<td\b/i.test(row);
      const cells = [...row.matchAll(/<t([hd])\b[^>]*>([\s\S]*?)<\/t\1>/gi)].map((c) => (c[2] ?? '').replace(/\s+/g, ' ').replace(/\|/g, '/').trim());
      const line = `| ${cells.join(' | ')} |`;
      return header ? `\n${line}\n|${cells.map(() => '---').join('|')}|\n` : `\n${line}\n`;
    })
    .replace(/<\/(p|div|section|article|ul|ol|table|blockquote|header|footer|main|li)>/gi, '\n\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  s = decodeEntities(s);
  return s.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
}

/** Plain text: a short line followed by a blank line and not ending in punctuation reads as a heading. */
function textToMarkdown(text: string): string {
  const lines = text.split('\n');
  return lines
    .map((l, i) => {
      const t = l.trim();
      const next = lines[i + 1]?.trim() ?? '';
      const prev = i === 0 ? '' : lines[i - 1]?.trim() ?? '';
      const headingLike = t.length > 0 && t.length <= 80 && !/[.,;:!?]$/.test(t) && prev === '' && next === '' && !/^[-*•\d]/.test(t);
      return headingLike ? `${i === 0 ? '#' : '##'} ${t}` : l;
    })
    .join('\n');
}

const splitRow = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => inlineText(c));

/** Chunk one document into passages. */
export function chunkDocument(src: SourceDoc): ChunkResult {
  // HTML comments are invisible to a reader, so they are not document text (nor a place for orders to hide)
  let md = nfc(src.content).replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '');
  if (src.format === 'html') md = htmlToMarkdown(md);
  else if (src.format === 'text') md = textToMarkdown(md);
  const lines = md.split('\n');
  const withheld: string[] = [];
  const passages: Omit<Passage, 'id'>[] = [];
  let title = src.title?.trim() || '';
  const stack: { level: number; text: string }[] = [];
  let units: string[] = [];
  let para: string[] = [];
  let tableHeader: string[] | null = null;

  const currentHeadings = () => {
    const hs = stack.map((h) => h.text);
    return title && hs[0] !== title ? [title, ...hs] : hs;
  };
  const addUnit = (u: string) => {
    const kept = sentences(u).filter((s) => {
      if (isInstructionLike(s)) {
        withheld.push(s);
        return false;
      }
      return true;
    });
    // A list item or table row stays one unit; a paragraph becomes one unit per sentence.
    for (const k of kept) if (k.trim()) units.push(k.trim());
  };
  const addWhole = (u: string) => {
    if (isInstructionLike(u)) withheld.push(u);
    else if (u.trim()) units.push(u.trim());
  };
  const flushPara = () => {
    if (para.length) addUnit(inlineText(para.join(' ')));
    para = [];
  };
  // A table row is held until the next line shows whether it was the header (a separator follows).
  let pendingRow: string[] | null = null;
  const flushRow = () => {
    if (!pendingRow) return;
    // "MRI sọ não — Giá (đồng): 1.950.000": the row label, then each value with its column header.
    const [label, ...rest] = pendingRow;
    const values = rest.map((c, i) => {
      const hd = tableHeader?.[i + 1];
      return hd ? `${hd}: ${c}` : c;
    });
    addWhole(values.length ? `${label} — ${values.join('; ')}` : label ?? '');
    pendingRow = null;
  };
  const flushSection = () => {
    flushRow();
    flushPara();
    if (units.length) passages.push({ doc: src.doc, title: title || src.doc, headings: currentHeadings(), units, text: units.join('\n') });
    units = [];
  };

  for (const raw of lines) {
    const line = raw.trim().replace(/^(?:>\s?)+/, ''); // blockquotes read as their text
    const h = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (h) {
      flushSection();
      tableHeader = null;
      const level = h[1]!.length;
      const text = inlineText(h[2] ?? '');
      if (level === 1 && !title) {
        title = text;
        stack.length = 0;
        continue;
      }
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, text });
      continue;
    }
    if (!line) {
      flushPara();
      flushRow();
      continue;
    }
    if (/^\|.*\|$/.test(line)) {
      flushPara();
      if (/^\|[\s:|-]+\|$/.test(line)) {
        // header separator: the row before it was the header
        tableHeader = pendingRow;
        pendingRow = null;
        continue;
      }
      flushRow();
      pendingRow = splitRow(line);
      continue;
    }
    flushRow();
    tableHeader = null;
    const item = /^(?:[-*+•]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flushPara();
      addUnit(inlineText(item[1] ?? ''));
      continue;
    }
    para.push(line);
  }
  flushSection();
  return { passages, withheld };
}
