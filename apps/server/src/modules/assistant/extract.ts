/**
 * Text extraction for uploaded documents, through @yte/doctext (shared with the assistant CLI):
 * Markdown, HTML and plain text must be valid UTF-8 without NUL bytes; PDF and DOCX go through
 * maintained parsers. Anything unreadable is refused with the reason, before anything is stored.
 */
import { DocTextError, docFormatOf, extractText } from '@yte/doctext';
import { badInput } from '../../lib/errors.ts';
import type { StoredFormat } from './assistant.repo.ts';

export interface Extracted {
  format: StoredFormat;
  /** Text in the chunker's input format: Markdown for markdown, HTML for html and docx, text for text and pdf. */
  content: string;
}

export const formatOfFile = (fileName: string): StoredFormat | null => docFormatOf(fileName);

export async function extractDocument(fileName: string, bytes: Uint8Array): Promise<Extracted> {
  try {
    const ex = await extractText(fileName, bytes);
    return { format: ex.format, content: ex.content };
  } catch (e) {
    if (e instanceof DocTextError) throw badInput(e.code, e.reason, e.reasonVi, e.code === 'UNSUPPORTED_FORMAT' ? 'fileName' : 'contentBase64');
    throw e;
  }
}
