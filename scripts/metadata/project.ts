import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder up from this file with acr-relocate's package.json and a
 * tsconfig.json (works from scripts/ and build/scripts/; build/ gets a package.json copy, no tsconfig).
 */
export function repoRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'package.json');
    if (
      existsSync(join(folder, 'tsconfig.json')) &&
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'acr-relocate'
    ) {
      return folder;
    }
    const parent = dirname(folder);
    if (parent === folder)
      throw new Error('acr-relocate package.json not found above ' + fileURLToPath(import.meta.url));
    folder = parent;
  }
}

export interface PackageInfo {
  version: string;
  description: string;
  license: string;
}

export function packageInfo(root = repoRoot()): PackageInfo {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageInfo;
}

/** task.json wants the version as numbers. */
export function taskVersion(version: string): { Major: number; Minor: number; Patch: number } {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version);
  if (!match) throw new Error(`package.json version "${version}" is not major.minor.patch`);
  return { Major: Number(match[1]), Minor: Number(match[2]), Patch: Number(match[3]) };
}

/** Who publishes the extension and authors the action and tasks. */
export const AUTHOR = 'acr-relocate';
export const PUBLISHER = 'acr-relocate';
export const EXTENSION_ID = 'acr-relocate';

/** True when the module with this import.meta.url is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && fileURLToPath(moduleUrl) === resolve(process.argv[1] as string);
}
