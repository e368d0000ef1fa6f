/**
 * Which files of the workspace to look at: globs (workspace-relative, `!glob` excludes), found by
 * walking the workspace without ever following a symbolic link, so nothing outside it is read.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { Minimatch } from 'minimatch';
import { RelocationError } from '../../errors.js';

/** What image references usually live in: manifests, charts, Dockerfiles, compose, IaC and pipelines. */
export const DEFAULT_REWRITE_PATTERNS: readonly string[] = [
  '**/*.yaml',
  '**/*.yml',
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile',
  '**/*.bicep',
  '**/*.bicepparam',
  '**/*.tf',
  '**/*.tfvars',
];

/** Folders that hold no sources of the repository's own. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '.terraform']);
/** A walk this large is a mistake (a home directory as the workspace), not a repository. */
const MAX_ENTRIES = 200_000;

export interface Selection {
  /** Workspace-relative paths with `/` separators, sorted. */
  files: string[];
  /** Paths that matched but are not read, with why. */
  skipped: Array<{ path: string; reason: string }>;
}

interface Matchers {
  include: Minimatch[];
  exclude: Minimatch[];
}

function compile(patterns: readonly string[], label: string): Matchers {
  const matchers: Matchers = { include: [], exclude: [] };
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/\\/g, '/').replace(/^\.\//, '');
    if (isAbsolute(pattern) || /^[A-Za-z]:/.test(pattern) || pattern.split('/').includes('..')) {
      throw new RelocationError(
        'INPUT_INVALID',
        `${label} "${raw}" points outside the workspace.`,
        'Give globs relative to the workspace, for example deploy/**/*.yaml.',
      );
    }
    (negated ? matchers.exclude : matchers.include).push(new Minimatch(pattern, { dot: true, nonegate: true }));
  }
  return matchers;
}

function selected(matchers: Matchers, path: string): boolean {
  return matchers.include.some((m) => m.match(path)) && !matchers.exclude.some((m) => m.match(path));
}

/** Files of the workspace that the patterns select (defaults when none are given). */
export async function selectFiles(workspace: string, patterns: readonly string[], label: string): Promise<Selection> {
  const matchers = compile(patterns.length > 0 ? patterns : DEFAULT_REWRITE_PATTERNS, label);
  const selection: Selection = { files: [], skipped: [] };
  let visited = 0;
  const walk = async (folder: string, relative: string): Promise<void> => {
    const entries: Dirent[] = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      visited += 1;
      if (visited > MAX_ENTRIES) {
        throw new RelocationError(
          'INPUT_INVALID',
          `The workspace has more than ${MAX_ENTRIES} entries to walk.`,
          'Run in the repository checkout, or narrow the search with more specific rewrite-paths.',
        );
      }
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        if (selected(matchers, path)) selection.skipped.push({ path, reason: 'symbolic link: not followed' });
      } else if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(join(folder, entry.name), path);
      } else if (entry.isFile() && selected(matchers, path)) {
        selection.files.push(path);
      }
    }
  };
  await walk(workspace, '');
  return selection;
}
