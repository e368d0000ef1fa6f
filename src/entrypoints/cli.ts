#!/usr/bin/env node
import packageJson from '../../package.json' with { type: 'json' };
import { CliHost } from '../hosts/cli/host.js';
import { parseCommandLine, UsageError, type CliInvocation } from '../hosts/cli/args.js';
import { commandHelp, generalHelp } from './cli/help.js';
import { runCommand } from './run.js';

/** Exit code for a command line that cannot be understood (1 is a run that failed). */
const USAGE = 2;

async function main(argv: readonly string[]): Promise<number> {
  let invocation: CliInvocation;
  try {
    invocation = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\nRun 'acr-relocate --help' for usage.\n`);
    return USAGE;
  }
  if (invocation.kind === 'help') {
    process.stdout.write(invocation.command ? commandHelp(invocation.command) : generalHelp());
    return 0;
  }
  if (invocation.kind === 'version') {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  const { command, flags, summaryFile, outputsFile } = invocation;
  const host = new CliHost({
    flags,
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
    workspace: process.cwd(),
    ...(summaryFile ? { summaryFile } : {}),
  });
  const code = await runCommand(host, () => command);
  host.writeOutputs(outputsFile);
  return code;
}

void main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only writing --outputs-file can get here: runCommand already reports every failure of the run.
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
