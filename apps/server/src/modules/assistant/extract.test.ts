import JSZip from 'jszip';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '@yte/assistant';
import { AppError } from '../../lib/errors.ts';
import { extractDocument } from './extract.ts';

async function makePdf(lines: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48 });
  const chunks: Buffer[] = [];
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const l of lines) doc.text(l);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

async function makeDocx(paragraphs: { style?: string; text: string }[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const body = paragraphs.map((p) => `<w:p>${p.style ? `<w:pPr><w:pStyle w:val="${p.style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${p.text}</w:t></w:r></w:p>`).join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

describe('document extraction', () => {
  it('reads the text layer of a PDF', async () => {
    const pdf = await makePdf(['Pharmacy', '', 'The hospital pharmacy is open 6:30 to 20:00 every day.']);
    const ex = await extractDocument('pharmacy.pdf', pdf);
    expect(ex.format).toBe('pdf');
    expect(ex.content).toContain('open 6:30 to 20:00');
    expect(chunkDocument({ doc: 'p', format: 'text', content: ex.content }).passages.length).toBeGreaterThan(0);
  });

  it('reads a Word document with its headings', async () => {
    const docx = await makeDocx([{ style: 'Heading1', text: 'Giờ thăm bệnh' }, { text: 'Chiều: 16:30 – 19:30' }]);
    const ex = await extractDocument('tham.docx', docx);
    expect(ex.format).toBe('docx');
    const passages = chunkDocument({ doc: 'd', format: 'html', content: ex.content }).passages;
    expect(passages[0]).toMatchObject({ title: 'Giờ thăm bệnh', units: ['Chiều: 16:30 – 19:30'] });
  });

  it.each([
    ['a truncated PDF', 'x.pdf', Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage')],
    ['random bytes as DOCX', 'x.docx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6])],
    ['a Markdown file that is not UTF-8', 'x.md', Buffer.from([0xc3, 0x28, 0xa0, 0xa1])],
  ])('refuses %s as CORRUPT_FILE', async (_n, name, bytes) => {
    expect(await codeOf(extractDocument(name, bytes))).toBe('CORRUPT_FILE');
  });
});
