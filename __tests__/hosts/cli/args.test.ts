import { parseCommandLine, UsageError, type CliInvocation } from '../../../src/hosts/cli/args.js';

function run(argv: string[]): Extract<CliInvocation, { kind: 'run' }> {
  const invocation = parseCommandLine(argv);
  if (invocation.kind !== 'run') throw new Error(`expected a run, got ${invocation.kind}`);
  return invocation;
}

function usage(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandLine', () => {
  it('reads --flag value and --flag=value', () => {
    const { command, flags } = run(['prepare', '--source-registry', 'src', '--target-location=westeurope']);
    expect(command).toBe('prepare');
    expect(Object.fromEntries(flags)).toEqual({ 'source-registry': 'src', 'target-location': 'westeurope' });
  });

  it('keeps everything after the first = as the value', () => {
    expect(run(['prepare', '--subnet-map=a => b=c']).flags.get('subnet-map')).toBe('a => b=c');
  });

  it('reads booleans as --dry-run and --dry-run=false', () => {
    expect(run(['redeploy', '--dry-run']).flags.get('dry-run')).toBe('true');
    expect(run(['redeploy', '--dry-run=false']).flags.get('dry-run')).toBe('false');
  });

  it('explains a boolean value given without =', () => {
    expect(usage(['redeploy', '--dry-run', 'false'])).toBe(
      'Unexpected argument "false". A boolean takes its value after "=": --dry-run=false.',
    );
  });

  it('joins a repeated list or map flag, one item per line', () => {
    const flags = run(['import-artifacts', '--include-repositories', 'a', '--include-repositories=b']).flags;
    expect(flags.get('include-repositories')).toBe('a\nb');
  });

  it('refuses a repeated single-value flag', () => {
    expect(usage(['verify', '--fail-on', 'drift', '--fail-on', 'never'])).toBe('--fail-on is given more than once.');
  });

  it('lists the valid flags of the command for an unknown one', () => {
    const message = usage(['verify', '--source-registry', 'x']);
    expect(message).toMatch(/^Unknown option --source-registry for verify\. Valid options: /);
    expect(message).toContain('--fail-on');
    expect(message).toContain('--plan-path');
    expect(message).toContain('--summary-file');
    expect(message).not.toContain('--azure-subscription');
    expect(message).not.toContain('--github-token');
  });

  it('has no flags for inputs of other hosts', () => {
    expect(usage(['prepare', '--azure-subscription', 'conn'])).toMatch(/^Unknown option --azure-subscription/);
    expect(usage(['prepare', '--client-id', 'x'])).toMatch(/^Unknown option --client-id/);
  });

  it('wants a value for a non-boolean flag', () => {
    expect(usage(['verify', '--plan-path'])).toBe('--plan-path needs a value.');
    expect(usage(['verify', '--plan-path', '--fail-on=drift'])).toBe('--plan-path needs a value.');
  });

  it('accepts an empty value with = (the input then counts as unset)', () => {
    expect(run(['verify', '--plan-path=']).flags.get('plan-path')).toBe('');
  });

  it('reads the CLI-only options', () => {
    const invocation = run(['verify', '--summary-file', 's.md', '--outputs-file=o.json']);
    expect(invocation.summaryFile).toBe('s.md');
    expect(invocation.outputsFile).toBe('o.json');
    expect(invocation.flags.size).toBe(0);
  });

  it('rejects unknown commands, listing the commands', () => {
    expect(usage(['bogus'])).toBe(
      'Unknown command "bogus". Commands: prepare, redeploy, import-artifacts, rewire-consumers, verify, retire-source.',
    );
  });

  it('wants the command first', () => {
    expect(usage([])).toBe('Missing command.');
    expect(usage(['--plan-path', 'x', 'verify'])).toMatch(/^Give the command first/);
  });

  it('rejects stray arguments and short flags', () => {
    expect(usage(['verify', 'extra'])).toBe('Unexpected argument "extra".');
    expect(usage(['verify', '-x'])).toBe('Unexpected argument "-x".');
  });

  it('recognises help and version anywhere', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['verify', '--fail-on', 'drift', '-h'])).toEqual({ kind: 'help', command: 'verify' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['prepare', '--version'])).toEqual({ kind: 'version' });
  });
});
