/**
 * Route path templates. `{name}` matches one segment, `{*name}` matches zero or more segments (an ARM
 * scope such as /subscriptions/x/resourceGroups/y, captured with its leading slash). Literal segments
 * compare case-insensitively, as ARM does.
 */
import { splitPath } from './resourceId.js';

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'rest'; name: string };

export interface CompiledTemplate {
  readonly template: string;
  readonly segments: readonly Segment[];
  /** More literal segments = more specific; routes are tried most specific first. */
  readonly specificity: number;
}

export function compileTemplate(template: string): CompiledTemplate {
  const segments: Segment[] = splitPath(template).map((part) => {
    const rest = /^\{\*(\w+)\}$/.exec(part);
    if (rest?.[1]) return { kind: 'rest', name: rest[1] };
    const param = /^\{(\w+)\}$/.exec(part);
    if (param?.[1]) return { kind: 'param', name: param[1] };
    return { kind: 'literal', value: part.toLowerCase() };
  });
  const literals = segments.filter((s) => s.kind === 'literal').length;
  const hasRest = segments.some((s) => s.kind === 'rest');
  return { template, segments, specificity: literals * 2 + (hasRest ? 0 : 1) };
}

/** Parameters of `pathSegments` (already URL-decoded) when the template matches, else undefined. */
export function matchTemplate(
  compiled: CompiledTemplate,
  pathSegments: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  return matchFrom(compiled.segments, 0, pathSegments, 0, params) ? params : undefined;
}

function matchFrom(
  template: readonly Segment[],
  ti: number,
  path: readonly string[],
  pi: number,
  params: Record<string, string>,
): boolean {
  if (ti === template.length) return pi === path.length;
  const segment = template[ti] as Segment;
  if (segment.kind === 'rest') {
    // Try the longest capture first; backtrack until the rest of the template matches.
    for (let end = path.length; end >= pi; end--) {
      params[segment.name] = `/${path.slice(pi, end).join('/')}`;
      if (matchFrom(template, ti + 1, path, end, params)) return true;
    }
    delete params[segment.name];
    return false;
  }
  const value = path[pi];
  if (value === undefined) return false;
  if (segment.kind === 'literal') {
    return value.toLowerCase() === segment.value && matchFrom(template, ti + 1, path, pi + 1, params);
  }
  params[segment.name] = value;
  return matchFrom(template, ti + 1, path, pi + 1, params);
}

/**
 * URL-decoded path segments. An encoded slash splits too: some SDKs (e.g. @azure/arm-locks'
 * createOrUpdateByScope) send a scope as one encoded segment (%2Fsubscriptions%2F…), and ARM reads it
 * as the path it encodes.
 */
export function decodeSegments(path: string): string[] {
  return splitPath(path).flatMap((segment) => {
    try {
      return splitPath(decodeURIComponent(segment));
    } catch {
      return [segment];
    }
  });
}
