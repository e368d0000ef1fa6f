import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { progressUpdate } from '../../../src/core/progress.js';
import { CliHost, inputEnvironmentVariable, type CliHostOptions } from '../../../src/hosts/cli/host.js';
import type { EnvironmentCredentialFactories } from '../../../src/hosts/cli/credential.js';

function host(options: Partial<CliHostOptions> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cli = new CliHost({
    flags: new Map(),
    env: {},
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    interactive: false,
    workspace: '/work',
    ...options,
  });
  return { cli, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('CliHost inputs', () => {
  it('reads --flags, then ACR_RELOCATE_<UPPER_SNAKE> variables; flags win', () => {
    const { cli } = host({
      flags: new Map([['plan-path', 'from-flag.json']]),
      env: { ACR_RELOCATE_PLAN_PATH: 'from-env.json', ACR_RELOCATE_ARM_ENDPOINT: 'https://arm.local' },
    });
    expect(cli.getInput('plan-path')).toBe('from-flag.json');
    expect(cli.getInput('arm-endpoint')).toBe('https://arm.local');
    expect(cli.getInput('authority-host')).toBeUndefined();
  });

  it('treats an empty flag or variable as unset', () => {
    const { cli } = host({ flags: new Map([['plan-path', ' ']]), env: { ACR_RELOCATE_FAIL_ON: '' } });
    expect(cli.getInput('plan-path')).toBeUndefined();
    expect(cli.getInput('fail-on')).toBeUndefined();
  });

  it('spells inputs as flags and names their variables', () => {
    const { cli } = host();
    expect(cli.inputLabel('max-concurrency')).toBe('--max-concurrency');
    expect(inputEnvironmentVariable('arm-endpoint')).toBe('ACR_RELOCATE_ARM_ENDPOINT');
  });
});

describe('CliHost output', () => {
  it('logs on stderr, neutralised, with secrets masked', () => {
    const { cli, stderr, stdout } = host();
    cli.setSecret('hunter2');
    cli.info('::error::tag hunter2\n##vso[task.complete result=Succeeded]');
    cli.warning('careful');
    expect(stdout()).toBe('');
    const lines = stderr().split('\n');
    expect(lines[0]).toBe(':\u200b:error::tag ***');
    expect(lines[1]).toBe('#\u200b#vso[task.complete result=Succeeded]');
    expect(lines[2]).toBe('warning: careful');
  });

  it('indents the continuation lines of a failure', () => {
    const { cli, stderr } = host();
    cli.setResult('failed', '[X] broke\nHint: fix it');
    expect(stderr()).toBe('error: [X] broke\n       Hint: fix it\n');
  });

  it('prints debug lines only with ACR_RELOCATE_DEBUG', () => {
    const quiet = host();
    quiet.cli.debug('hidden');
    expect(quiet.stderr()).toBe('');
    const loud = host({ env: { ACR_RELOCATE_DEBUG: 'true' } });
    loud.cli.debug('shown');
    expect(loud.stderr()).toBe('debug: shown\n');
  });

  it('prints outputs as name=value lines and writes them all to --outputs-file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'acr-cli-'));
    try {
      const { cli, stdout } = host();
      cli.setOutput('plan-path', 'relocation/plan.json');
      cli.setOutput('token-password', 'p@ss', { secret: true });
      cli.info('password p@ss');
      cli.writeOutputs(join(folder, 'outputs.json'));
      expect(stdout()).toBe('plan-path=relocation/plan.json\ntoken-password=***\n');
      expect(JSON.parse(readFileSync(join(folder, 'outputs.json'), 'utf8'))).toEqual({
        'plan-path': 'relocation/plan.json',
        'token-password': 'p@ss',
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('prints the summary on stdout and appends it to --summary-file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'acr-cli-'));
    try {
      const file = join(folder, 'summary.md');
      const { cli, stdout } = host({ summaryFile: file });
      await cli.writeSummary('# Plan\n::warning::x');
      await cli.writeSummary('more');
      expect(stdout()).toBe('# Plan\n:\u200b:warning::x\nmore\n');
      expect(readFileSync(file, 'utf8')).toBe('# Plan\n::warning::x\nmore\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('runs groups under a heading', async () => {
    const { cli, stderr } = host();
    await expect(cli.group('Inventory', async () => 7)).resolves.toBe(7);
    expect(stderr()).toBe('== Inventory\n');
  });
});

describe('CliHost progress', () => {
  const update = progressUpdate('Importing', 'imports', 5, 10, 1000);

  it('prints text lines every ten seconds when stderr is not a terminal', () => {
    const { cli, stderr } = host();
    expect(cli.progressIntervalMs).toBe(10_000);
    cli.progress(update);
    expect(stderr()).toBe(`${update.text}\n`);
  });

  it('draws a live bar on a terminal, erased before the next log line', () => {
    const { cli, stderr } = host({ interactive: true });
    expect(cli.progressIntervalMs).toBe(150);
    cli.progress(update);
    cli.info('hello');
    cli.progress(progressUpdate('Importing', 'imports', 10, 10, 2000));
    const text = stderr();
    expect(text).toContain('\r\u001b[2K[############------------]  50% Importing 5/10');
    expect(text).toContain('\r\u001b[2Khello\n');
    expect(text.endsWith('done\n')).toBe(true);
  });
});

describe('CliHost credential', () => {
  it('masks AZURE_CLIENT_SECRET and builds the environment credential', async () => {
    const made: string[] = [];
    const fake = { getToken: async () => null };
    const identity: EnvironmentCredentialFactories = {
      defaultChain: () => (made.push('default'), fake),
      clientSecret: () => (made.push('secret'), fake),
      clientCertificate: () => (made.push('certificate'), fake),
      workloadIdentity: () => (made.push('workload'), fake),
    };
    const { cli, stderr } = host({ env: { AZURE_CLIENT_SECRET: 'shh-123' }, identity });
    await expect(cli.getCredential(resolveCloud('AzureCloud'))).resolves.toBe(fake);
    cli.info('leaked shh-123?');
    expect(made).toEqual(['default']);
    expect(stderr()).toBe('leaked ***?\n');
  });
});
