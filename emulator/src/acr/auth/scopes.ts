/**
 * Docker/ACR token scopes: `repository:<name>:<actions>` and `registry:catalog:*`. ACR's
 * repository actions are pull, push, delete, metadata_read and metadata_write (scope maps grant
 * them as content/read, content/write, content/delete, metadata/read, metadata/write).
 */

export type ResourceType = 'repository' | 'registry';

/** One entry of a token's `access` claim (the docker token format). */
export interface AccessEntry {
  type: ResourceType;
  name: string;
  actions: string[];
}

export const REPOSITORY_ACTIONS = ['pull', 'push', 'delete', 'metadata_read', 'metadata_write'] as const;
export type RepositoryAction = (typeof REPOSITORY_ACTIONS)[number];

/** Parses every scope in the (possibly repeated, space-separated) `scope` parameters; ignores junk. */
export function parseScopes(values: readonly string[]): AccessEntry[] {
  const entries: AccessEntry[] = [];
  for (const value of values) {
    for (const scope of value.split(' ')) {
      const entry = parseScope(scope);
      if (entry) entries.push(entry);
    }
  }
  return mergeEntries(entries);
}

function parseScope(scope: string): AccessEntry | undefined {
  // The name may contain ':' only in a registry host prefix, which ACR scopes never carry.
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return undefined;
  const type = scope.slice(0, first);
  if (type !== 'repository' && type !== 'registry') return undefined;
  const name = scope.slice(first + 1, last);
  const actions = scope
    .slice(last + 1)
    .split(',')
    .filter((action) => action !== '');
  return name && actions.length > 0 ? { type, name, actions } : undefined;
}

function mergeEntries(entries: AccessEntry[]): AccessEntry[] {
  const merged = new Map<string, AccessEntry>();
  for (const entry of entries) {
    const key = `${entry.type}:${entry.name}`;
    const existing = merged.get(key);
    if (existing) existing.actions = [...new Set([...existing.actions, ...entry.actions])];
    else merged.set(key, { ...entry, actions: [...new Set(entry.actions)] });
  }
  return [...merged.values()];
}

export function formatScope(entry: AccessEntry): string {
  return `${entry.type}:${entry.name}:${entry.actions.join(',')}`;
}

/**
 * What a principal holding `allowed` actions on a resource gets for `requested` ones: the
 * intersection, where a requested `*` means everything allowed.
 */
export function grantActions(requested: readonly string[], allowed: ReadonlySet<string>): string[] {
  if (requested.includes('*')) return [...allowed];
  return requested.filter((action) => allowed.has(action));
}
