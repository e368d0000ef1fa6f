import type { TokenCredential } from '@azure/core-auth';
import type { CloudSettings } from '../core/azure/clouds.js';
import type { InputSource } from '../core/inputs/read.js';
import type { HostName } from '../core/inputs/types.js';
import type { PullRequestPublisher } from '../core/rewire/pull-request.js';

/** One progress update, already computed by core (see core/progress.ts); hosts only render it. */
export interface ProgressUpdate {
  label: string;
  done: number;
  total: number;
  /** 0..100, rounded down. */
  percent: number;
  /** Items per second since the start. */
  ratePerSecond: number;
  /** Seconds left at the current rate, or undefined while unknown. */
  etaSeconds?: number;
  /** e.g. "imports", "tags". */
  unit: string;
  /** The ready-made line for text hosts: "Importing 120/400 imports (30%) 12.0/s ETA 23s". */
  text: string;
}

/**
 * Everything core code may ask of the CI system it runs in. Three adapters implement it:
 * src/hosts/github, src/hosts/azure-pipelines and src/hosts/cli. Core never imports a host SDK.
 *
 * Every text that reaches a log passes through the host, which neutralises it (core/text/neutralize)
 * so registry-supplied strings can never be read as workflow commands.
 */
export interface Host extends InputSource {
  /** Which CI system this is (also decides input spelling: kebab, camelCase, --flag). */
  readonly name: HostName;
  /** Folder that relative paths (plan, report, files to rewrite) are resolved against and must stay inside. */
  readonly workspace: string;
  /** Minimum milliseconds between two progress renders: a steady pace, not a flood. */
  readonly progressIntervalMs: number;
  /** The raw text of an input, or undefined when unset (typed parsing lives in core/inputs/read). */
  getInput(name: string): string | undefined;
  /** How users spell the input on this host, for error messages. */
  inputLabel(name: string): string;
  /** Publish a step output (GitHub output, Azure Pipelines output variable, CLI name=value line and --outputs-file). */
  setOutput(name: string, value: string, options?: { secret?: boolean }): void;
  /** Mask a secret in every later log line. Call it the moment a secret is read. */
  setSecret(value: string): void;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  /** An error annotation that does not by itself fail the run (setResult does). */
  error(message: string): void;
  /** Run fn inside a collapsible log group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Render progress (called at most every progressIntervalMs, and once at the end). */
  progress(update: ProgressUpdate): void;
  /** Append Markdown to the job summary (GitHub step summary, Azure Pipelines summary, CLI stdout/file). */
  writeSummary(markdown: string): Promise<void>;
  /** The Azure credential for this run, built from the host's own sign-in configuration. */
  getCredential(cloud: CloudSettings): Promise<TokenCredential>;
  /**
   * Commits files on a branch and opens or updates a pull request (rewire-consumers' open-pull-request):
   * GitHub through @actions/github, Azure Repos through its REST API. Absent on hosts without a
   * repository service (the CLI), where asking for a pull request is a clear error.
   */
  readonly pullRequests?: PullRequestPublisher;
  /** Set the run's final result. Called exactly once, by the entry point. */
  setResult(result: 'succeeded' | 'failed', message?: string): void;
}
