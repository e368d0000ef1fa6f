import { inputsFor } from '../../core/inputs/read.js';
import { OUTPUTS } from '../../core/inputs/outputs.js';
import { appliesTo, COMMANDS, type CommandName, type InputSpec } from '../../core/inputs/types.js';
import { CLI_OPTIONS } from '../../hosts/cli/args.js';
import { inputEnvironmentVariable } from '../../hosts/cli/host.js';
import { COMMAND_CATALOG } from '../catalog.js';

const WIDTH = 100;
const INDENT = '      ';

/** `acr-relocate --help`: the commands and how options work. */
export function generalHelp(): string {
  const nameWidth = Math.max(...COMMANDS.map((name) => name.length)) + 2;
  const commands = COMMANDS.map((name) =>
    hang(`  ${name.padEnd(nameWidth)}`, COMMAND_CATALOG[name].description, `  ${' '.repeat(nameWidth)}`),
  );
  return [
    'Usage: acr-relocate <command> [options]',
    '',
    'Move an Azure Container Registry to another region, one stage at a time.',
    '',
    'Commands:',
    ...commands,
    '',
    "Run 'acr-relocate <command> --help' for a command's options.",
    ...wrap(
      'Every input can also come from an environment variable: --plan-path from ACR_RELOCATE_PLAN_PATH, and so on; a flag wins over its variable.',
      '',
    ),
    ...wrap(
      'Sign-in: DefaultAzureCredential (AZURE_* variables, workload or managed identity, az login). With --authority-host only AZURE_TENANT_ID and AZURE_CLIENT_ID with a secret, certificate or federated token file are used.',
      '',
    ),
    '',
    'Options:',
    '  -h, --help   Show help.',
    '  --version    Print the version.',
    '',
    'Exit codes: 0 done, 1 failed, 2 the command line is wrong.',
    '',
  ].join('\n');
}

/** `acr-relocate <command> --help`: every input of the command, generated from the input table. */
export function commandHelp(command: CommandName): string {
  const inputs = inputsFor(command, 'cli');
  const outputs = OUTPUTS.filter((output) => appliesTo(output, command));
  return [
    `Usage: acr-relocate ${command} [options]`,
    '',
    ...wrap(COMMAND_CATALOG[command].description, ''),
    '',
    'Inputs:',
    ...inputs.flatMap((spec) => inputHelp(spec, command)),
    'Options:',
    ...CLI_OPTIONS.flatMap((option) => [`  --${option.name} ${option.value}`, ...wrap(option.description, INDENT)]),
    '  -h, --help',
    ...wrap('Show this help.', INDENT),
    '',
    ...(outputs.length > 0
      ? [
          'Outputs (printed as name=value lines at the end):',
          ...outputs.flatMap((output) => [`  ${output.name}`, ...wrap(output.description, INDENT)]),
          '',
        ]
      : []),
  ].join('\n');
}

function inputHelp(spec: InputSpec, command: CommandName): string[] {
  const notes = [
    spec.requiredFor?.includes(command) ? 'Required.' : '',
    spec.default !== undefined && !spec.default.includes('${{') ? `Default: ${spec.default}.` : '',
    spec.type === 'list' ? 'Repeat the flag or separate items with commas.' : '',
    spec.type === 'map' ? 'Repeat the flag, one "key => value" pair each.' : '',
    `Environment: ${inputEnvironmentVariable(spec.name)}.`,
  ].filter((note) => note !== '');
  return [`  --${spec.name}${valueHint(spec)}`, ...wrap(`${spec.description} ${notes.join(' ')}`, INDENT), ''];
}

function valueHint(spec: InputSpec): string {
  if (spec.allowed) return ` <${spec.allowed.join('|')}>`;
  switch (spec.type) {
    case 'boolean':
      return '[=true|false]';
    case 'integer':
      return spec.min !== undefined && spec.max !== undefined ? ` <${spec.min}..${spec.max}>` : ' <number>';
    case 'list':
      return ' <item,...>';
    case 'map':
      return ' <"key => value">';
    default:
      return ' <text>';
  }
}

/** First line after a fixed-width head, the rest indented to line up under it. */
function hang(head: string, text: string, indent: string): string {
  const [first = '', ...rest] = wrap(text, indent);
  return [head + first.slice(indent.length), ...rest].join('\n');
}

/** Greedy word wrap to WIDTH columns, every line starting with `indent`. */
export function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}
