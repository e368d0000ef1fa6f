export const COMMANDS = [
  'prepare',
  'redeploy',
  'import-artifacts',
  'rewire-consumers',
  'verify',
  'retire-source',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export type HostName = 'github' | 'azure-pipelines' | 'cli';

/**
 * How an input's text is parsed:
 * - string: as given (trimmed)
 * - boolean: true/false (also yes/no, 1/0), case-insensitive
 * - integer: a whole number, optionally bounded by `min`/`max`
 * - list: one item per line or comma-separated; blank lines and `#` comments dropped
 * - map: one `key => value` pair per line; blank lines and `#` comments dropped
 */
export type InputType = 'string' | 'boolean' | 'integer' | 'list' | 'map';

export interface InputSpec {
  /** kebab-case; action.yml uses it as is, task.json in camelCase, the CLI as --name. */
  name: string;
  description: string;
  type: InputType;
  /** Default as text, exactly as a user would type it. */
  default?: string;
  /** Allowed values (string inputs only). */
  allowed?: readonly string[];
  /** Commands that read this input. */
  commands: readonly CommandName[] | 'all';
  /** Commands for which the input must be given (and has no default). */
  requiredFor?: readonly CommandName[];
  /** Only some hosts have this input (e.g. the Azure Pipelines service connection). Default: all. */
  hosts?: readonly HostName[];
  /** The value is a secret: masked the moment it is read. */
  secret?: boolean;
  min?: number;
  max?: number;
  /** Task UI grouping on Azure Pipelines. */
  group?: 'azure' | 'advanced';
}

export interface OutputSpec {
  /** kebab-case; GitHub output names as is, Azure Pipelines output variables in camelCase. */
  name: string;
  description: string;
  commands: readonly CommandName[];
  secret?: boolean;
}

export function appliesTo(spec: { commands: readonly CommandName[] | 'all' }, command: CommandName): boolean {
  return spec.commands === 'all' || spec.commands.includes(command);
}

/** kebab-case → camelCase, the Azure Pipelines spelling. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** kebab-case → UPPER_SNAKE_CASE, as in ACR_RELOCATE_<NAME> environment variables. */
export function upperSnake(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}
