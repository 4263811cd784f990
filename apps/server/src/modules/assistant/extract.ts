/**
 * Text extraction for uploaded documents. Markdown, HTML and plain text must be valid UTF-8 without
 * NUL bytes; PDF and DOCX go through maintained parsers. Anything unreadable is refused with the
 * reason, before anything is stored.
 */
import { badInput } from '../../lib/errors.ts';
import type { StoredFormat } from './assistant.repo.ts';

export interface Extracted {
  format: StoredFormat;
  /** Text in the chunker's input format: Markdown for markdown, HTML for html and docx, text for text and pdf. */
  content: string;
}

const corrupt = (why: string, whyVi: string) => badInput('CORRUPT_FILE', `The file cannot be read: ${why}`, `Không đọc được tệp: ${whyVi}`, 'contentBase64');

export function formatOfFile(fileName: string): StoredFormat | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return ({ md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', txt: 'text', text: 'text', pdf: 'pdf', docx: 'docx' } as const)[ext as 'md'] ?? null;
}

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

export async function extractDocument(fileName: string, bytes: Uint8Array): Promise<Extracted> {
  const format = formatOfFile(fileName);
  if (!format) {
    throw badInput('UNSUPPORTED_FORMAT', 'Upload Markdown (.md), HTML (.html), text (.txt), PDF (.pdf) or Word (.docx)', 'Chỉ nhận tệp Markdown (.md), HTML (.html), văn bản (.txt), PDF (.pdf) hoặc Word (.docx)', 'fileName');
  }
  if (format === 'pdf' || format === 'docx') return extractBinary(format, bytes);
  return { format, content: utf8Text(bytes) };
}

// PDF: pdf.js (Mozilla, the legacy build for Node), text only; DOCX: mammoth → HTML (headings,
// lists and tables kept for the chunker). Both are loaded on first use, not at server start.
async function extractBinary(format: 'pdf' | 'docx', bytes: Uint8Array): Promise<Extracted> {
  if (format === 'docx') {
    const mammoth = (await import('mammoth')).default;
    let html: string;
    try {
      html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
    } catch (e) {
      throw corrupt(`not a valid Word document (${(e as Error).message.slice(0, 120)})`, 'không phải tệp Word hợp lệ');
    }
    return { format, content: html };
  }
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
  return { format, content: text };
}
