/**
 * The product as users run it: the acr-relocate command line in a child process (compiled from
 * build/ under `npm run bench`, from the sources under jest), in a workspace directory, signed in
 * through the environment. Its outputs come back from --outputs-file.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runNodeModule, type ChildRun } from './processes.js';

export interface CliRun extends ChildRun {
  outputs: Record<string, string>;
}

export interface CliOptions {
  workspace: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export async function runCli(command: string, flags: Record<string, string>, options: CliOptions): Promise<CliRun> {
  const outputsFile = join(options.workspace, `.outputs-${command}-${Date.now()}.json`);
  const args = [
    command,
    ...Object.entries(flags).map(([name, value]) => `--${name}=${value}`),
    `--outputs-file=${outputsFile}`,
  ];
  const run = await runNodeModule('src/entrypoints/cli', args, {
    cwd: options.workspace,
    env: options.env,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  let outputs: Record<string, string> = {};
  try {
    outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, string>;
    rmSync(outputsFile, { force: true });
  } catch {
    // A run that failed before its outputs were written: the exit code and stderr tell why.
  }
  return { ...run, outputs };
}
