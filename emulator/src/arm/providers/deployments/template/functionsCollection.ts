/** ARM template logical, comparison, numeric, array and object functions. */
import { TemplateError, deepEqual, findKey, isObject, type JsonObject, type JsonValue } from './values.js';
import { arity, arr, bool, int, str, unsupportedArgument, type TemplateFunction } from './functionTypes.js';

function compare(name: string, a: JsonValue | undefined, b: JsonValue | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError(
    `The template language function '${name}' expects two parameters of the same type, both integers or both strings.`,
  );
}

function containsValue(list: JsonValue[], item: JsonValue): boolean {
  return list.some((existing) => deepEqual(existing, item));
}

export const LOGIC_FUNCTIONS: Record<string, TemplateFunction> = {
  equals: (args, _ctx, name) => {
    arity(name, args, 2);
    return deepEqual(args[0] as JsonValue, args[1] as JsonValue);
  },
  not: (args, _ctx, name) => {
    arity(name, args, 1);
    return !bool(name, args[0]);
  },
  and: (args, _ctx, name) => {
    arity(name, args, 2, Infinity);
    return args.map((arg) => bool(name, arg)).every(Boolean);
  },
  or: (args, _ctx, name) => {
    arity(name, args, 2, Infinity);
    return args.map((arg) => bool(name, arg)).some(Boolean);
  },
  bool: (args, _ctx, name) => {
    arity(name, args, 1);
    const value = args[0];
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    throw new TemplateError(
      `The template language function 'bool' cannot convert the value '${JSON.stringify(value)}' to a boolean.`,
    );
  },
  true: (args, _ctx, name) => (arity(name, args, 0), true),
  false: (args, _ctx, name) => (arity(name, args, 0), false),
  null: (args, _ctx, name) => (arity(name, args, 0), null),
  coalesce: (args, _ctx, name) => {
    arity(name, args, 1, Infinity);
    return args.find((arg) => arg !== null) ?? null;
  },
  greater: (args, _ctx, name) => (arity(name, args, 2), compare(name, args[0], args[1]) > 0),
  greaterorequals: (args, _ctx, name) => (arity(name, args, 2), compare(name, args[0], args[1]) >= 0),
  less: (args, _ctx, name) => (arity(name, args, 2), compare(name, args[0], args[1]) < 0),
  lessorequals: (args, _ctx, name) => (arity(name, args, 2), compare(name, args[0], args[1]) <= 0),
};

export const NUMERIC_FUNCTIONS: Record<string, TemplateFunction> = {
  int: (args, _ctx, name) => {
    arity(name, args, 1);
    const value = args[0];
    if (typeof value === 'number') return Math.trunc(value);
    if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
    throw new TemplateError(
      `The template language function 'int' cannot convert the value '${JSON.stringify(value)}' to an integer.`,
    );
  },
  add: (args, _ctx, name) => (arity(name, args, 2), int(name, args[0]) + int(name, args[1])),
  sub: (args, _ctx, name) => (arity(name, args, 2), int(name, args[0]) - int(name, args[1])),
  mul: (args, _ctx, name) => (arity(name, args, 2), int(name, args[0]) * int(name, args[1])),
  div: (args, _ctx, name) => {
    arity(name, args, 2);
    const divisor = int(name, args[1]);
    if (divisor === 0) throw new TemplateError("The template language function 'div' cannot divide by zero.");
    return Math.trunc(int(name, args[0]) / divisor);
  },
  mod: (args, _ctx, name) => {
    arity(name, args, 2);
    const divisor = int(name, args[1]);
    if (divisor === 0) throw new TemplateError("The template language function 'mod' cannot divide by zero.");
    return int(name, args[0]) % divisor;
  },
  min: (args, _ctx, name) => (arity(name, args, 1, Infinity), Math.min(...numbers(name, args))),
  max: (args, _ctx, name) => (arity(name, args, 1, Infinity), Math.max(...numbers(name, args))),
  range: (args, _ctx, name) => {
    arity(name, args, 2);
    const start = int(name, args[0]);
    const count = int(name, args[1]);
    if (count < 0 || count > 10000)
      throw new TemplateError(
        `The template language function 'range' expects a count between 0 and 10000, not '${count}'.`,
      );
    return Array.from({ length: count }, (_, i) => start + i);
  },
};

function numbers(name: string, args: JsonValue[]): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  return list.map((value) => int(name, value));
}

export const COLLECTION_FUNCTIONS: Record<string, TemplateFunction> = {
  empty: (args, _ctx, name) => {
    arity(name, args, 1);
    const value = args[0];
    if (value === null || value === '') return true;
    if (Array.isArray(value)) return value.length === 0;
    if (isObject(value)) return Object.keys(value).length === 0;
    if (typeof value === 'string') return false;
    throw unsupportedArgument(name, value as JsonValue);
  },
  length: (args, _ctx, name) => {
    arity(name, args, 1);
    const value = args[0] as JsonValue;
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    if (isObject(value)) return Object.keys(value).length;
    throw new TemplateError(
      `The template language function 'length' expects its parameter to be an array, an object, or a string. The provided value is of type '${value === null ? 'Null' : typeof value === 'number' ? 'Integer' : 'Boolean'}'.`,
    );
  },
  union: (args, _ctx, name) => {
    arity(name, args, 1, Infinity);
    if (args.every(Array.isArray)) {
      const out: JsonValue[] = [];
      for (const item of (args as JsonValue[][]).flat(1)) if (!containsValue(out, item)) out.push(item);
      return out;
    }
    if (args.every(isObject)) return Object.assign({}, ...(args as JsonObject[])) as JsonObject;
    throw new TemplateError(
      "The template language function 'union' expects all its parameters to be arrays or all to be objects.",
    );
  },
  intersection: (args, _ctx, name) => {
    arity(name, args, 2, Infinity);
    if (args.every(Array.isArray)) {
      const [first, ...rest] = args as JsonValue[][];
      return (first ?? []).filter(
        (item, i, all) =>
          rest.every((other) => containsValue(other, item)) && all.findIndex((x) => deepEqual(x, item)) === i,
      );
    }
    if (args.every(isObject)) {
      const [first, ...rest] = args as JsonObject[];
      return Object.fromEntries(
        Object.entries(first ?? {}).filter(([key, value]) =>
          rest.every((other) => key in other && deepEqual(other[key] as JsonValue, value)),
        ),
      );
    }
    throw new TemplateError(
      "The template language function 'intersection' expects all its parameters to be arrays or all to be objects.",
    );
  },
  contains: (args, _ctx, name) => {
    arity(name, args, 2);
    const [container, item] = args as [JsonValue, JsonValue];
    if (typeof container === 'string')
      return container.includes(typeof item === 'string' ? item : JSON.stringify(item));
    if (Array.isArray(container)) return containsValue(container, item);
    if (isObject(container)) return findKey(container, str(name, item)) !== undefined;
    throw unsupportedArgument(name, container);
  },
  first: (args, _ctx, name) => {
    arity(name, args, 1);
    const value = args[0] as JsonValue;
    if (typeof value === 'string') return value.slice(0, 1);
    return arr(name, value)[0] ?? null;
  },
  last: (args, _ctx, name) => {
    arity(name, args, 1);
    const value = args[0] as JsonValue;
    if (typeof value === 'string') return value.slice(-1);
    const list = arr(name, value);
    return list[list.length - 1] ?? null;
  },
  take: (args, _ctx, name) => {
    arity(name, args, 2);
    const count = Math.max(0, int(name, args[1]));
    const value = args[0] as JsonValue;
    return typeof value === 'string' ? value.slice(0, count) : arr(name, value).slice(0, count);
  },
  skip: (args, _ctx, name) => {
    arity(name, args, 2);
    const count = Math.max(0, int(name, args[1]));
    const value = args[0] as JsonValue;
    return typeof value === 'string' ? value.slice(count) : arr(name, value).slice(count);
  },
  createarray: (args) => [...args],
  array: (args, _ctx, name) => {
    arity(name, args, 1);
    return Array.isArray(args[0]) ? args[0] : [args[0] as JsonValue];
  },
  createobject: (args, _ctx, name) => {
    if (args.length % 2 !== 0)
      throw new TemplateError(
        `The template language function '${name}' must have an even number of parameters (key, value pairs).`,
      );
    const out: JsonObject = {};
    for (let i = 0; i < args.length; i += 2) out[str(name, args[i])] = args[i + 1] as JsonValue;
    return out;
  },
  json: (args, _ctx, name) => {
    arity(name, args, 1);
    try {
      return JSON.parse(str(name, args[0])) as JsonValue;
    } catch {
      throw new TemplateError(
        `The template language function 'json' expects its parameter to be a valid JSON string. The provided value is '${String(args[0])}'.`,
      );
    }
  },
};
