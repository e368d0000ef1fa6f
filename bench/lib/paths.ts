/**
 * Where things are, whether the bench runs compiled (`npm run bench`: build/bench/**.js) or from
 * the TypeScript sources (the smoke test under jest). Child processes are started the same way in
 * both cases: compiled scripts from build/, sources through the tests' TypeScript loader.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** True under build/ (compiled JavaScript), false when the .ts sources run directly. */
export const COMPILED = here.endsWith('.js');

/** The repository's root directory. */
export const REPO_ROOT = resolve(dirname(here), COMPILED ? '../../..' : '../..');

/** The TypeScript loader for child processes under jest (transpiles .ts on load, cached; no build needed). */
const TS_REGISTER = join(REPO_ROOT, '__tests__/bench/support/ts-register.mjs');

/**
 * Node arguments that run one of the project's modules, named from the repository root without
 * extension (e.g. `src/entrypoints/cli`, `bench/children/client-copy`).
 */
export function nodeArgsFor(modulePath: string): string[] {
  if (COMPILED) return [join(REPO_ROOT, 'build', `${modulePath}.js`)];
  return ['--import', pathToFileURL(TS_REGISTER).href, join(REPO_ROOT, `${modulePath}.ts`)];
}

/** Where `npm run bench` writes its results. */
export const RESULTS_DIR = join(REPO_ROOT, 'bench');
