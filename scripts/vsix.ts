import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isMainModule, repoRoot } from './metadata/project.js';

const run = promisify(execFile);

/**
 * Package the Azure DevOps extension with tfx-cli (offline: `extension create` only reads files).
 * Returns the path of the .vsix. `npm run vsix` builds the bundles first, then writes into .vsix/.
 */
export async function createVsix(outputDir: string, root = repoRoot()): Promise<string> {
  const tfx = createRequire(join(root, 'package.json')).resolve('tfx-cli/_build/tfx-cli.js');
  mkdirSync(outputDir, { recursive: true });
  const { stdout } = await run(
    process.execPath,
    [
      tfx,
      'extension',
      'create',
      '--root',
      root,
      '--manifest-globs',
      'vss-extension.json',
      '--output-path',
      outputDir,
      '--no-prompt',
      '--json',
    ],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout) as { path?: string };
  if (!result.path) throw new Error(`tfx did not report the .vsix it wrote:\n${stdout}`);
  return result.path;
}

if (isMainModule(import.meta.url)) {
  const root = repoRoot();
  const vsix = await createVsix(join(root, '.vsix'), root);
  console.log(`wrote ${vsix}`);
}
