/**
 * A Host for running import-artifacts in-process through the real entry (runCommand): inputs from a
 * map (kebab-case), the emulator's credential, and everything the command reports captured.
 */
import type { TokenCredential } from '@azure/core-auth';
import { runCommand } from '../../../../src/entrypoints/run.js';
import type { Host, ProgressUpdate } from '../../../../src/hosts/host.js';

export interface InProcessRun {
  exitCode: number;
  outputs: Record<string, string>;
  summary: string;
  failure?: string;
  logs: string[];
  progress: ProgressUpdate[];
}

export interface WorldLike {
  workspace: string;
  credential: TokenCredential;
  emulator: { arm: { armUrl: string }; entra: { url: string } };
}

export function recordingHost(inputs: Record<string, string>, workspace: string, credential: TokenCredential) {
  const run: InProcessRun = { exitCode: -1, outputs: {}, summary: '', logs: [], progress: [] };
  const host: Host = {
    name: 'cli',
    workspace,
    progressIntervalMs: 0,
    getInput: (name) => inputs[name],
    inputLabel: (name) => `--${name}`,
    setOutput: (name, value) => void (run.outputs[name] = value),
    setSecret: () => undefined,
    debug: (m) => void run.logs.push(`debug: ${m}`),
    info: (m) => void run.logs.push(m),
    warning: (m) => void run.logs.push(`warning: ${m}`),
    error: (m) => void run.logs.push(`error: ${m}`),
    group: (_title, fn) => fn(),
    progress: (update) => void run.progress.push(update),
    writeSummary: async (markdown) => void (run.summary += markdown),
    getCredential: async () => credential,
    setResult: (result, message) => {
      if (result === 'failed') run.failure = message ?? 'failed';
    },
  };
  return { host, run };
}

export async function runInProcess(world: WorldLike, inputs: Record<string, string>): Promise<InProcessRun> {
  const all = {
    'arm-endpoint': world.emulator.arm.armUrl,
    'authority-host': world.emulator.entra.url,
    ...inputs,
  };
  const { host, run } = recordingHost(all, world.workspace, world.credential);
  run.exitCode = await runCommand(host, () => 'import-artifacts');
  return run;
}
