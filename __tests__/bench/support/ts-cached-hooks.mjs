// Module hooks for ./ts-register.mjs: the tests' resolution (`./x.js` -> `./x.ts`), and a load
// that transpiles .ts with the project's TypeScript once per file version, then reads the cache.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { resolve } from '../../core/import/support/ts-hooks.mjs';

const CACHE = join(tmpdir(), 'acr-relocate-bench-ts-cache');
let typescript;

async function transpile(path, source) {
  typescript ??= (await import('typescript')).default;
  return typescript.transpileModule(source, {
    fileName: path,
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      sourceMap: false,
    },
  }).outputText;
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const { size, mtimeMs } = statSync(path);
  const key = createHash('sha256').update(`${path}\0${size}\0${mtimeMs}`).digest('hex');
  const cached = join(CACHE, `${key}.js`);
  let source;
  try {
    source = readFileSync(cached, 'utf8');
  } catch {
    source = await transpile(path, readFileSync(path, 'utf8'));
    mkdirSync(CACHE, { recursive: true });
    const temporary = `${cached}.${process.pid}.tmp`;
    writeFileSync(temporary, source);
    renameSync(temporary, cached);
  }
  return { format: 'module', source, shortCircuit: true };
}
