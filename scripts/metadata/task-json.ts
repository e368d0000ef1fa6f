import { OUTPUTS } from '../../src/core/inputs/outputs.js';
import { inputsFor } from '../../src/core/inputs/read.js';
import { appliesTo, camelCase, type CommandName, type InputSpec } from '../../src/core/inputs/types.js';
import { COMMAND_CATALOG, taskFriendlyName, taskName } from '../../src/entrypoints/catalog.js';
import { CONNECTION_DEFAULTS } from '../../src/hosts/azure-pipelines/connection.js';
import { TASK_IDS } from '../task-ids.js';
import { AUTHOR, taskVersion, type PackageInfo } from './project.js';
import { inputTitle, sentences } from './text.js';

/** Node 20 handler (Node20_1) needs agent 3.232.1; older agents must not pick the task up. */
export const MINIMUM_AGENT_VERSION = '3.232.1';
/** Where the bundle sits inside the task folder. */
export const TASK_BUNDLE = 'dist/index.js';

export const TASK_GROUPS = [
  { name: 'azure', displayName: 'Azure', isExpanded: true },
  { name: 'advanced', displayName: 'Advanced', isExpanded: false },
] as const;

export interface TaskInput {
  name: string;
  type: string;
  label: string;
  defaultValue: string;
  required: boolean;
  helpMarkDown: string;
  groupName?: string;
  options?: Record<string, string>;
}

/** tasks/<Name>/task.json for one command. */
export function buildTaskJson(command: CommandName, pkg: PackageInfo): Record<string, unknown> {
  const info = COMMAND_CATALOG[command];
  return {
    id: TASK_IDS[command],
    name: taskName(command),
    friendlyName: taskFriendlyName(command),
    description: info.description,
    helpMarkDown: `${info.description} Inputs and outputs: docs/commands.md#${command}.`,
    category: 'Deploy',
    author: AUTHOR,
    version: taskVersion(pkg.version),
    minimumAgentVersion: MINIMUM_AGENT_VERSION,
    instanceNameFormat: taskFriendlyName(command),
    groups: TASK_GROUPS,
    inputs: inputsFor(command, 'azure-pipelines').map((spec) => taskInput(spec, command)),
    OutputVariables: OUTPUTS.filter((output) => appliesTo(output, command)).map((output) => ({
      name: camelCase(output.name),
      description: output.description,
    })),
    execution: {
      Node24: { target: TASK_BUNDLE },
      Node20_1: { target: TASK_BUNDLE },
    },
    messages: {},
  };
}

function taskInput(spec: InputSpec, command: CommandName): TaskInput {
  const fallback = CONNECTION_DEFAULTS[spec.name];
  const input: TaskInput = {
    name: camelCase(spec.name),
    type: inputType(spec),
    label: inputTitle(spec.name),
    // An input that falls back to the service connection must stay empty by default, or it never would.
    defaultValue: fallback ? '' : (spec.default ?? ''),
    required: spec.requiredFor?.includes(command) ?? false,
    helpMarkDown: sentences(spec.description, fallback?.note ?? ''),
  };
  if (spec.group) input.groupName = spec.group;
  if (spec.allowed) input.options = Object.fromEntries(spec.allowed.map((value) => [value, value]));
  return input;
}

function inputType(spec: InputSpec): string {
  if (spec.name === 'azure-subscription') return 'connectedService:AzureRM';
  if (spec.allowed) return 'pickList';
  switch (spec.type) {
    case 'boolean':
      return 'boolean';
    case 'list':
    case 'map':
      return 'multiLine';
    default:
      return 'string';
  }
}
