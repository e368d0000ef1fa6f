/**
 * Values of the ARM template language (JSON values), ARM's names for their types, the error every
 * template problem raises (code InvalidTemplate, ARM's wording), and DEFERRED: the value of an
 * expression that cannot be known yet (reference() to a resource that is not deployed, during
 * validation and what-if). Anything computed from DEFERRED is DEFERRED.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A value known only once resources are deployed. */
export const DEFERRED: unique symbol = Symbol('deferred');
export type Deferred = typeof DEFERRED;
export type Value = JsonValue | Deferred;

export function isDeferred(value: unknown): value is Deferred {
  return value === DEFERRED;
}

/** True when `value` or anything inside it is DEFERRED. */
export function containsDeferred(value: unknown): boolean {
  if (value === DEFERRED) return true;
  if (Array.isArray(value)) return value.some(containsDeferred);
  if (isObject(value)) return Object.values(value).some(containsDeferred);
  return false;
}

/**
 * A template or expression problem. `message` is the inner text ARM puts between quotes in
 * "Deployment template validation failed: '…'." (see validationMessage).
 */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly code = 'InvalidTemplate',
  ) {
    super(message);
  }
}

export function validationMessage(inner: string): string {
  return `Deployment template validation failed: '${inner}'.`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ARM's type names as they appear in its messages and in deployment parameters/outputs. */
export function typeName(value: Value): string {
  if (value === DEFERRED) return 'Deferred';
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return Number.isInteger(value) ? 'Integer' : 'Float';
    case 'boolean':
      return 'Boolean';
    default:
      return 'Object';
  }
}

/** ARM property lookup: exact key first, then case-insensitive (JToken semantics). */
export function findKey(object: JsonObject, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

export function property(object: Value, name: string): Value {
  if (object === DEFERRED) return DEFERRED;
  if (!isObject(object)) {
    throw new TemplateError(
      `The language expression property '${name}' can't be evaluated, property name must be a string.`,
    );
  }
  const key = findKey(object, name);
  if (key === undefined) {
    throw new TemplateError(
      `The language expression property '${name}' doesn't exist, available properties are '${Object.keys(object).join(', ')}'.`,
    );
  }
  return object[key] as JsonValue;
}

export function index(target: Value, at: Value): Value {
  if (target === DEFERRED || at === DEFERRED) return DEFERRED;
  if (Array.isArray(target)) {
    if (typeof at !== 'number' || !Number.isInteger(at)) {
      throw new TemplateError(
        `The language expression property array index '${String(at)}' is not valid: it must be an integer.`,
      );
    }
    if (at < 0 || at >= target.length)
      throw new TemplateError(`The language expression property array index '${at}' is out of bounds.`);
    return target[at] as JsonValue;
  }
  if (typeof at === 'string') return property(target, at);
  throw new TemplateError(
    `The language expression property '${String(at)}' can't be evaluated, property name must be a string.`,
  );
}

/** Deep equality of JSON values (object keys compared as written). */
export function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i] as JsonValue));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => key in b && deepEqual(a[key] as JsonValue, b[key] as JsonValue))
    );
  }
  return false;
}

/** The text ARM's string() gives a value: strings as they are, everything else as compact JSON. */
export function stringify(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
