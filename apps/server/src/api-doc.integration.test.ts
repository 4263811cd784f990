/** docs/api.md is generated from the route schemas; this fails when a route changed and the doc did not. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderApiMarkdown, type OpenApiDoc } from './lib/api-doc.ts';
import { REPO_ROOT } from './paths.ts';
import { openTestApp, type TestApp } from './testing/harness.ts';

describe('docs/api.md', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('pglite', { seed: false });
  });
  afterAll(async () => t?.close());

  it('lists every operation of the OpenAPI document (run `npm run docs:api` after changing routes)', () => {
    const doc = t.app.swagger() as unknown as OpenApiDoc;
    const written = readFileSync(join(REPO_ROOT, 'docs/api.md'), 'utf8');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const m of Object.keys(ops)) {
        expect(written, `${m.toUpperCase()} ${path}`).toContain(`| ${m.toUpperCase()} | \`${path.replace(/\{(\w+)\}/g, ':$1')}\` |`);
      }
    }
    expect(written).toBe(renderApiMarkdown(doc));
  });
});

describe('renderApiMarkdown', () => {
  it('groups by tag and writes body fields, query names, answers and auth', () => {
    const md = renderApiMarkdown({
      info: { title: 'x', version: '1' },
      paths: {
        '/api/things/{id}': {
          post: {
            tags: ['things'], description: 'Make a | thing',
            requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['a'], properties: { a: { type: 'string', format: 'uuid' }, b: { enum: ['x', 'y'] } } } } } },
            parameters: [{ name: 'dry', in: 'query' }], responses: { 201: {}, 400: {} },
          },
        },
        '/health': { get: { security: [], responses: { 200: {} } } },
      },
    });
    expect(md).toContain('## things');
    expect(md).toContain('| POST | `/api/things/:id` | body {a: string (uuid), b?: "x"\\|"y"}; query: dry? | 201, 400 | session | Make a \\| thing |');
    expect(md).toContain('## other');
    expect(md).toContain('| GET | `/health` |  | 200 | none |  |');
  });
});
