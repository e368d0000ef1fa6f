import type { TokenCredential } from '@azure/core-auth';
import { resolveCloud } from '../../../src/core/azure/clouds.js';
import { progressUpdate } from '../../../src/core/progress.js';
import type { GitHubCredentialDeps } from '../../../src/hosts/github/credential.js';
import { GitHubHost, type ActionsCore } from '../../../src/hosts/github/host.js';

/** An @actions/core stand-in that records every call; inputs as the runner passes them. */
function fakeCore(inputs: Record<string, string>) {
  const calls: unknown[][] = [];
  const summary: string[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
    };
  const core = {
    getInput: (name: string) => inputs[name] ?? '',
    setOutput: record('setOutput'),
    setSecret: record('setSecret'),
    debug: record('debug'),
    info: record('info'),
    warning: record('warning'),
    error: record('error'),
    setFailed: record('setFailed'),
    group: async <T>(name: string, fn: () => Promise<T>) => {
      calls.push(['group', name]);
      return fn();
    },
    getIDToken: async (audience?: string) => `token-for-${audience}`,
    summary: {
      addRaw(text: string, eol?: boolean) {
        summary.push(eol ? `${text}\n` : text);
        return this;
      },
      async write() {
        calls.push(['summary.write', summary.join('')]);
        return this;
      },
    },
  } as unknown as ActionsCore;
  return { core, calls };
}

describe('GitHubHost', () => {
  it('reads inputs through core.getInput, empty = unset, and spells them kebab-case', () => {
    const { core } = fakeCore({ 'plan-path': 'p.json' });
    const github = new GitHubHost(core, {});
    expect(github.getInput('plan-path')).toBe('p.json');
    expect(github.getInput('fail-on')).toBeUndefined();
    expect(github.inputLabel('plan-path')).toBe('plan-path');
  });

  it('takes the workspace from GITHUB_WORKSPACE', () => {
    expect(new GitHubHost(fakeCore({}).core, { GITHUB_WORKSPACE: '/home/runner/work/x' }).workspace).toBe(
      '/home/runner/work/x',
    );
  });

  it('masks a secret output before setting it', () => {
    const { core, calls } = fakeCore({});
    new GitHubHost(core, {}).setOutput('password', 'p', { secret: true });
    expect(calls).toEqual([
      ['setSecret', 'p'],
      ['setOutput', 'password', 'p'],
    ]);
  });

  it('neutralises every log line, group title and failure', async () => {
    const { core, calls } = fakeCore({});
    const github = new GitHubHost(core, {});
    github.info('ok\n::error::fake');
    github.debug('::debug::x');
    github.progress(progressUpdate('::Tags', 'tags', 1, 2, 1000));
    await github.group('::group::x', async () => undefined);
    github.setResult('failed', '::warning::y');
    expect(calls).toEqual([
      ['info', 'ok\n:\u200b:error::fake'],
      ['debug', ':\u200b:debug::x'],
      ['info', ':\u200b:Tags 1/2 tags (50%) 1.0/s ETA 1s'],
      ['group', ':\u200b:group::x'],
      ['setFailed', ':\u200b:warning::y'],
    ]);
    expect(github.progressIntervalMs).toBe(10_000);
  });

  it('appends the summary to the step summary, or logs it outside a runner', async () => {
    const inRunner = fakeCore({});
    await new GitHubHost(inRunner.core, { GITHUB_STEP_SUMMARY: '/tmp/summary' }).writeSummary('# Done');
    expect(inRunner.calls).toEqual([['summary.write', '# Done\n']]);
    const outside = fakeCore({});
    await new GitHubHost(outside.core, {}).writeSummary('# Done');
    expect(outside.calls).toEqual([['info', '# Done']]);
  });

  it('signs in with the client-id, tenant-id and audience inputs through core.getIDToken', async () => {
    const { core } = fakeCore({ 'client-id': 'app', 'tenant-id': 'tenant', audience: 'api://x' });
    let assertion: (() => Promise<string>) | undefined;
    const credential: TokenCredential = { getToken: async () => null };
    const identity: Omit<GitHubCredentialDeps, 'env' | 'getIDToken'> = {
      clientAssertion: (_t, _c, getAssertion) => ((assertion = getAssertion), credential),
      environment: () => credential,
    };
    const github = new GitHubHost(
      core,
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'y' },
      identity,
    );
    await expect(github.getCredential(resolveCloud('AzureCloud'))).resolves.toBe(credential);
    await expect(assertion?.()).resolves.toBe('token-for-api://x');
  });
});
