import { RelocationError } from '../../../src/core/errors.js';
import { parseInput, parseList, parseMap } from '../../../src/core/inputs/parse.js';
import type { InputSpec } from '../../../src/core/inputs/types.js';

function spec(overrides: Partial<InputSpec>): InputSpec {
  return { name: 'x', description: 'X.', type: 'string', commands: 'all', ...overrides };
}

function failure(fn: () => unknown): RelocationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RelocationError) return error;
    throw error;
  }
  throw new Error('expected a RelocationError');
}

describe('parseInput', () => {
  it('trims strings and checks allowed values, listing them', () => {
    const env = spec({ allowed: ['AzureCloud', 'AzureChinaCloud'] });
    expect(parseInput(env, '  AzureCloud \n', 'environment')).toBe('AzureCloud');
    const error = failure(() => parseInput(env, 'Mars', 'environment'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('environment is "Mars"');
    expect(error.hint).toBe('Use one of: AzureCloud, AzureChinaCloud.');
  });

  it('reads booleans in any case and refuses anything else', () => {
    const flag = spec({ type: 'boolean' });
    for (const yes of ['true', 'TRUE', 'yes', '1', 'On']) expect(parseInput(flag, yes, 'dryRun')).toBe(true);
    for (const no of ['false', 'False', 'no', '0', 'off']) expect(parseInput(flag, no, 'dryRun')).toBe(false);
    const error = failure(() => parseInput(flag, 'maybe', '--dry-run'));
    expect(error.message).toBe('--dry-run is "maybe", not a boolean.');
  });

  it('reads whole numbers within bounds and names the range otherwise', () => {
    const count = spec({ type: 'integer', min: 1, max: 256 });
    expect(parseInput(count, ' 16 ', 'max-concurrency')).toBe(16);
    expect(parseInput(count, '+3', 'max-concurrency')).toBe(3);
    for (const bad of ['0', '257', '1.5', '1e3', 'ten', '']) {
      const error = failure(() => parseInput(count, bad, 'max-concurrency'));
      expect(error.message).toContain('not a whole number in 1..256');
    }
    expect(failure(() => parseInput(spec({ type: 'integer' }), '99999999999999999999', 'n')).code).toBe(
      'INPUT_INVALID',
    );
  });

  it('dispatches lists and maps', () => {
    expect(parseInput(spec({ type: 'list' }), 'a, b\nc', 'l')).toEqual(['a', 'b', 'c']);
    expect(parseInput(spec({ type: 'map' }), 'a => b', 'm')).toEqual({ a: 'b' });
  });
});

describe('parseList', () => {
  it('splits on lines and commas, dropping blanks and # comments', () => {
    expect(parseList('app/*, base\n\n# not this\n  tools  \n,')).toEqual(['app/*', 'base', 'tools']);
  });
});

describe('parseMap', () => {
  it('reads one key => value pair per line', () => {
    const text = '# subnets\n/sub/a => /sub/b\r\n  /sub/c=>/sub/d  \n';
    expect(parseMap(text, 'subnet-map')).toEqual({ '/sub/a': '/sub/b', '/sub/c': '/sub/d' });
  });

  it('quotes a malformed line in the error', () => {
    for (const line of ['/sub/a -> /sub/b', '=> /sub/b', '/sub/a =>']) {
      const error = failure(() => parseMap(`ok => fine\n${line}`, 'subnetMap'));
      expect(error.code).toBe('INPUT_INVALID');
      expect(error.message).toBe(`subnetMap: the line "${line.trim()}" is not a "key => value" pair.`);
    }
  });

  it('refuses a key mapped to two values, but tolerates an exact repeat', () => {
    expect(parseMap('a => b\na => b', 'm')).toEqual({ a: 'b' });
    expect(failure(() => parseMap('a => b\na => c', 'identity-map')).message).toBe(
      'identity-map: "a" is mapped twice, to "b" and "c".',
    );
  });
});
