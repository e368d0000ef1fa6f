import { isCommandName } from '../../core/commands/index.js';
import { inputsFor } from '../../core/inputs/read.js';
import { COMMANDS, type CommandName, type InputSpec } from '../../core/inputs/types.js';

/** The command line cannot be understood (exit code 2, as opposed to 1 for a failed run). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Options of the command line itself, not inputs of a command. */
export const CLI_OPTIONS = [
  { name: 'summary-file', value: 'FILE', description: 'Also write the summary (Markdown) to FILE.' },
  { name: 'outputs-file', value: 'FILE', description: 'Write the outputs to FILE as a JSON object.' },
] as const;

export type CliInvocation =
  | { kind: 'help'; command?: CommandName }
  | { kind: 'version' }
  | {
      kind: 'run';
      command: CommandName;
      /** Input values given as flags, by kebab-case input name. */
      flags: ReadonlyMap<string, string>;
      summaryFile?: string;
      outputsFile?: string;
    };

const HELP = new Set(['--help', '-h']);

/** Parse `acr-relocate <command> [--flag value | --flag=value | --boolean[=false]]...`. */
export function parseCommandLine(argv: readonly string[]): CliInvocation {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('Missing command.');
  if (HELP.has(first)) return { kind: 'help' };
  if (first === '--version') return { kind: 'version' };
  if (first.startsWith('-')) throw new UsageError(`Give the command first: acr-relocate <command> [options].`);
  if (!isCommandName(first)) {
    throw new UsageError(`Unknown command "${first}". Commands: ${COMMANDS.join(', ')}.`);
  }
  return parseCommandOptions(first, rest);
}

function parseCommandOptions(command: CommandName, args: readonly string[]): CliInvocation {
  const inputs = new Map(inputsFor(command, 'cli').map((spec) => [spec.name, spec]));
  const flags = new Map<string, string>();
  const options = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (HELP.has(arg)) return { kind: 'help', command };
    if (arg === '--version') return { kind: 'version' };
    if (!arg.startsWith('--') || arg === '--') throw new UsageError(unexpectedArgument(arg, args[index - 1]));
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    const inline = equals < 0 ? undefined : arg.slice(equals + 1);
    const spec = inputs.get(name);
    const isOption = CLI_OPTIONS.some((option) => option.name === name);
    if (!spec && !isOption) throw new UsageError(unknownFlag(command, name, inputs));
    let value = inline;
    if (value === undefined && spec?.type === 'boolean') value = 'true';
    if (value === undefined) {
      const next = args[index + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
      value = next;
      index++;
    }
    if (isOption) setOnce(options, name, value);
    else addFlag(flags, spec as InputSpec, value);
  }
  return {
    kind: 'run',
    command,
    flags,
    ...(options.has('summary-file') ? { summaryFile: options.get('summary-file') } : {}),
    ...(options.has('outputs-file') ? { outputsFile: options.get('outputs-file') } : {}),
  };
}

/** A list or map flag may be repeated (one item each); any other flag may be given once. */
function addFlag(flags: Map<string, string>, spec: InputSpec, value: string): void {
  const previous = flags.get(spec.name);
  if (previous !== undefined && (spec.type === 'list' || spec.type === 'map')) {
    flags.set(spec.name, `${previous}\n${value}`);
    return;
  }
  setOnce(flags, spec.name, value);
}

function setOnce(map: Map<string, string>, name: string, value: string): void {
  if (map.has(name)) throw new UsageError(`--${name} is given more than once.`);
  map.set(name, value);
}

function unknownFlag(command: CommandName, name: string, inputs: ReadonlyMap<string, InputSpec>): string {
  const valid = [...inputs.keys(), ...CLI_OPTIONS.map((option) => option.name), 'help']
    .map((flag) => `--${flag}`)
    .join(', ');
  return `Unknown option --${name} for ${command}. Valid options: ${valid}.`;
}

function unexpectedArgument(arg: string, previous: string | undefined): string {
  const afterBoolean = previous?.startsWith('--') && !previous.includes('=');
  const hint = afterBoolean ? ` A boolean takes its value after "=": ${previous}=${arg}.` : '';
  return `Unexpected argument "${arg}".${hint}`;
}
