import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as taskLib from 'azure-pipelines-task-lib/task.js';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudSettings } from '../../core/azure/clouds.js';
import { camelCase, type CommandName } from '../../core/inputs/types.js';
import { neutralize, neutralizeLine } from '../../core/text/neutralize.js';
import type { Host, ProgressUpdate } from '../host.js';
import {
  CONNECTION_DEFAULTS,
  maskSecret,
  readServiceConnection,
  type EndpointReader,
  type ServiceConnection,
} from './connection.js';
import { serviceConnectionCredential, PIPELINES_IDENTITY, type ServiceConnectionFactories } from './credential.js';
import { AzureReposPullRequests } from './pull-request.js';

/** The part of azure-pipelines-task-lib this host uses; injected so tests can record what it does. */
export type TaskLib = EndpointReader &
  Pick<
    typeof taskLib,
    | 'getInput'
    | 'getVariable'
    | 'setVariable'
    | 'setSecret'
    | 'debug'
    | 'warning'
    | 'error'
    | 'setProgress'
    | 'uploadSummary'
    | 'setResult'
    | 'TaskResult'
  >;

/** Ten seconds between progress lines: the task's progress bar moves, the log stays readable. */
const PROGRESS_INTERVAL_MS = 10_000;

export interface AzurePipelinesHostOptions {
  /** The task's command, when known: it names the summary file (and so the summary's title). */
  command: CommandName | undefined;
  /** Writes one line to the task's log (stdout). */
  writeLine?: (line: string) => void;
  identity?: ServiceConnectionFactories;
  /** The process environment (SYSTEM_OIDCREQUESTURI lives there). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The Host inside an Azure Pipelines task. Only this folder (and the entry point) touches task-lib. */
export class AzurePipelinesHost implements Host {
  readonly name = 'azure-pipelines' as const;
  readonly progressIntervalMs = PROGRESS_INTERVAL_MS;
  readonly workspace: string;
  readonly pullRequests: AzureReposPullRequests;
  private connection: ServiceConnection | undefined;
  private summaries = 0;
  private readonly writeLine: (line: string) => void;

  constructor(
    private readonly tl: TaskLib,
    private readonly options: AzurePipelinesHostOptions,
  ) {
    this.writeLine = options.writeLine ?? ((line) => process.stdout.write(`${line}\n`));
    this.workspace = tl.getVariable('System.DefaultWorkingDirectory') || process.cwd();
    this.pullRequests = new AzureReposPullRequests(() => this.systemAccessToken(), options.env ?? process.env);
  }

  /** Reads the camelCase task input; subscription-id and environment fall back to the service connection. */
  getInput(name: string): string | undefined {
    const value = this.tl.getInput(camelCase(name), false)?.trim();
    // Reading the connection masks its secrets, so they are hidden from the first log line on.
    if (name === 'azure-subscription' && value) this.serviceConnection(value);
    if (value) return value;
    const fallback = CONNECTION_DEFAULTS[name];
    return fallback ? this.serviceConnection()?.data(fallback.dataKey) : undefined;
  }

  inputLabel(name: string): string {
    return camelCase(name);
  }

  setOutput(name: string, value: string, options?: { secret?: boolean }): void {
    this.tl.setVariable(camelCase(name), value, options?.secret ?? false, true);
  }

  setSecret(value: string): void {
    maskSecret(value, (line) => this.tl.setSecret(line));
  }

  debug(message: string): void {
    this.tl.debug(neutralize(message));
  }

  info(message: string): void {
    for (const line of neutralize(message).split('\n')) this.writeLine(line);
  }

  warning(message: string): void {
    this.tl.warning(neutralize(message));
  }

  error(message: string): void {
    this.tl.error(neutralize(message));
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.writeLine(`##[group]${neutralize(title).replace(/\n/g, ' ')}`);
    try {
      return await fn();
    } finally {
      this.writeLine('##[endgroup]');
    }
  }

  /** The task's progress (shown next to the step) plus a log line for whoever reads the log later. */
  progress(update: ProgressUpdate): void {
    this.tl.setProgress(update.percent, neutralizeLine(update.text));
    this.info(update.text);
  }

  /** The agent attaches a Markdown file to the run's summary page (the file name becomes its title). */
  async writeSummary(markdown: string): Promise<void> {
    const folder = this.tl.getVariable('Agent.TempDirectory') || tmpdir();
    this.summaries += 1;
    const suffix = this.summaries > 1 ? `-${this.summaries}` : '';
    const file = join(folder, `acr-relocate-${this.options.command ?? 'summary'}${suffix}.md`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
    this.tl.uploadSummary(file);
  }

  async getCredential(cloud: CloudSettings): Promise<TokenCredential> {
    const connection = this.serviceConnection();
    if (!connection) {
      throw new Error('Programming error: getCredential before the azureSubscription input was read.');
    }
    const systemAccessToken = this.systemAccessToken();
    return serviceConnectionCredential(
      connection,
      cloud,
      { systemAccessToken, oidcRequestUri: (this.options.env ?? process.env).SYSTEM_OIDCREQUESTURI },
      this.options.identity ?? PIPELINES_IDENTITY,
    );
  }

  /** A failure is one error issue plus ##vso[task.complete result=Failed;] (tl.setResult does both). */
  setResult(result: 'succeeded' | 'failed', message?: string): void {
    const { Failed, Succeeded } = this.tl.TaskResult;
    this.tl.setResult(result === 'failed' ? Failed : Succeeded, neutralize(message ?? ''));
  }

  /** The job's access token (System.AccessToken, else the SystemVssConnection endpoint's), masked on read. */
  private systemAccessToken(): string | undefined {
    const token =
      this.tl.getVariable('System.AccessToken') ||
      this.tl.getEndpointAuthorization('SystemVssConnection', true)?.parameters?.['AccessToken'];
    if (token) this.setSecret(token);
    return token;
  }

  /** The service connection named by azureSubscription, read once (its secrets masked on read). */
  private serviceConnection(id = this.tl.getInput('azureSubscription', false)?.trim()): ServiceConnection | undefined {
    if (this.connection) return this.connection;
    if (!id) return undefined;
    this.connection = readServiceConnection(this.tl, id, (value) => this.tl.setSecret(value));
    return this.connection;
  }
}
