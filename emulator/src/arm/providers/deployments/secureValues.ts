/**
 * Keeping secure parameter values (securestring, secureObject) out of what-if's answer. ARM never
 * echoes them: they are not in the deployment's parameters or outputs, and what-if (which compares
 * the real values, so an unchanged secret is no change) shows no secret in `before`, `after` or a
 * property change. ARM tracks secure values through expressions; the emulator recognises them by
 * value instead: a secureObject wherever it appears whole, and every string that is, or contains, a
 * secure string (a secret of fewer than MIN_EMBEDDED characters only where it is the whole string,
 * so that short values such as "push" inside a secureObject do not blank out unrelated text).
 * Such values are replaced by MASK. Public reports differ on what ARM prints instead
 * (arm-template-whatif issues #4, #29, #309, #379): the emulator's choice is a fixed mask, which
 * keeps the shape of the change (a Create or Modify of that path) without the value.
 */
import { isObject, type JsonValue } from './template/values.js';
import type { BoundParameter } from './template/template.js';

export const MASK = '*******';
const MIN_EMBEDDED = 8;

export type Masker = <T>(value: T) => T;

function stringsIn(value: JsonValue, out: Set<string>): void {
  if (typeof value === 'string') {
    if (value !== '') out.add(value);
  } else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (isObject(value)) for (const item of Object.values(value)) stringsIn(item, out);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A function that returns a copy of any JSON value with the deployment's secure values masked. */
export function secureValueMasker(bound: Readonly<Record<string, BoundParameter>>): Masker {
  const secrets = new Set<string>();
  const objects: JsonValue[] = [];
  for (const parameter of Object.values(bound)) {
    if (!parameter.secure) continue;
    stringsIn(parameter.value, secrets);
    const whole = parameter.value;
    if ((isObject(whole) && Object.keys(whole).length > 0) || (Array.isArray(whole) && whole.length > 0))
      objects.push(whole);
  }
  const secret = (text: string) =>
    [...secrets].some((s) => text === s || (s.length >= MIN_EMBEDDED && text.includes(s)));
  const mask = (value: unknown): unknown => {
    if (objects.some((o) => sameJson(o, value))) return MASK;
    if (typeof value === 'string') return secret(value) ? MASK : value;
    if (Array.isArray(value)) return value.map(mask);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
    return value;
  };
  return <T>(value: T): T => (secrets.size === 0 && objects.length === 0 ? value : (mask(value) as T));
}
