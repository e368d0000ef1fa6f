import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { progressUpdate } from '../../../src/core/progress.js';
import { AzurePipelinesHost, type TaskLib } from '../../../src/hosts/azure-pipelines/host.js';
import type { ServiceConnectionFactories } from '../../../src/hosts/azure-pipelines/credential.js';

const FAILED = 2;
const SUCCEEDED = 0;

interface Fake {
  tl: TaskLib;
  calls: unknown[][];
  lines: string[];
}

/** A task-lib stand-in that records every call, fed like the agent feeds a task. */
function fakeTaskLib(inputs: Record<string, string>, variables: Record<string, string> = {}): Fake {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
    };
  const endpoints: Record<string, { scheme: string; parameters: Record<string, string> }> = {
    conn: {
      scheme: 'ServicePrincipal',
      parameters: { serviceprincipalid: 'app', tenantid: 't', serviceprincipalkey: 'k3y' },
    },
  };
  const data: Record<string, string> = { subscriptionid: 'sub-from-connection', environment: 'AzureUSGovernment' };
  const tl = {
    getInput: (name: string) => inputs[name],
    getVariable: (name: string) => variables[name],
    getEndpointAuthorization: (id: string) => endpoints[id],
    getEndpointAuthorizationScheme: (id: string) => endpoints[id]?.scheme,
    getEndpointDataParameter: (id: string, key: string) => (id === 'conn' ? data[key] : undefined),
    setVariable: record('setVariable'),
    setSecret: record('setSecret'),
    debug: record('debug'),
    warning: record('warning'),
    error: record('error'),
    setProgress: record('setProgress'),
    uploadSummary: record('uploadSummary'),
    setResult: record('setResult'),
    TaskResult: { Succeeded: SUCCEEDED, Failed: FAILED },
  } as unknown as TaskLib;
  return { tl, calls, lines: [] };
}

function host(fake: Fake, identity?: ServiceConnectionFactories, env: Record<string, string> = {}) {
  return new AzurePipelinesHost(fake.tl, {
    command: 'verify',
    writeLine: (line) => fake.lines.push(line),
    ...(identity ? { identity } : {}),
    env,
  });
}

describe('AzurePipelinesHost inputs', () => {
  it('reads camelCase task inputs and spells them so in messages', () => {
    const fake = fakeTaskLib({ failOn: ' drift ', planPath: '' });
    const azdo = host(fake);
    expect(azdo.getInput('fail-on')).toBe('drift');
    expect(azdo.getInput('plan-path')).toBeUndefined();
    expect(azdo.inputLabel('max-concurrency')).toBe('maxConcurrency');
  });

  it("falls back to the service connection's subscription and cloud when they are empty", () => {
    const fake = fakeTaskLib({ azureSubscription: 'conn' });
    const azdo = host(fake);
    expect(azdo.getInput('subscription-id')).toBe('sub-from-connection');
    expect(azdo.getInput('environment')).toBe('AzureUSGovernment');
    expect(azdo.getInput('arm-endpoint')).toBeUndefined();
  });

  it('prefers the task inputs over the service connection', () => {
    const fake = fakeTaskLib({ azureSubscription: 'conn', subscriptionId: 'mine', environment: 'AzureCloud' });
    const azdo = host(fake);
    expect(azdo.getInput('subscription-id')).toBe('mine');
    expect(azdo.getInput('environment')).toBe('AzureCloud');
  });

  it('masks the connection secrets as soon as azureSubscription is read', () => {
    const fake = fakeTaskLib({ azureSubscription: 'conn' });
    host(fake).getInput('azure-subscription');
    expect(fake.calls).toEqual([['setSecret', 'k3y']]);
  });
});

describe('AzurePipelinesHost output', () => {
  it('publishes outputs as camelCase output variables', () => {
    const fake = fakeTaskLib({});
    const azdo = host(fake);
    azdo.setOutput('missing-count', '0');
    azdo.setOutput('token-password', 'p', { secret: true });
    expect(fake.calls).toEqual([
      ['setVariable', 'missingCount', '0', false, true],
      ['setVariable', 'tokenPassword', 'p', true, true],
    ]);
  });

  it('neutralises log lines and issues', () => {
    const fake = fakeTaskLib({});
    const azdo = host(fake);
    azdo.info('repo ##vso[task.setvariable variable=x]1\n##[error]no');
    azdo.warning('##vso[task.complete result=Succeeded]');
    expect(fake.lines).toEqual(['repo #\u200b#vso[task.setvariable variable=x]1', '#\u200b#[error]no']);
    expect(fake.calls).toEqual([['warning', '#\u200b#vso[task.complete result=Succeeded]']]);
  });

  it('wraps groups in ##[group] / ##[endgroup], also when the work fails', async () => {
    const fake = fakeTaskLib({});
    const azdo = host(fake);
    await expect(azdo.group('Import ##vso[x]', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fake.lines).toEqual(['##[group]Import #\u200b#vso[x]', '##[endgroup]']);
  });

  it('sets the task progress and logs the line', () => {
    const fake = fakeTaskLib({});
    const azdo = host(fake);
    const update = progressUpdate('Importing', 'imports', 3, 4, 1000);
    azdo.progress(update);
    expect(fake.calls).toEqual([['setProgress', 75, update.text]]);
    expect(fake.lines).toEqual([update.text]);
    expect(azdo.progressIntervalMs).toBe(10_000);
  });

  it('writes the summary into Agent.TempDirectory and uploads it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'acr-azdo-'));
    try {
      const fake = fakeTaskLib({}, { 'Agent.TempDirectory': folder });
      const azdo = host(fake);
      await azdo.writeSummary('# Verify\nall good');
      await azdo.writeSummary('second');
      const first = join(folder, 'acr-relocate-verify.md');
      const second = join(folder, 'acr-relocate-verify-2.md');
      expect(fake.calls).toEqual([
        ['uploadSummary', first],
        ['uploadSummary', second],
      ]);
      expect(readFileSync(first, 'utf8')).toBe('# Verify\nall good\n');
      expect(readFileSync(second, 'utf8')).toBe('second\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('reports the result through tl.setResult', () => {
    const fake = fakeTaskLib({});
    const azdo = host(fake);
    azdo.setResult('failed', '::x ##vso[y]');
    azdo.setResult('succeeded');
    expect(fake.calls).toEqual([
      ['setResult', FAILED, ':\u200b:x #\u200b#vso[y]'],
      ['setResult', SUCCEEDED, ''],
    ]);
  });
});

describe('AzurePipelinesHost credential', () => {
  it('builds the credential of the service connection with System.AccessToken (masked)', async () => {
    const fake = fakeTaskLib({ azureSubscription: 'conn' }, { 'System.AccessToken': 'sys-tok' });
    const made: unknown[][] = [];
    const credential: TokenCredential = { getToken: async () => null };
    const identity: ServiceConnectionFactories = {
      pipelines: (...args) => (made.push(['pipelines', ...args]), credential),
      clientSecret: (...args) => (made.push(['secret', ...args]), credential),
      clientCertificate: (...args) => (made.push(['certificate', ...args]), credential),
      managedIdentity: () => (made.push(['managed']), credential),
    };
    const azdo = host(fake, identity);
    azdo.getInput('azure-subscription');
    await expect(azdo.getCredential(resolveCloud('AzureCloud'))).resolves.toBe(credential);
    expect(made).toEqual([
      [
        'secret',
        't',
        'app',
        'k3y',
        { authorityHost: 'https://login.microsoftonline.com', disableInstanceDiscovery: false },
      ],
    ]);
    expect(fake.calls).toContainEqual(['setSecret', 'sys-tok']);
  });
});
