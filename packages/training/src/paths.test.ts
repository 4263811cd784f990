import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR, loadContentDir } from '../node/read.ts';
import { parseMarkdown } from './markdown.ts';
import { pathFor, progressOf, trainingRoles } from './paths.ts';

const content = loadContentDir(DEFAULT_CONTENT_DIR).content!;

describe('role paths', () => {
  it('maps yte account roles to training roles', () => {
    expect(trainingRoles(['station_staff'], content.curriculum)).toEqual(['station_staff']);
    expect(trainingRoles(['facility_admin', 'governance_officer'], content.curriculum).sort()).toEqual(['administrator', 'manager']);
    expect(trainingRoles(['unknown'], content.curriculum)).toEqual([]);
  });
  it('a radiologist must do the CXR exercise; a station worker must do NEWS2, growth screening and privacy; required post-tests follow required lessons', () => {
    const rad = pathFor(['radiologist'], content);
    expect(rad.find((i) => i.id === 'ex-cxr-reading')).toMatchObject({ required: true });
    const st = pathFor(['station_staff'], content);
    expect(st.filter((i) => i.kind === 'exercise' && i.required).map((i) => i.id).sort()).toEqual(['ex-growth-screening', 'ex-news2-deterioration', 'ex-privacy-breach']);
    expect(st.find((i) => i.id === 'm1-intro:post')).toMatchObject({ required: true });
    expect(st.find((i) => i.id === 'm3-prompting:post')).toMatchObject({ required: false });
    expect(st.some((i) => i.id === 'm5-staying-ahead:post')).toBe(false);
  });
  it('the union of two roles keeps an item required if either role requires it', () => {
    const both = pathFor(['nurse', 'radiologist'], content);
    expect(both.find((i) => i.id === 'ex-cxr-reading')!.required).toBe(true);
    expect(both.find((i) => i.id === 'ex-news2-deterioration')!.required).toBe(true);
  });
  it('progress counts required items only toward completion', () => {
    const items = pathFor(['nurse'], content);
    const req = items.filter((i) => i.required);
    expect(progressOf(items, new Set())).toMatchObject({ requiredDone: 0, percent: 0, complete: false });
    const almost = new Set(req.slice(1).map((i) => i.id));
    expect(progressOf(items, almost).complete).toBe(false);
    expect(progressOf(items, new Set([...almost, req[0]!.id]))).toMatchObject({ percent: 100, complete: true });
  });
});

describe('lesson Markdown', () => {
  it('reads headings, tables, lists, quotes, images and inline marks as a tree', () => {
    const b = parseMarkdown('# T\n\nSome **bold** and [a link](x.md).\n\n| a | b |\n|---|---|\n| 1 | **2** |\n\n- one\n  more\n- two\n\n> note\n\n![fig](f.svg)\n');
    expect(b.map((x) => x.t)).toEqual(['heading', 'paragraph', 'table', 'list', 'quote', 'image']);
    expect(b[1]).toEqual({ t: 'paragraph', c: [{ t: 'text', v: 'Some ' }, { t: 'strong', c: [{ t: 'text', v: 'bold' }] }, { t: 'text', v: ' and ' }, { t: 'link', href: 'x.md', c: [{ t: 'text', v: 'a link' }] }, { t: 'text', v: '.' }] });
    expect(b[3]).toMatchObject({ t: 'list', ordered: false, items: [[{ t: 'text', v: 'one more' }], [{ t: 'text', v: 'two' }]] });
    expect(b[2]).toMatchObject({ t: 'table', rows: [[[{ t: 'text', v: '1' }], [{ t: 'strong' }]]] });
  });
  it('never yields raw HTML: tags stay text', () => {
    expect(parseMarkdown('<script>x</script>')).toEqual([{ t: 'paragraph', c: [{ t: 'text', v: '<script>x</script>' }] }]);
  });
});
