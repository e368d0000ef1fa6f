import { RelocationError } from '../errors.js';
import { COMMANDS, type CommandName } from '../inputs/types.js';
import type { Command } from './context.js';
import { importArtifacts } from './import-artifacts.js';
import { prepare } from './prepare.js';
import { redeploy } from './redeploy.js';
import { rewireConsumersCommand } from './rewire-consumers.js';
import { retireSourceCommand } from './retire-source.js';
import { verify } from './verify.js';

/** Every command, by name: the type makes a missing one a compile error. */
const COMMAND_IMPLEMENTATIONS: Record<CommandName, Command> = {
  prepare,
  'import-artifacts': importArtifacts,
  redeploy,
  'rewire-consumers': rewireConsumersCommand,
  verify,
  'retire-source': retireSourceCommand,
};

export function isCommandName(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

export function parseCommandName(value: string | undefined, label: string): CommandName {
  const name = (value ?? '').trim();
  if (!name) {
    throw new RelocationError('INPUT_MISSING', `Input ${label} is required.`, `Use one of: ${COMMANDS.join(', ')}.`);
  }
  if (!isCommandName(name)) {
    throw new RelocationError('UNKNOWN_COMMAND', `Unknown command "${name}".`, `Use one of: ${COMMANDS.join(', ')}.`);
  }
  return name;
}

export function getCommand(name: CommandName): Command {
  return COMMAND_IMPLEMENTATIONS[name];
}
