import * as core from '@actions/core';
import { parseCommandName } from '../core/commands/index.js';
import { GitHubHost } from '../hosts/github/host.js';
import { isMainModule } from './main-module.js';
import { runCommand } from './run.js';

/**
 * The GitHub Action: `command:` picks the stage. runCommand reports every failure through the host.
 * Exported for `npx @github/local-action run . src/entrypoints/github.ts .env`, which calls run().
 */
export async function run(): Promise<void> {
  const host = new GitHubHost(core, process.env);
  process.exitCode = await runCommand(host, () =>
    parseCommandName(host.getInput('command'), host.inputLabel('command')),
  );
}

if (isMainModule(import.meta.url)) void run();
