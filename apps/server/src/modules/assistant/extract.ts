/**
 * Text extraction for uploaded documents. Markdown, HTML and plain text must be valid UTF-8 without
 * NUL bytes; anything unreadable is refused with the reason, before anything is stored.
 */
import { badInput } from '../../lib/errors.ts';
import type { StoredFormat } from './assistant.repo.ts';

export interface Extracted {
  format: StoredFormat;
  /** Text in the chunker's input format: Markdown for markdown, HTML for html, text otherwise. */
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

async function extractBinary(format: 'pdf' | 'docx', _bytes: Uint8Array): Promise<Extracted> {
  throw badInput('UNSUPPORTED_FORMAT', `${format.toUpperCase()} extraction is not available in this build`, `Chưa hỗ trợ đọc tệp ${format.toUpperCase()}`, 'fileName');
}
