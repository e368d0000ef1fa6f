/**
 * ARM resource ids: /subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}…]
 * Comparisons are case-insensitive, as in ARM.
 */

export interface ParsedResourceId {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Provider namespace of the last `providers/` segment, e.g. Microsoft.ContainerRegistry. */
  namespace?: string;
  /** Resource type path within the namespace, e.g. registries or registries/replications. */
  resourceType?: string;
  /** Name of the innermost resource when the id names one. */
  name?: string;
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export function parseResourceId(path: string): ParsedResourceId {
  const segments = splitPath(path);
  const result: ParsedResourceId = {};
  let i = 0;
  if (eq(segments[0], 'subscriptions')) {
    result.subscriptionId = segments[1];
    i = 2;
    if (eq(segments[2], 'resourceGroups')) {
      result.resourceGroup = segments[3];
      i = 4;
    }
  }
  const lastProviders = lastIndexOf(segments, 'providers');
  if (lastProviders >= i && segments[lastProviders + 1]) {
    result.namespace = segments[lastProviders + 1];
    const rest = segments.slice(lastProviders + 2);
    const types = rest.filter((_, index) => index % 2 === 0);
    if (types.length > 0) result.resourceType = types.join('/');
    if (rest.length % 2 === 0 && rest.length > 0) result.name = rest[rest.length - 1];
  }
  return result;
}

/** True when `scope` is `id` itself or one of its ancestors. */
export function isAtOrAbove(scope: string, id: string): boolean {
  const s = normalize(scope);
  const target = normalize(id);
  return s === '' || target === s || target.startsWith(`${s}/`);
}

/** Lowercase, no trailing slash: the key ARM ids are compared by. */
export function normalize(id: string): string {
  const trimmed = id.endsWith('/') ? id.slice(0, -1) : id;
  return trimmed.toLowerCase();
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

function eq(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

function lastIndexOf(segments: string[], value: string): number {
  for (let i = segments.length - 1; i >= 0; i--) if (eq(segments[i], value)) return i;
  return -1;
}
