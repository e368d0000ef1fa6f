/**
 * What template functions receive and how they check their arguments (ARM's wording for arity and
 * type errors). Arguments arrive evaluated; DEFERRED never reaches a function (the evaluator
 * short-circuits it), except through the context's reference()/list*() which may return it.
 */
import { TemplateError, typeName, type JsonObject, type JsonValue, type Value } from './values.js';

export interface CopyLoop {
  name: string;
  index: number;
  /** Resource-level loop (what copyIndex() without a name refers to). */
  resource: boolean;
}

/** Scope objects the deployment functions return. */
export interface DeploymentEnvironment {
  subscription: JsonObject;
  resourceGroup: JsonObject;
  deployment: JsonObject;
  tenant: JsonObject;
  environment: JsonObject;
}

export interface EvaluationContext {
  environment: DeploymentEnvironment;
  parameter(name: string): Value;
  /** `chain`: the variables being evaluated around this call (circular references are errors). */
  variable(name: string, chain: readonly string[]): Promise<Value>;
  variableChain?: readonly string[];
  copyLoops: readonly CopyLoop[];
  /** reference(): properties (or the full body) of a resource; DEFERRED when not knowable yet. */
  reference(target: string, apiVersion: string | undefined, full: boolean): Promise<Value>;
  /** list*(): POST {resourceId}/{action}. */
  list(action: string, resourceId: string, apiVersion: string, body: JsonValue | undefined): Promise<Value>;
}

export type TemplateFunction = (args: JsonValue[], ctx: EvaluationContext, name: string) => Value | Promise<Value>;

const HELP = 'Please see https://aka.ms/arm-functions for usage details.';

export function arity(name: string, args: readonly unknown[], min: number, max = min): void {
  if (args.length >= min && args.length <= max) return;
  const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
  throw new TemplateError(`The template language function '${name}' must have ${expected} parameter(s). ${HELP}`);
}

function typeError(name: string, expected: string, value: JsonValue): TemplateError {
  return new TemplateError(
    `The template language function '${name}' expects its parameter to be of type '${expected}'. The provided value is of type '${typeName(value)}'. ${HELP}`,
  );
}

export function str(name: string, value: JsonValue | undefined): string {
  if (typeof value !== 'string') throw typeError(name, 'String', value ?? null);
  return value;
}

export function int(name: string, value: JsonValue | undefined): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(name, 'Integer', value ?? null);
  return value;
}

export function bool(name: string, value: JsonValue | undefined): boolean {
  if (typeof value !== 'boolean') throw typeError(name, 'Boolean', value ?? null);
  return value;
}

export function arr(name: string, value: JsonValue | undefined): JsonValue[] {
  if (!Array.isArray(value)) throw typeError(name, 'Array', value ?? null);
  return value;
}

export function obj(name: string, value: JsonValue | undefined): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw typeError(name, 'Object', value ?? null);
  return value;
}

export function unsupportedArgument(name: string, value: JsonValue): TemplateError {
  return new TemplateError(
    `The template language function '${name}' does not support a parameter of type '${typeName(value)}'. ${HELP}`,
  );
}
