import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tl from 'azure-pipelines-task-lib/task.js';
import { AzurePipelinesHost } from '../hosts/azure-pipelines/host.js';
import { resolveTaskCommand } from './task-command.js';
import { runCommand } from './run.js';

// One bundle serves all six tasks: each task folder holds a byte-identical copy in dist/, and the
// folder's own task.json (which task-lib reads for messages anyway) says which command it runs.
const taskJsonPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'task.json');
const task = resolveTaskCommand(taskJsonPath, tl);
const host = new AzurePipelinesHost(tl, { command: task.command });
void runCommand(host, task.resolve).then((code) => {
  process.exitCode = code;
});
