import { describe, expect, it } from 'vitest';
import { DocTextError, extractText } from './index.ts';
import { makeDocx, makePdf } from './testing.ts';

const fails = async (name: string, bytes: Uint8Array) => {
  try {
    await extractText(name, bytes);
    return 'ok';
  } catch (e) {
    return e instanceof DocTextError ? e.code : String(e);
  }
};

describe('@yte/doctext', () => {
  it('reads the text layer of a PDF written in the test', async () => {
    const ex = await extractText('lab.pdf', makePdf(['Laboratory', 'Blood samples are taken from 6:30 to 10:00 (fasting).']));
    expect(ex.format).toBe('pdf');
    expect(ex.chunkFormat).toBe('text');
    expect(ex.content).toContain('Blood samples are taken from 6:30 to 10:00 (fasting).');
    expect(ex.content.indexOf('Laboratory')).toBeLessThan(ex.content.indexOf('Blood'));
  });

  it('reads a DOCX written in the test, headings and Vietnamese kept', async () => {
    const ex = await extractText('giờ.docx', makeDocx([{ style: 'Heading1', text: 'Khoa Xét nghiệm' }, { text: 'Lấy máu từ 6 giờ 30 đến 10 giờ, nhịn ăn 8 tiếng.' }]));
    expect(ex.chunkFormat).toBe('html');
    expect(ex.content).toBe('<h1>Khoa Xét nghiệm</h1><p>Lấy máu từ 6 giờ 30 đến 10 giờ, nhịn ăn 8 tiếng.</p>');
  });

  it('refuses corrupt and unknown files with the reason', async () => {
    expect(await fails('x.pdf', new TextEncoder().encode('%PDF-1.4 garbage'))).toBe('CORRUPT_FILE');
    expect(await fails('x.docx', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toBe('CORRUPT_FILE');
    expect(await fails('x.pdf', makePdf([]))).toBe('CORRUPT_FILE'); // no text layer
    expect(await fails('x.md', new Uint8Array([0xff, 0xfe, 0x00]))).toBe('CORRUPT_FILE');
    expect(await fails('x.exe', new Uint8Array([1]))).toBe('UNSUPPORTED_FORMAT');
    expect((await extractText('a.md', new TextEncoder().encode('\uFEFF# Giờ khám'))).content).toBe('# Giờ khám');
  });
});
