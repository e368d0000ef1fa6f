/**
 * A small structural diff for settings: plain objects are walked key by key, anything else (strings,
 * numbers, arrays) is compared whole. Azure spells the same value in different cases across APIs
 * ("Enabled" / "enabled"), so strings compare case-insensitively.
 */
import type { SettingDifference } from './model.js';

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Rendered for a report cell; long values are cut, since they only have to be recognisable. */
export function render(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlain(a) && isPlain(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return a === b;
}

/** Differences between expected and actual under `resource`, one per differing leaf. */
export function diff(resource: string, expected: unknown, actual: unknown, path = ''): SettingDifference[] {
  if (isPlain(expected) && isPlain(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((key) => diff(resource, expected[key], actual[key], path ? `${path}.${key}` : key));
  }
  if (sameValue(expected, actual)) return [];
  const difference: SettingDifference = { resource, path };
  const wanted = render(expected);
  const found = render(actual);
  if (wanted !== undefined) difference.expected = wanted;
  if (found !== undefined) difference.actual = found;
  return [difference];
}

/** Drop undefined members (recursively) so "absent" and "undefined" read the same. */
export function compact<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
