import { RelocationError } from '../errors.js';
import type { InputSpec } from './types.js';

/** Parsed values by input type. */
export type InputValue = string | boolean | number | string[] | Record<string, string>;

const TRUE = new Set(['true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);

function contentLines(raw: string): string[] {
  return raw
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function parseList(raw: string): string[] {
  return contentLines(raw)
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function parseMap(raw: string, label: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const line of contentLines(raw)) {
    const arrow = line.indexOf('=>');
    const key = arrow < 0 ? '' : line.slice(0, arrow).trim();
    const value = arrow < 0 ? '' : line.slice(arrow + 2).trim();
    if (!key || !value) {
      throw new RelocationError(
        'INPUT_INVALID',
        `${label}: the line "${line}" is not a "key => value" pair.`,
        'Write one pair per line, for example: /subscriptions/…/subnets/a => /subscriptions/…/subnets/b',
      );
    }
    if (key in map && map[key] !== value) {
      throw new RelocationError(
        'INPUT_INVALID',
        `${label}: "${key}" is mapped twice, to "${map[key]}" and "${value}".`,
        'Keep one line per key.',
      );
    }
    map[key] = value;
  }
  return map;
}

/** Parse one input's text by its spec. `label` is the input's name as this host spells it. */
export function parseInput(spec: InputSpec, raw: string, label: string): InputValue {
  const text = raw.trim();
  switch (spec.type) {
    case 'string':
      if (spec.allowed && !spec.allowed.includes(text)) {
        throw new RelocationError(
          'INPUT_INVALID',
          `${label} is "${text}", which is not an allowed value.`,
          `Use one of: ${spec.allowed.join(', ')}.`,
        );
      }
      return text;
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      throw new RelocationError('INPUT_INVALID', `${label} is "${text}", not a boolean.`, 'Use true or false.');
    }
    case 'integer': {
      const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
      const inRange = (spec.min === undefined || value >= spec.min) && (spec.max === undefined || value <= spec.max);
      if (!Number.isSafeInteger(value) || !inRange) {
        const range = `${spec.min ?? '-∞'}..${spec.max ?? '∞'}`;
        throw new RelocationError(
          'INPUT_INVALID',
          `${label} is "${text}", not a whole number in ${range}.`,
          `Give a whole number in ${range}.`,
        );
      }
      return value;
    }
    case 'list':
      return parseList(text);
    case 'map':
      return parseMap(text, label);
  }
}
