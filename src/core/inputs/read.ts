import { RelocationError } from '../errors.js';
import { parseInput, type InputValue } from './parse.js';
import { INPUTS } from './table.js';
import { appliesTo, type CommandName, type HostName, type InputSpec } from './types.js';

/** Where raw input text comes from; a Host implements this. */
export interface InputSource {
  readonly name: HostName;
  /** The raw text of an input, or undefined when the user did not set it. */
  getInput(name: string): string | undefined;
  /** The input's name as this host shows it to users (kebab-case, camelCase, --flag). */
  inputLabel(name: string): string;
  /** Mask a secret in every later log line. */
  setSecret(value: string): void;
}

/** Typed, validated inputs of one command run. */
export class Inputs {
  constructor(
    readonly command: CommandName,
    private readonly values: ReadonlyMap<string, InputValue>,
  ) {}

  private get(name: string): InputValue | undefined {
    if (!INPUTS.some((spec) => spec.name === name && appliesTo(spec, this.command))) {
      throw new Error(`Programming error: input "${name}" is not declared for ${this.command} in the input table.`);
    }
    return this.values.get(name);
  }

  string(name: string): string | undefined {
    const value = this.get(name);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  requiredString(name: string, label = name): string {
    const value = this.string(name);
    if (value === undefined)
      throw new RelocationError('INPUT_MISSING', `Input ${label} is required.`, 'Set it and run again.');
    return value;
  }

  boolean(name: string): boolean {
    return this.get(name) === true;
  }

  integer(name: string): number | undefined {
    const value = this.get(name);
    return typeof value === 'number' ? value : undefined;
  }

  list(name: string): string[] {
    const value = this.get(name);
    return Array.isArray(value) ? value : [];
  }

  map(name: string): Record<string, string> {
    const value = this.get(name);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  }
}

export function inputsFor(command: CommandName, host: HostName): InputSpec[] {
  return INPUTS.filter((spec) => appliesTo(spec, command) && (!spec.hosts || spec.hosts.includes(host)));
}

/**
 * Read every input the command uses from the host: apply defaults, check required inputs and
 * allowed values, parse by type, and mask secrets the moment they are read.
 */
export function readInputs(command: CommandName, source: InputSource): Inputs {
  const values = new Map<string, InputValue>();
  for (const spec of inputsFor(command, source.name)) {
    const given = source.getInput(spec.name);
    const raw = given !== undefined && given.trim() !== '' ? given : hostDefault(spec, source.name);
    if (raw === undefined) {
      if (spec.requiredFor?.includes(command)) {
        throw new RelocationError(
          'INPUT_MISSING',
          `Input ${source.inputLabel(spec.name)} is required by ${command}.`,
          `Set ${source.inputLabel(spec.name)}: ${spec.description}`,
        );
      }
      continue;
    }
    if (spec.secret) source.setSecret(raw.trim());
    values.set(spec.name, parseInput(spec, raw, source.inputLabel(spec.name)));
  }
  return new Inputs(command, values);
}

/** A default that only makes sense in the action's own expression language is not the CLI's. */
function hostDefault(spec: InputSpec, host: HostName): string | undefined {
  if (spec.default === undefined) return undefined;
  if (spec.default.includes('${{') && host !== 'github') return undefined;
  return spec.default;
}
