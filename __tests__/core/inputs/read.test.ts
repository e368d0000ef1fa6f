import { RelocationError } from '../../../src/core/errors.js';
import { inputsFor, readInputs, type InputSource } from '../../../src/core/inputs/read.js';
import { INPUTS } from '../../../src/core/inputs/table.js';
import { camelCase, COMMANDS, type HostName } from '../../../src/core/inputs/types.js';

/** A host's input spelling, as the real adapters do it. */
const LABELS: Record<HostName, (name: string) => string> = {
  github: (name) => name,
  'azure-pipelines': (name) => camelCase(name),
  cli: (name) => `--${name}`,
};

function source(host: HostName, values: Record<string, string>): InputSource & { secrets: string[] } {
  const secrets: string[] = [];
  return {
    name: host,
    secrets,
    getInput: (name) => values[name],
    inputLabel: LABELS[host],
    setSecret: (value) => secrets.push(value),
  };
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

const PREPARE = { 'source-registry': 'src', 'target-registry': 'dst', 'target-location': 'westeurope' };

describe('readInputs', () => {
  it.each([
    ['github', 'Input target-location is required by prepare.'],
    ['azure-pipelines', 'Input targetLocation is required by prepare.'],
    ['cli', 'Input --target-location is required by prepare.'],
  ] as const)('names a missing required input as %s users spell it', (host, message) => {
    const values = { ...PREPARE, 'azure-subscription': 'conn' } as Record<string, string>;
    delete values['target-location'];
    const error = failure(() => readInputs('prepare', source(host, values)));
    expect(error.code).toBe('INPUT_MISSING');
    expect(error.message).toBe(message);
  });

  it('treats a blank value as unset', () => {
    const error = failure(() => readInputs('prepare', source('cli', { ...PREPARE, 'target-location': '  ' })));
    expect(error.code).toBe('INPUT_MISSING');
  });

  it('applies table defaults and parses by type', () => {
    const inputs = readInputs('import-artifacts', source('cli', { refresh: 'yes', 'include-repositories': 'a,b' }));
    expect(inputs.string('plan-path')).toBe('relocation/plan.json');
    expect(inputs.string('copy-mode')).toBe('server');
    expect(inputs.integer('max-concurrency')).toBe(64);
    expect(inputs.boolean('refresh')).toBe(true);
    expect(inputs.boolean('force')).toBe(false);
    expect(inputs.list('include-repositories')).toEqual(['a', 'b']);
    expect(inputs.list('exclude-repositories')).toEqual([]);
  });

  it('lists the allowed values of a wrong one, in the host spelling', () => {
    const error = failure(() =>
      readInputs('verify', source('azure-pipelines', { 'azure-subscription': 'c', 'fail-on': 'often' })),
    );
    expect(error.message).toBe('failOn is "often", which is not an allowed value.');
    expect(error.hint).toBe('Use one of: mismatch, drift, never.');
  });

  it('quotes a malformed map line', () => {
    const error = failure(() => readInputs('prepare', source('github', { ...PREPARE, 'subnet-map': 'a -> b' })));
    expect(error.message).toBe('subnet-map: the line "a -> b" is not a "key => value" pair.');
  });

  it('masks a secret input as it is read', () => {
    const host = source('github', { 'github-token': ' ghs_secret ' });
    readInputs('rewire-consumers', host);
    expect(host.secrets).toEqual(['ghs_secret']);
  });

  it('never reads an input of another host', () => {
    const read: string[] = [];
    const host = { ...source('cli', {}), getInput: (name: string) => (read.push(name), undefined) };
    readInputs('verify', host);
    expect(read).not.toContain('azure-subscription');
    expect(read).not.toContain('client-id');
    expect(read).toContain('fail-on');
  });

  it('does not give a GitHub expression default to other hosts', () => {
    const inputs = readInputs('rewire-consumers', source('github', {}));
    expect(inputs.string('github-token')).toBe('${{ github.token }}');
    expect(inputsFor('rewire-consumers', 'cli').some((spec) => spec.name === 'github-token')).toBe(false);
  });
});

describe('Inputs', () => {
  it('refuses to read an input its command does not declare (a programming error)', () => {
    const inputs = readInputs('verify', source('cli', {}));
    expect(() => inputs.string('source-registry')).toThrow(/not declared for verify/);
  });

  it('requiredString names the input', () => {
    const inputs = readInputs('verify', source('cli', {}));
    expect(() => inputs.requiredString('arm-endpoint', '--arm-endpoint')).toThrow('Input --arm-endpoint is required.');
  });
});

describe('the input table', () => {
  it('has unique kebab-case names that only use known commands and hosts', () => {
    const names = INPUTS.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of INPUTS) {
      expect(spec.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      if (spec.commands !== 'all') for (const command of spec.commands) expect(COMMANDS).toContain(command);
      for (const command of spec.requiredFor ?? []) {
        expect(spec.commands === 'all' || spec.commands.includes(command)).toBe(true);
      }
      if (spec.requiredFor?.length) expect(spec.default).toBeUndefined();
      if (spec.allowed && spec.default !== undefined) expect(spec.allowed).toContain(spec.default);
    }
  });
});
