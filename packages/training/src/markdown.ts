/**
 * A small Markdown reader for lessons: headings, paragraphs, lists, block quotes, pipe tables,
 * images, and inline bold, italics, code and links. It returns a tree (no HTML), so the web page
 * renders it with React elements and lesson text can never inject markup.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'code'; v: string }
  | { t: 'link'; href: string; c: Inline[] };

export type Block =
  | { t: 'heading'; level: number; c: Inline[] }
  | { t: 'paragraph'; c: Inline[] }
  | { t: 'list'; ordered: boolean; items: Inline[][] }
  | { t: 'quote'; c: Inline[] }
  | { t: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { t: 'image'; alt: string; src: string };

export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => { if (text) { out.push({ t: 'text', v: text }); text = ''; } };
  let i = 0;
  while (i < s.length) {
    const rest = s.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^\*\*(.+?)\*\*/.exec(rest))) { flush(); out.push({ t: 'strong', c: parseInline(m[1]!) }); i += m[0].length; continue; }
    if ((m = /^\*([^*\s][^*]*?)\*/.exec(rest))) { flush(); out.push({ t: 'em', c: parseInline(m[1]!) }); i += m[0].length; continue; }
    if ((m = /^`([^`]+)`/.exec(rest))) { flush(); out.push({ t: 'code', v: m[1]! }); i += m[0].length; continue; }
    if ((m = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest))) { flush(); out.push({ t: 'link', href: m[2]!, c: parseInline(m[1]!) }); i += m[0].length; continue; }
    text += s[i];
    i++;
  }
  flush();
  return out;
}

const cells = (line: string) => line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => parseInline(c.trim()));

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') { i++; continue; }
    let m: RegExpExecArray | null;
    if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) { blocks.push({ t: 'heading', level: m[1]!.length, c: parseInline(m[2]!) }); i++; continue; }
    if ((m = /^!\[([^\]]*)\]\(([^)\s]+)\)\s*$/.exec(line.trim()))) { blocks.push({ t: 'image', alt: m[1]!, src: m[2]! }); i++; continue; }
    if (line.trim().startsWith('|') && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      const head = cells(line);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && lines[i]!.trim().startsWith('|')) rows.push(cells(lines[i++]!));
      blocks.push({ t: 'table', head, rows });
      continue;
    }
    if (/^>\s?/.test(line)) {
      const buf: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i]!)) buf.push(lines[i++]!.replace(/^>\s?/, ''));
      blocks.push({ t: 'quote', c: parseInline(buf.join(' ')) });
      continue;
    }
    const listRe = /^(\s*)([-*]|\d+\.)\s+(.*)$/;
    if ((m = listRe.exec(line))) {
      const ordered = /\d/.test(m[2]!);
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const lm = listRe.exec(l);
        if (lm) { items.push(lm[3]!); i++; continue; }
        // A continuation line (indented) belongs to the previous item.
        if (/^\s{2,}\S/.test(l) && items.length) { items[items.length - 1] += ` ${l.trim()}`; i++; continue; }
        break;
      }
      blocks.push({ t: 'list', ordered, items: items.map(parseInline) });
      continue;
    }
    const buf: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !/^(#{1,6}\s|>|\s*([-*]|\d+\.)\s|\|)/.test(lines[i]!)) buf.push(lines[i++]!.trim());
    if (buf.length === 0) { buf.push(line.trim()); i++; }
    blocks.push({ t: 'paragraph', c: parseInline(buf.join(' ')) });
  }
  return blocks;
}
