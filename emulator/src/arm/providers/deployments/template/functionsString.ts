/** ARM template string functions (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string). */
import { TemplateError, stringify, type JsonValue } from './values.js';
import { arity, int, str, unsupportedArgument, type TemplateFunction } from './functionTypes.js';
import { templateGuid, uniqueString } from './hash.js';

export const STRING_FUNCTIONS: Record<string, TemplateFunction> = {
  concat: (args, _ctx, name) => {
    arity(name, args, 1, Infinity);
    if (args.every(Array.isArray)) return (args as JsonValue[][]).flat(1);
    return args
      .map((arg) => {
        if (Array.isArray(arg) || (typeof arg === 'object' && arg !== null)) throw unsupportedArgument(name, arg);
        return arg === null ? '' : String(arg);
      })
      .join('');
  },
  format: (args, _ctx, name) => {
    arity(name, args, 1, Infinity);
    return format(str(name, args[0]), args.slice(1));
  },
  tolower: (args, _ctx, name) => {
    arity(name, args, 1);
    return str(name, args[0]).toLowerCase();
  },
  toupper: (args, _ctx, name) => {
    arity(name, args, 1);
    return str(name, args[0]).toUpperCase();
  },
  string: (args, _ctx, name) => {
    arity(name, args, 1);
    return stringify(args[0] as JsonValue);
  },
  substring: (args, _ctx, name) => {
    arity(name, args, 1, 3);
    const text = str(name, args[0]);
    const start = args.length > 1 ? int(name, args[1]) : 0;
    const length = args.length > 2 ? int(name, args[2]) : text.length - start;
    if (start < 0 || start > text.length || length < 0 || start + length > text.length) {
      throw new TemplateError(
        `The index and length parameters must refer to a location within the string. The index parameter: '${start}', the length parameter: '${length}', the length of the string parameter: '${text.length}'. Please see https://aka.ms/arm-template-functions/#substring for usage details.`,
      );
    }
    return text.substring(start, start + length);
  },
  replace: (args, _ctx, name) => {
    arity(name, args, 3);
    return str(name, args[0]).split(str(name, args[1])).join(str(name, args[2]));
  },
  split: (args, _ctx, name) => {
    arity(name, args, 2);
    const text = str(name, args[0]);
    const delimiters = Array.isArray(args[1]) ? args[1].map((d) => str(name, d)) : [str(name, args[1])];
    return delimiters.reduce<string[]>((parts, delimiter) => parts.flatMap((part) => part.split(delimiter)), [text]);
  },
  trim: (args, _ctx, name) => {
    arity(name, args, 1);
    return str(name, args[0]).trim();
  },
  startswith: (args, _ctx, name) => {
    arity(name, args, 2);
    return str(name, args[0]).toLowerCase().startsWith(str(name, args[1]).toLowerCase());
  },
  endswith: (args, _ctx, name) => {
    arity(name, args, 2);
    return str(name, args[0]).toLowerCase().endsWith(str(name, args[1]).toLowerCase());
  },
  indexof: (args, _ctx, name) => {
    arity(name, args, 2);
    return str(name, args[0]).toLowerCase().indexOf(str(name, args[1]).toLowerCase());
  },
  lastindexof: (args, _ctx, name) => {
    arity(name, args, 2);
    return str(name, args[0]).toLowerCase().lastIndexOf(str(name, args[1]).toLowerCase());
  },
  padleft: (args, _ctx, name) => {
    arity(name, args, 2, 3);
    const value = args[0];
    const text = typeof value === 'number' ? String(value) : str(name, value);
    const pad = args.length > 2 ? str(name, args[2]) : ' ';
    if (pad.length !== 1)
      throw new TemplateError(
        `The template language function '${name}' expects its third parameter to be a single character.`,
      );
    return text.padStart(int(name, args[1]), pad);
  },
  uniquestring: (args, _ctx, name) => {
    arity(name, args, 1, Infinity);
    return uniqueString(args.map((arg) => str(name, arg)));
  },
  guid: (args, _ctx, name) => {
    arity(name, args, 1, Infinity);
    return templateGuid(args.map((arg) => str(name, arg)));
  },
  base64: (args, _ctx, name) => {
    arity(name, args, 1);
    return Buffer.from(str(name, args[0]), 'utf8').toString('base64');
  },
  base64tostring: (args, _ctx, name) => {
    arity(name, args, 1);
    return Buffer.from(str(name, args[0]), 'base64').toString('utf8');
  },
};

/**
 * .NET composite formatting as format() does it: {index}, {index,alignment}, {index:D<n>} (zero-padded
 * integer), {index:N<n>} (fixed decimals); '{{' and '}}' are literal braces.
 */
export function format(pattern: string, values: readonly JsonValue[]): string {
  return pattern.replace(
    /\{\{|\}\}|\{(\d+)(?:,(-?\d+))?(?::([A-Za-z])(\d*))?\}/g,
    (match, index?: string, align?: string, spec?: string, digits?: string) => {
      if (match === '{{') return '{';
      if (match === '}}') return '}';
      const position = Number(index);
      if (position >= values.length)
        throw new TemplateError(
          `Unable to evaluate template language function 'format': the format '${pattern}' refers to argument ${position}, but only ${values.length} were provided.`,
        );
      const value = values[position] as JsonValue;
      let text = stringify(value);
      if (spec && typeof value === 'number') {
        const width = digits ? Number(digits) : 0;
        if (/d/i.test(spec)) text = String(Math.trunc(value)).padStart(width, '0');
        else if (/n|f/i.test(spec)) text = value.toFixed(digits ? width : 2);
      }
      const alignment = align ? Number(align) : 0;
      return alignment < 0 ? text.padEnd(-alignment) : text.padStart(alignment);
    },
  );
}
