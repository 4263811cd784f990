/**
 * `npm run training:check [dir]`: validates the training content and names the file of every problem.
 * Exit 0 when clean, 1 otherwise.
 */
import { resolve } from 'node:path';
import { DEFAULT_CONTENT_DIR, loadContentDir } from '../node/read.ts';

const dir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_CONTENT_DIR;
const { content, issues } = loadContentDir(dir);
if (issues.length > 0) {
  for (const i of issues) console.error(`${i.file}: ${i.message}`);
  console.error(`training:check: ${issues.length} problem(s) in ${dir}`);
  process.exit(1);
}
const c = content!;
const questions = [...c.banks.values()].reduce((n, b) => n + b.length, 0);
console.log(`training:check: ok — ${c.curriculum.modules.length} modules, ${c.lessons.size} lessons (vi+en), ${questions} questions, ${c.exercises.size} exercises, ${Object.keys(c.curriculum.paths).length} role paths`);
