import { COMMANDS, type CommandName } from '../core/inputs/types.js';

/** How each command introduces itself: CLI help, action.yml, task.json and docs/commands.md all read this. */
export interface CommandInfo {
  name: CommandName;
  /** A few words, used as the Azure Pipelines task's friendly name (at most 40 characters there). */
  title: string;
  /** One or two sentences: what the stage does and what it needs before it. */
  description: string;
}

export const COMMAND_CATALOG: Readonly<Record<CommandName, CommandInfo>> = {
  prepare: {
    name: 'prepare',
    title: 'prepare',
    description:
      'Inventory the source registry (settings, children, every manifest by digest, consumers), run the prerequisite checks and write the relocation plan.',
  },
  redeploy: {
    name: 'redeploy',
    title: 'redeploy',
    description:
      'Create (or adopt) the target registry in the new region from the plan, with its settings and child resources.',
  },
  'import-artifacts': {
    name: 'import-artifacts',
    title: 'import artifacts',
    description:
      'Copy every manifest of the plan into the target by digest, with its tags and referrers; a re-run copies only what is missing.',
  },
  'rewire-consumers': {
    name: 'rewire-consumers',
    title: 'rewire consumers',
    description:
      'Grant AKS clusters pull access on the target, rewrite image references in files and re-point apps at the target.',
  },
  verify: {
    name: 'verify',
    title: 'verify',
    description:
      'Check that the target holds everything the plan holds and whether the source changed since; write the verification report.',
  },
  'retire-source': {
    name: 'retire-source',
    title: 'retire source',
    description:
      'Brown out (disable) or delete the source registry, only after a fresh, passing verification report for the same plan.',
  },
};

/** The Azure Pipelines task of a command: AcrRelocatePrepare, AcrRelocateImportArtifacts, ... */
export function taskName(command: CommandName): string {
  return `AcrRelocate${command.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase())}`;
}

/** The command a task runs, from the task's name (the inverse of taskName). */
export function commandOfTask(name: string): CommandName | undefined {
  return COMMANDS.find((command) => taskName(command) === name);
}

/** The friendly name of a command's Azure Pipelines task. */
export function taskFriendlyName(command: CommandName): string {
  return `ACR relocate: ${COMMAND_CATALOG[command].title}`;
}
