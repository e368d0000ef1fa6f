import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { RelocationError } from '../errors.js';

/** The deepest existing ancestor's real path: symlinks cannot smuggle a path out of the workspace. */
function realOfNearestExisting(path: string): string {
  let current = path;
  for (;;) {
    try {
      return resolve(realpathSync(current), relative(current, path));
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      current = parent;
    }
  }
}

/**
 * Resolve a user-given path against the workspace and refuse anything that leaves it
 * (`..`, an absolute path elsewhere, a symlink pointing out).
 */
export function resolveInsideWorkspace(workspace: string, path: string, label: string): string {
  const root = realOfNearestExisting(resolve(workspace));
  const full = realOfNearestExisting(resolve(workspace, path));
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new RelocationError(
      'INPUT_INVALID',
      `${label} "${path}" is outside the workspace ${root}.`,
      'Give a path inside the workspace (for example relocation/plan.json), so pipelines can pass it on as an artifact.',
    );
  }
  return full;
}
