/**
 * Compares a response with a spec example by shape: the same property names with the same JSON
 * types, recursively (arrays by their first element; values may differ). Free-form dictionaries
 * (headers, tags, …: `additionalProperties` maps in the spec) are compared as objects only.
 * Same rule as __tests__/emulator/acr/http/spec-examples.test.ts, plus the dictionary exemption and
 * explicitly ignored paths.
 */
const DICTIONARIES = new Set(['headers', 'tags', 'customHeaders', 'userAssignedIdentities']);

type Kind =
  'array' | 'null' | 'string' | 'number' | 'boolean' | 'object' | 'undefined' | 'bigint' | 'symbol' | 'function';

function kindOf(value: unknown): Kind {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** Differences as `path: actual kind ≠ expected kind` lines (empty when the shapes agree). */
export function shapeDifferences(
  actual: unknown,
  expected: unknown,
  where = '$',
  ignore: readonly string[] = [],
): string[] {
  if (ignore.includes(where)) return [];
  const a = kindOf(actual);
  const e = kindOf(expected);
  if (a !== e) return [`${where}: ${a} ≠ ${e}`];
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length > 0) {
    if (actual.length === 0) return [`${where}: empty array ≠ non-empty`];
    return shapeDifferences(actual[0], expected[0], `${where}[0]`, ignore);
  }
  if (e !== 'object' || DICTIONARIES.has(where.split('.').pop() ?? '')) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
    out.push(...shapeDifferences((actual as Record<string, unknown>)[key], value, `${where}.${key}`, ignore));
  }
  return out;
}
