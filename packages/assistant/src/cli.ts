/**
 * yte-assistant CLI (the edge: file and stream I/O around the pure engine).
 *   ask --jsonl --docs DIR   reads {"id","q"} JSON lines on stdin, writes one line per question:
 *                            {"id","answer","citations":[{"doc","quote"}],"refused","escalate"}
 * DIR is read recursively: Markdown, HTML, text, PDF and DOCX. PDF and DOCX text comes from
 * @yte/doctext, the extractor the server's document upload uses (this CLI is an edge: it reads files;
 * the engine in ./index.ts stays pure). A file that cannot be read is skipped with the reason on
 * stderr, never indexed half. Logs go to stderr; stdout holds only answers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { DocTextError, docFormatOf, extractText } from '@yte/doctext';
import { answerQuestion, buildIndex, type SourceDoc } from './index.ts';

function usage(code: number): never {
  process.stderr.write('usage: yte-assistant ask --jsonl --docs DIR   (questions as {"id","q"} JSON lines on stdin)\n');
  process.exit(code);
}

async function readDocs(dir: string): Promise<SourceDoc[]> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  const out: SourceDoc[] = [];
  for (const p of files) {
    const rel = relative(dir, p).split(sep).join('/');
    if (!docFormatOf(p)) {
      process.stderr.write(`skipped ${rel}: not Markdown, HTML, text, PDF or DOCX\n`);
      continue;
    }
    try {
      const ex = await extractText(p, readFileSync(p));
      out.push({ doc: rel, format: ex.chunkFormat, content: ex.content });
    } catch (e) {
      if (!(e instanceof DocTextError)) throw e;
      process.stderr.write(`skipped ${rel}: ${e.reason}\n`);
    }
  }
  return out;
}

async function main(argv: string[]) {
  const [cmd, ...rest] = argv;
  if (cmd !== 'ask') usage(2);
  const di = rest.indexOf('--docs');
  const dir = di >= 0 ? rest[di + 1] : undefined;
  if (!dir) usage(2);
  const t0 = performance.now();
  const index = buildIndex(await readDocs(dir));
  process.stderr.write(`indexed ${index.passages.length} passages, ${index.units.length} units in ${(performance.now() - t0).toFixed(0)} ms` +
    (index.withheld.length ? `; withheld ${index.withheld.length} instruction-like sentence(s)` : '') + '\n');
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    let id: unknown = n;
    try {
      const j = JSON.parse(line) as { id?: unknown; q?: unknown };
      id = j.id ?? n;
      if (typeof j.q !== 'string' || !j.q.trim()) throw new Error('q must be a non-empty string');
      const a = answerQuestion(index, j.q);
      process.stdout.write(JSON.stringify({ id, answer: a.answer, citations: a.citations.map((c) => ({ doc: c.doc, heading: c.heading, quote: c.quote })), refused: a.refused, escalate: a.escalate }) + '\n');
    } catch (e) {
      process.stderr.write(`line ${n}: ${(e as Error).message}\n`);
      process.stdout.write(JSON.stringify({ id, answer: '', citations: [], refused: false, escalate: false, error: (e as Error).message }) + '\n');
    }
  }
}

await main(process.argv.slice(2));
