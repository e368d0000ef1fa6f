import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { COMMANDS } from '../src/core/inputs/types.js';
import { taskName } from '../src/entrypoints/catalog.js';
import { generate } from './generate.js';
import { isMainModule, repoRoot } from './metadata/project.js';

interface NccAsset {
  source: string | Buffer;
  permissions?: number;
}
interface NccResult {
  code: string;
  assets: Record<string, NccAsset>;
}
type Ncc = (entry: string, options: Record<string, unknown>) => Promise<NccResult>;

/** The bundles: where each entry point's single file goes. */
export const BUNDLES = [
  { name: 'github', entry: 'src/entrypoints/github.ts', outDirs: ['dist'] },
  { name: 'cli', entry: 'src/entrypoints/cli.ts', outDirs: ['dist/cli'], executable: true },
  {
    name: 'azure-pipelines',
    entry: 'src/entrypoints/azure-pipelines.ts',
    // One build, copied into every task folder: the task.json beside it tells the bundle its command.
    outDirs: COMMANDS.map((command) => `tasks/${taskName(command)}/dist`),
  },
] as const;

/** The files ncc may write next to a bundle. Anything else (a lazy chunk, a binary) fails the build. */
const EXPECTED_ASSETS = new Set(['package.json', 'licenses.txt']);

const OPEN_STUB =
  'data:text/javascript,export default async function open() { throw new Error("acr-relocate does not open a browser: use a non-interactive sign-in."); }';

const NCC_OPTIONS = {
  cache: false,
  minify: true,
  sourceMap: false,
  license: 'licenses.txt',
  quiet: true,
  target: 'es2022',
  // @azure/identity imports "open" (lazily) only for interactive browser sign-in, which acr-relocate
  // never uses. Bundled, it would add a chunk and a 30 kB xdg-open script to every bundle; left
  // external, ncc turns it into a static import that fails where there is no node_modules. So it
  // is replaced by an inline module (Node imports data: URLs) that explains itself if ever called.
  externals: { open: OPEN_STUB },
};

/** Every bundle folder's path, for cleaning and for the stale-bundle test. */
export function bundleDirs(): string[] {
  return BUNDLES.flatMap((bundle) => [...bundle.outDirs]);
}

/**
 * Where the entry points are compiled to JavaScript before bundling. It is inside the repository so
 * node_modules resolves from it, and always the same folder so the bundles never depend on it.
 */
const COMPILED = 'build/bundle-src';

/**
 * Compile just the entry points and what they import (not the whole project: a type error in an
 * unrelated file must not block packaging; type-checking is `npm run build`'s job). ncc's own
 * TypeScript loader is not used because it compiles each file in isolation, where NodeNext cannot
 * tell that the project is ESM and emits require() calls.
 */
export function compileEntries(root: string): string {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error(`cannot read ${configPath}`);
  const outDir = join(root, COMPILED);
  rmSync(outDir, { recursive: true, force: true });
  const options: ts.CompilerOptions = {
    ...config.options,
    outDir,
    rootDir: root,
    noEmit: false,
    noEmitOnError: false,
    declaration: false,
    sourceMap: false,
    types: ['node'],
  };
  const program = ts.createProgram(
    BUNDLES.map((bundle) => join(root, bundle.entry)),
    options,
  );
  const result = program.emit();
  if (result.emitSkipped) throw new Error('TypeScript emitted nothing for the entry points.');
  return outDir;
}

/**
 * Build every bundle from source into `outRoot` (the repository by default, a temp folder in the
 * stale-bundle test). Returns the written files, relative to outRoot.
 */
export async function buildBundles(outRoot: string, root = repoRoot()): Promise<string[]> {
  const require = createRequire(join(root, 'package.json'));
  const ncc = require('@vercel/ncc') as Ncc;
  const libJson = require.resolve('azure-pipelines-task-lib/lib.json');
  const compiled = compileEntries(root);
  for (const dir of bundleDirs()) rmSync(join(outRoot, dir), { recursive: true, force: true });
  const written: string[] = [];
  for (const bundle of BUNDLES) {
    const entry = join(compiled, bundle.entry.replace(/\.ts$/, '.js'));
    const result = await ncc(entry, NCC_OPTIONS);
    const unexpected = Object.keys(result.assets).filter((name) => !EXPECTED_ASSETS.has(name));
    if (unexpected.length > 0) {
      throw new Error(
        `${bundle.entry}: ncc emitted unexpected files ${unexpected.join(', ')}; bundle them or exclude them.`,
      );
    }
    const code =
      'executable' in bundle && !result.code.startsWith('#!') ? `#!/usr/bin/env node\n${result.code}` : result.code;
    for (const outDir of bundle.outDirs) {
      const dir = join(outRoot, outDir);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'index.js'), code);
      if ('executable' in bundle) chmodSync(join(dir, 'index.js'), 0o755);
      for (const [name, asset] of Object.entries(result.assets)) writeFileSync(join(dir, name), asset.source);
      if (bundle.name === 'azure-pipelines') {
        // task-lib's messages beside the bundle, so no raw LIB_ keys reach a log. The task's own
        // messages come from its task.json one folder up (a copy in dist/ would be a second,
        // invalid task.json to tfx).
        copyFileSync(libJson, join(dir, 'lib.json'));
      }
      written.push(...listFiles(dir).map((file) => relative(outRoot, file)));
    }
  }
  return written.sort();
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

if (isMainModule(import.meta.url)) {
  const root = repoRoot();
  // Metadata first, so task.json copies in the bundles match the generated ones.
  await generate(root);
  const started = Date.now();
  const files = await buildBundles(root, root);
  for (const file of files) console.log(`${String(statSync(join(root, file)).size).padStart(9)}  ${file}`);
  console.log(`built ${BUNDLES.length} bundles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
