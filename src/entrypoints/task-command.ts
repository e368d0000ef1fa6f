import { readFileSync } from 'node:fs';
import { RelocationError } from '../core/errors.js';
import type { CommandName } from '../core/inputs/types.js';
import { commandOfTask } from './catalog.js';

/** What the Azure Pipelines entry point learns from the task.json beside its bundle. */
export interface TaskCommand {
  /** The command, or undefined when task.json could not be read. */
  command: CommandName | undefined;
  /** Returns the command, or throws the reason it is unknown (runCommand reports it as the failure). */
  resolve(): CommandName;
}

/**
 * Read the task's name from task.json and register the file with task-lib as its message source.
 * Never throws: a broken task folder becomes the task's one failure, reported through the host.
 */
export function resolveTaskCommand(
  taskJsonPath: string,
  tl: { setResourcePath(path: string, ignoreWarnings?: boolean): void },
): TaskCommand {
  try {
    const name: unknown = (JSON.parse(readFileSync(taskJsonPath, 'utf8')) as { name?: unknown }).name;
    const command = typeof name === 'string' ? commandOfTask(name) : undefined;
    if (!command) throw new Error(`its name ${JSON.stringify(name)} is not one of acr-relocate's tasks`);
    tl.setResourcePath(taskJsonPath);
    return { command, resolve: () => command };
  } catch (error) {
    const reason = new RelocationError(
      'INTERNAL',
      `The task folder is broken: ${taskJsonPath} cannot be used (${error instanceof Error ? error.message : String(error)}).`,
      'Reinstall the acr-relocate extension.',
    );
    return {
      command: undefined,
      resolve: () => {
        throw reason;
      },
    };
  }
}
