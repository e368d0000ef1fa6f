import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles } from './metadata/files.js';
import { isMainModule, repoRoot } from './metadata/project.js';

/**
 * `npm run generate`: write action.yml, tasks/<Task>/task.json (+ icon), vss-extension.json,
 * docs/commands.md and the icons from the input table. __tests__/metadata fails when they are stale.
 */
export async function generate(root = repoRoot()): Promise<string[]> {
  const files = await generatedFiles(root);
  for (const file of files) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  return files.map((file) => file.path);
}

if (isMainModule(import.meta.url)) {
  const written = await generate();
  console.log(`generated ${written.length} files:\n  ${written.join('\n  ')}`);
}
