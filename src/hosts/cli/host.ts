import { appendFileSync, writeFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudSettings } from '../../core/azure/clouds.js';
import { upperSnake } from '../../core/inputs/types.js';
import { neutralize, neutralizeLine } from '../../core/text/neutralize.js';
import type { Host, ProgressUpdate } from '../host.js';
import {
  AZURE_IDENTITY,
  environmentCredential,
  SECRET_ENVIRONMENT_VARIABLES,
  type EnvironmentCredentialFactories,
} from './credential.js';
import { LiveBar } from './progress-bar.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface CliHostOptions {
  /** Input values from --flags, by kebab-case name. */
  flags: ReadonlyMap<string, string>;
  env: Env;
  /** Machine-readable results: the summary and the outputs. */
  stdout: (text: string) => void;
  /** Everything else: log lines, progress, errors. */
  stderr: (text: string) => void;
  /** stderr is an interactive terminal: progress is a live bar instead of log lines. */
  interactive: boolean;
  workspace: string;
  summaryFile?: string;
  identity?: EnvironmentCredentialFactories;
}

/** A bar on a terminal redraws ~7 times a second; a log file gets a line every ten seconds. */
const TTY_PROGRESS_INTERVAL_MS = 150;
const LOG_PROGRESS_INTERVAL_MS = 10_000;
const MASK = '***';

/** The name of the environment variable that can hold an input: ACR_RELOCATE_<UPPER_SNAKE>. */
export function inputEnvironmentVariable(name: string): string {
  return `ACR_RELOCATE_${upperSnake(name)}`;
}

/**
 * The Host of the local command line. Output can still end up in a CI log (a script step), so
 * every line is neutralised like on the CI hosts, and secrets are masked in what it prints.
 */
export class CliHost implements Host {
  readonly name = 'cli' as const;
  readonly progressIntervalMs: number;
  readonly workspace: string;
  private readonly secrets = new Set<string>();
  private readonly outputs = new Map<string, { value: string; secret: boolean }>();
  private readonly bar: LiveBar;

  constructor(private readonly options: CliHostOptions) {
    this.workspace = options.workspace;
    this.progressIntervalMs = options.interactive ? TTY_PROGRESS_INTERVAL_MS : LOG_PROGRESS_INTERVAL_MS;
    this.bar = new LiveBar(options.stderr);
  }

  /** A --flag wins over its ACR_RELOCATE_<NAME> environment variable. */
  getInput(name: string): string | undefined {
    const value = this.options.flags.get(name) ?? this.options.env[inputEnvironmentVariable(name)];
    return value === undefined || value.trim() === '' ? undefined : value;
  }

  inputLabel(name: string): string {
    return `--${name}`;
  }

  setOutput(name: string, value: string, options?: { secret?: boolean }): void {
    if (options?.secret) this.setSecret(value);
    this.outputs.set(name, { value, secret: options?.secret ?? false });
  }

  setSecret(value: string): void {
    if (value.trim()) this.secrets.add(value.trim());
  }

  debug(message: string): void {
    if (/^(1|true)$/i.test(this.options.env.ACR_RELOCATE_DEBUG ?? '')) this.log('debug: ', message);
  }

  info(message: string): void {
    this.log('', message);
  }

  warning(message: string): void {
    this.log('warning: ', message);
  }

  error(message: string): void {
    this.log('error: ', message);
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.log('== ', title.replace(/\n/g, ' '));
    return fn();
  }

  progress(update: ProgressUpdate): void {
    if (this.options.interactive) this.bar.draw(update, neutralizeLine(this.mask(update.text)));
    else this.info(update.text);
  }

  /** The summary goes to stdout, and with --summary-file also to that file. */
  async writeSummary(markdown: string): Promise<void> {
    const masked = this.mask(markdown);
    const block = masked.endsWith('\n') ? masked : `${masked}\n`;
    this.bar.clear();
    // stdout may be a CI log (the CLI in a script step); the file is read by people and tools only.
    this.options.stdout(neutralize(block));
    if (this.options.summaryFile) appendFileSync(this.options.summaryFile, block, 'utf8');
  }

  async getCredential(cloud: CloudSettings): Promise<TokenCredential> {
    for (const variable of SECRET_ENVIRONMENT_VARIABLES) {
      const value = this.options.env[variable];
      if (value) this.setSecret(value);
    }
    return environmentCredential(cloud, this.options.env, this.options.identity ?? AZURE_IDENTITY);
  }

  setResult(result: 'succeeded' | 'failed', message?: string): void {
    if (result === 'failed') this.log('error: ', message ?? 'acr-relocate failed.');
    else if (message) this.info(message);
  }

  /**
   * Print the outputs as name=value lines (secrets as ***) and, with --outputs-file, write them
   * all, secrets included, as JSON: the file is what scripts read.
   */
  writeOutputs(outputsFile?: string): void {
    for (const [name, output] of this.outputs) {
      const shown = output.secret ? MASK : neutralizeLine(this.mask(output.value).replace(/\r?\n/g, ' '));
      this.options.stdout(`${name}=${shown}\n`);
    }
    if (outputsFile) {
      const values = Object.fromEntries([...this.outputs].map(([name, output]) => [name, output.value]));
      writeFileSync(outputsFile, `${JSON.stringify(values, null, 2)}\n`, 'utf8');
    }
  }

  private log(prefix: string, message: string): void {
    this.bar.clear();
    const [first, ...more] = neutralize(this.mask(message)).split('\n');
    const indent = ' '.repeat(prefix.length);
    this.options.stderr([`${prefix}${first}`, ...more.map((line) => `${indent}${line}`)].join('\n') + '\n');
  }

  private mask(text: string): string {
    let masked = text;
    for (const secret of this.secrets) masked = masked.split(secret).join(MASK);
    return masked;
  }
}
