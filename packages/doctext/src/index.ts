/**
 * @yte/doctext — text extraction from document files (Markdown, HTML, text, PDF, DOCX). Bytes in, text
 * out: no file system or network here; the callers (server upload, assistant CLI) read the files.
 * PDF: pdf.js (Mozilla, legacy build for Node), text layer only; DOCX: mammoth → HTML (headings, lists
 * and tables kept for the chunker). Both are loaded on first use.
 */

export type DocFormat = 'markdown' | 'html' | 'text' | 'pdf' | 'docx';
/** The input formats of @yte/assistant's chunker. */
export type ChunkFormat = 'markdown' | 'html' | 'text';

export interface ExtractedText {
  format: DocFormat;
  /** Text in the chunker's input format: Markdown for markdown, HTML for html and docx, text for text and pdf. */
  content: string;
  chunkFormat: ChunkFormat;
}

export class DocTextError extends Error {
  constructor(readonly code: 'UNSUPPORTED_FORMAT' | 'CORRUPT_FILE', readonly reason: string, readonly reasonVi: string) {
    super(reason);
    this.name = 'DocTextError';
  }
}

const corrupt = (why: string, whyVi: string) => new DocTextError('CORRUPT_FILE', `The file cannot be read: ${why}`, `Không đọc được tệp: ${whyVi}`);

export function docFormatOf(fileName: string): DocFormat | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return ({ md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', txt: 'text', text: 'text', pdf: 'pdf', docx: 'docx' } as const)[ext as 'md'] ?? null;
}

export const chunkFormatOf = (f: DocFormat): ChunkFormat => (f === 'html' || f === 'docx' ? 'html' : f === 'text' || f === 'pdf' ? 'text' : 'markdown');

function utf8Text(bytes: Uint8Array): string {
  let s: string;
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw corrupt('it is not UTF-8 text', 'không phải văn bản UTF-8');
  }
  if (s.includes('\u0000')) throw corrupt('it contains NUL bytes (a binary file?)', 'tệp chứa byte NUL (tệp nhị phân?)');
  return s.replace(/^\uFEFF/, '');
}

export async function extractText(fileName: string, bytes: Uint8Array): Promise<ExtractedText> {
  const format = docFormatOf(fileName);
  if (!format) {
    throw new DocTextError('UNSUPPORTED_FORMAT', 'Upload Markdown (.md), HTML (.html), text (.txt), PDF (.pdf) or Word (.docx)', 'Chỉ nhận tệp Markdown (.md), HTML (.html), văn bản (.txt), PDF (.pdf) hoặc Word (.docx)');
  }
  const content = format === 'pdf' ? await pdfText(bytes) : format === 'docx' ? await docxHtml(bytes) : utf8Text(bytes);
  return { format, content, chunkFormat: chunkFormatOf(format) };
}

async function docxHtml(bytes: Uint8Array): Promise<string> {
  const mammoth = (await import('mammoth')).default;
  try {
    return (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (e) {
    throw corrupt(`not a valid Word document (${(e as Error).message.slice(0, 120)})`, 'không phải tệp Word hợp lệ');
  }
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let text = '';
  try {
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      text += '\n\n';
    }
    await doc.destroy();
  } catch (e) {
    throw corrupt(`not a valid PDF (${(e as Error).message.slice(0, 120)})`, 'không phải tệp PDF hợp lệ');
  }
  if (!text.trim()) throw corrupt('the PDF has no text layer (a scan?)', 'tệp PDF không có lớp chữ (bản scan?)');
  return text;
}
