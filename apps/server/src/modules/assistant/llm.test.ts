import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWithModel, buildIndex } from '@yte/assistant';
import { openAiCompatible } from './llm.ts';

const DOC = '# Bảng giá\n\n| Dịch vụ | Giá (đồng) |\n|---|---|\n| Điện tim | 45.000 |\n';
const QUOTE = 'Điện tim — Giá (đồng): 45.000';

describe('OpenAI-compatible model adapter (a stub server on 127.0.0.1)', () => {
  let server: Server;
  let url: string;
  const seen: { body: { model: string; temperature: number; messages: { role: string; content: string }[] }; auth?: string }[] = [];
  let mode: 'good' | 'invented' | 'slow' | 'error' = 'good';
  const read = (req: IncomingMessage) => new Promise<string>((r) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => r(b)); });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      seen.push({ body: JSON.parse(await read(req)), auth: req.headers.authorization });
      if (mode === 'error') return void res.writeHead(503).end();
      if (mode === 'slow') await new Promise((r) => setTimeout(r, 500));
      const answer = mode === 'invented' ? 'Điện tim giá 30.000 đồng.' : 'Đo điện tim giá 45.000 đồng.';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: JSON.stringify({ answer, citations: [{ doc: 'gia.md', quote: QUOTE }] }) } }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const index = buildIndex([{ doc: 'gia.md', format: 'markdown', content: DOC }]);
  const ask = (timeoutMs = 2000) => answerWithModel(index, 'Đo điện tim giá bao nhiêu?', openAiCompatible({ url, model: 'site-model', apiKey: 'k', timeoutMs }));

  it('sends the chat request and uses a checked answer', async () => {
    mode = 'good';
    const a = await ask();
    expect(a).toMatchObject({ generated: true, answer: 'Đo điện tim giá 45.000 đồng.' });
    expect(seen.at(-1)).toMatchObject({ auth: 'Bearer k', body: { model: 'site-model', temperature: 0 } });
    expect(seen.at(-1)!.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it.each([
    ['invented', /figures not in the quotes/],
    ['error', /model error: model server answered 503/],
    ['slow', /model error/],
  ] as const)('falls back to the extractive answer when the model is %s', async (m, why) => {
    mode = m;
    const a = await ask(200);
    expect(a.generated).toBe(false);
    expect(a.fallbackReason).toMatch(why);
    expect(a.answer).toContain('45.000');
  });
});
