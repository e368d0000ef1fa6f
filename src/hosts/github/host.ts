import type * as actionsCore from '@actions/core';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudSettings } from '../../core/azure/clouds.js';
import { neutralize } from '../../core/text/neutralize.js';
import type { Host, ProgressUpdate } from '../host.js';
import { gitHubCredential, GITHUB_IDENTITY, type GitHubCredentialDeps } from './credential.js';
import { GitHubPullRequests } from './pull-request.js';

/** The part of @actions/core this host uses; injected so tests can record what it does. */
export type ActionsCore = Pick<
  typeof actionsCore,
  | 'getInput'
  | 'setOutput'
  | 'setSecret'
  | 'debug'
  | 'info'
  | 'warning'
  | 'error'
  | 'group'
  | 'setFailed'
  | 'getIDToken'
  | 'summary'
>;

type Env = Readonly<Record<string, string | undefined>>;

/** A log line every ten seconds keeps a long import visible without flooding the log. */
const PROGRESS_INTERVAL_MS = 10_000;

/** The Host on a GitHub Actions runner. Only this folder (and the entry point) touches @actions/*. */
export class GitHubHost implements Host {
  readonly name = 'github' as const;
  readonly progressIntervalMs = PROGRESS_INTERVAL_MS;
  readonly workspace: string;
  readonly pullRequests: GitHubPullRequests;

  constructor(
    private readonly core: ActionsCore,
    private readonly env: Env,
    private readonly identity: Omit<GitHubCredentialDeps, 'env' | 'getIDToken'> = GITHUB_IDENTITY,
  ) {
    this.workspace = env.GITHUB_WORKSPACE || process.cwd();
    this.pullRequests = new GitHubPullRequests(() => this.getInput('github-token'), env);
  }

  /** Reads INPUT_<NAME> as the runner sets it: upper case, hyphens kept (INPUT_PLAN-PATH). */
  getInput(name: string): string | undefined {
    const value = this.core.getInput(name);
    return value === '' ? undefined : value;
  }

  inputLabel(name: string): string {
    return name;
  }

  setOutput(name: string, value: string, options?: { secret?: boolean }): void {
    if (options?.secret) this.core.setSecret(value);
    this.core.setOutput(name, value);
  }

  setSecret(value: string): void {
    if (value) this.core.setSecret(value);
  }

  debug(message: string): void {
    this.core.debug(neutralize(message));
  }

  info(message: string): void {
    this.core.info(neutralize(message));
  }

  warning(message: string): void {
    this.core.warning(neutralize(message));
  }

  error(message: string): void {
    this.core.error(neutralize(message));
  }

  group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return this.core.group(neutralize(title).replace(/\n/g, ' '), fn);
  }

  progress(update: ProgressUpdate): void {
    this.info(update.text);
  }

  async writeSummary(markdown: string): Promise<void> {
    // Outside a runner (no step summary file) the summary still reaches the log.
    if (!this.env.GITHUB_STEP_SUMMARY) {
      this.info(markdown);
      return;
    }
    await this.core.summary.addRaw(markdown, true).write();
  }

  async getCredential(cloud: CloudSettings): Promise<TokenCredential> {
    return gitHubCredential(
      {
        clientId: this.getInput('client-id'),
        tenantId: this.getInput('tenant-id'),
        audience: this.getInput('audience'),
      },
      cloud,
      { ...this.identity, env: this.env, getIDToken: (audience) => this.core.getIDToken(audience) },
    );
  }

  /** A failure becomes one ::error:: annotation and exit code 1 (core.setFailed does both). */
  setResult(result: 'succeeded' | 'failed', message?: string): void {
    if (result === 'failed') this.core.setFailed(neutralize(message ?? 'acr-relocate failed.'));
    else if (message) this.info(message);
  }
}
