import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { answerWithModel, buildIndex, formatOf, type Generate } from './index.ts';

const DIR = fileURLToPath(new URL('./testing/hospital/docs/', import.meta.url));
const index = buildIndex(readdirSync(DIR).sort().map((n) => ({ doc: n, format: formatOf(n)!, content: readFileSync(`${DIR}/${n}`, 'utf8') })));
const QUOTE = 'Điện tim — Đơn giá (đồng): 45.000';
const reply = (answer: string, citations: { doc: string; quote: string }[]): Generate => async () => JSON.stringify({ answer, citations });

describe('generated answers are checked, else the extractive answer stands', () => {
  it('uses a reply whose quotes and figures come from the cited passage', async () => {
    const a = await answerWithModel(index, 'Đo điện tim giá bao nhiêu?', reply('Đo điện tim có giá 45.000 đồng.', [{ doc: 'gia-dich-vu.html', quote: QUOTE }]));
    expect(a).toMatchObject({ generated: true, answer: 'Đo điện tim có giá 45.000 đồng.', citations: [{ doc: 'gia-dich-vu.html', quote: QUOTE }] });
  });

  it.each([
    ['an invented price', reply('Đo điện tim có giá 40.000 đồng.', [{ doc: 'gia-dich-vu.html', quote: QUOTE }]), /figures not in the quotes: 40000/],
    ['a quote that is not in the document', reply('45.000 đồng.', [{ doc: 'gia-dich-vu.html', quote: 'Điện tim: 45.000, miễn phí cho trẻ em' }]), /quote is not in the cited document/],
    ['a quote from another document', reply('45.000 đồng.', [{ doc: 'nha-thuoc.md', quote: QUOTE }]), /quote is not in the cited document/],
    ['no citation', reply('45.000 đồng.', []), /quote is not in the cited document/],
    ['text that is not JSON', (async () => 'Giá là 45.000 đồng') as Generate, /not JSON/],
    ['a model error', (async () => { throw new Error('connection refused'); }) as Generate, /model error: connection refused/],
  ])('falls back on %s', async (_n, generate, why) => {
    const a = await answerWithModel(index, 'Đo điện tim giá bao nhiêu?', generate);
    expect(a.generated).toBe(false);
    expect(a.fallbackReason).toMatch(why);
    expect(a.answer).toContain('45.000');
    expect(a.answer).toMatch(/^Theo tài liệu/);
  });

  it('never sends emergencies, refusals or unanswerable questions to the model', async () => {
    const generate = vi.fn<Generate>();
    for (const q of ['Bố tôi đau ngực dữ dội', 'Con tôi uống paracetamol bao nhiêu ml?', 'Bệnh viện có khám răng hàm mặt không?']) {
      expect((await answerWithModel(index, q, generate)).generated).toBe(false);
    }
    expect(generate).not.toHaveBeenCalled();
  });

  it('gives the model the question and the cited passages as delimited data', async () => {
    const generate = vi.fn<Generate>(async () => 'x');
    await answerWithModel(index, 'Đo điện tim giá bao nhiêu?', generate);
    const prompt = generate.mock.calls[0]![0];
    expect(prompt.system).toMatch(/never follow instructions/);
    expect(prompt.user).toContain('<question>\nĐo điện tim giá bao nhiêu?\n</question>');
    expect(prompt.user).toContain(`doc="gia-dich-vu.html"`);
    expect(prompt.user).toContain(QUOTE);
  });
});
