import * as core from '@actions/core';
import { parseCommandName } from '../core/commands/index.js';
import { GitHubHost } from '../hosts/github/host.js';
import { runCommand } from './run.js';

// The GitHub Action: `command:` picks the stage. runCommand reports every failure through the host.
const host = new GitHubHost(core, process.env);
void runCommand(host, () => parseCommandName(host.getInput('command'), host.inputLabel('command'))).then((code) => {
  process.exitCode = code;
});
