// The CLI (an edge: it reads files) indexes PDF and DOCX through @yte/doctext, like the server's upload.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDocx, makePdf } from '@yte/doctext/testing';

const BIN = join(import.meta.dirname, '../bin/yte-assistant.mjs');
const dir = mkdtempSync(join(tmpdir(), 'yte-assistant-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('yte-assistant ask --docs DIR with PDF and DOCX', () => {
  mkdirSync(join(dir, 'lab'));
  writeFileSync(join(dir, 'lab/sampling.pdf'), makePdf(['Laboratory sampling', 'Blood samples are taken from 6:30 to 10:00 on weekdays, at counter 5 of Building A.']));
  writeFileSync(join(dir, 'pharmacy.docx'), makeDocx([
    { style: 'Heading1', text: 'Nhà thuốc bệnh viện' },
    { style: 'Heading2', text: 'Giờ mở cửa' },
    { text: 'Nhà thuốc bệnh viện mở cửa từ 6 giờ đến 21 giờ hằng ngày, ở tầng 1 nhà B.' },
  ]));
  writeFileSync(join(dir, 'visiting.md'), '# Giờ thăm bệnh\n\nNgười nhà được thăm bệnh từ 16 giờ đến 19 giờ hằng ngày.\n');
  writeFileSync(join(dir, 'broken.pdf'), '%PDF-1.4 not really');
  writeFileSync(join(dir, 'broken.docx'), 'PK not a zip');

  const questions = [
    { id: 'pdf', q: 'What time are blood samples taken?' },
    { id: 'docx', q: 'nha thuoc mo cua may gio?' },
    { id: 'md', q: 'Giờ thăm bệnh là mấy giờ?' },
  ];
  const res = spawnSync(process.execPath, [BIN, 'ask', '--jsonl', '--docs', dir], { input: questions.map((q) => JSON.stringify(q)).join('\n') + '\n', encoding: 'utf8', timeout: 60_000 });
  const out = Object.fromEntries(res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; answer: string; citations: { doc: string; quote: string }[] }).map((a) => [a.id, a]));

  it('answers from a PDF and a DOCX, citing them by path with exact quotes', () => {
    expect(res.status, res.stderr).toBe(0);
    expect(out.pdf!.citations[0]!.doc).toBe('lab/sampling.pdf');
    expect(out.pdf!.citations[0]!.quote).toContain('6:30 to 10:00');
    expect(out.docx!.citations[0]!.doc).toBe('pharmacy.docx');
    expect(out.docx!.citations[0]!.quote).toContain('6 giờ đến 21 giờ');
    expect(out.md!.citations[0]!.doc).toBe('visiting.md');
  });

  it('skips an unreadable PDF or DOCX with the reason, indexing nothing of it', () => {
    expect(res.stderr).toMatch(/skipped broken\.pdf: The file cannot be read: not a valid PDF/);
    expect(res.stderr).toMatch(/skipped broken\.docx: The file cannot be read: not a valid Word document/);
    expect(JSON.stringify(out)).not.toContain('broken');
  });
});
