/**
 * A Host that records everything, for running commands in-process against the emulator:
 *
 *   const host = new FakeHost({ 'source-registry': 'contoso' }, { workspace, credential });
 *   const code = await runCommand(host, () => 'prepare');
 *   host.outputs.get('plan-path'); host.summary; host.failure
 */
import type { TokenCredential } from '@azure/core-auth';
import type { CloudSettings } from '../../src/core/azure/clouds.js';
import type { Host, ProgressUpdate } from '../../src/hosts/host.js';

export class FakeHost implements Host {
  readonly name = 'cli' as const;
  readonly progressIntervalMs = 0;
  readonly outputs = new Map<string, string>();
  readonly secrets = new Set<string>();
  readonly lines: string[] = [];
  readonly progressUpdates: ProgressUpdate[] = [];
  summary = '';
  result: 'succeeded' | 'failed' | undefined;
  failure: string | undefined;
  readonly workspace: string;
  private readonly inputs: Map<string, string>;

  constructor(
    inputs: Record<string, string | undefined>,
    private readonly options: { workspace: string; credential?: TokenCredential },
  ) {
    this.workspace = options.workspace;
    this.inputs = new Map(Object.entries(inputs).filter((e): e is [string, string] => e[1] !== undefined));
  }

  getInput(name: string): string | undefined {
    return this.inputs.get(name);
  }
  inputLabel(name: string): string {
    return `--${name}`;
  }
  setOutput(name: string, value: string): void {
    this.outputs.set(name, value);
  }
  setSecret(value: string): void {
    if (value) this.secrets.add(value);
  }
  debug(message: string): void {
    this.lines.push(`debug: ${message}`);
  }
  info(message: string): void {
    this.lines.push(message);
  }
  warning(message: string): void {
    this.lines.push(`warning: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`group: ${title}`);
    return fn();
  }
  progress(update: ProgressUpdate): void {
    this.progressUpdates.push(update);
  }
  async writeSummary(markdown: string): Promise<void> {
    this.summary += markdown;
  }
  async getCredential(_cloud: CloudSettings): Promise<TokenCredential> {
    if (!this.options.credential) throw new Error('FakeHost: no credential given');
    return this.options.credential;
  }
  setResult(result: 'succeeded' | 'failed', message?: string): void {
    if (this.result) throw new Error(`setResult called twice (${this.result}, then ${result}: ${message})`);
    this.result = result;
    this.failure = message;
  }

  /** Everything this host printed or recorded, to check that no secret leaked into it. */
  everything(): string {
    return [...this.lines, this.summary, ...this.outputs.values(), this.failure ?? ''].join('\n');
  }
}
