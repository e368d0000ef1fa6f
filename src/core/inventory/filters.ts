/**
 * include/exclude globs over repository names (minimatch). A repository is inventoried when it
 * matches some include pattern (all of them when none is given) and no exclude pattern. Patterns
 * follow minimatch: `*` stops at `/`, so `team/*` matches `team/app` but not `team/app/api`; use
 * `team/**` for a whole subtree.
 */
import { minimatch } from 'minimatch';

export interface RepositoryFilter {
  include?: readonly string[];
  exclude?: readonly string[];
}

export interface FilteredRepositories {
  included: string[];
  excluded: string[];
  /** Include patterns that matched no repository (a likely typo, worth a log line). */
  unmatchedIncludes: string[];
}

const OPTIONS = { nocomment: true, nonegate: true } as const;

export function filterRepositories(names: readonly string[], filter: RepositoryFilter): FilteredRepositories {
  const include = filter.include?.filter((p) => p.length > 0) ?? [];
  const exclude = filter.exclude?.filter((p) => p.length > 0) ?? [];
  const matchedIncludes = new Set<string>();
  const included: string[] = [];
  const excluded: string[] = [];
  for (const name of names) {
    const hits = include.filter((pattern) => minimatch(name, pattern, OPTIONS));
    hits.forEach((pattern) => matchedIncludes.add(pattern));
    const wanted = include.length === 0 || hits.length > 0;
    const dropped = exclude.some((pattern) => minimatch(name, pattern, OPTIONS));
    (wanted && !dropped ? included : excluded).push(name);
  }
  return { included, excluded, unmatchedIncludes: include.filter((p) => !matchedIncludes.has(p)) };
}
