/** The one I/O edge of @yte/training: reads a content folder into the path → text map that parseContent takes. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseContent, type ParseResult } from '../src/content.ts';

/** content/training at the repository root. */
export const DEFAULT_CONTENT_DIR = resolve(import.meta.dirname, '../../../content/training');
const TEXT = /\.(md|ya?ml|svg|txt)$/i;

export function readContentFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split(sep).join('/'), TEXT.test(name) ? readFileSync(p, 'utf8') : '');
    }
  };
  walk(dir);
  return out;
}

export function loadContentDir(dir: string = DEFAULT_CONTENT_DIR): ParseResult {
  return parseContent(readContentFiles(dir));
}
