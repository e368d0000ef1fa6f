/**
 * A deployment template's top level: structure checks, parameter binding (types, defaultValue,
 * allowedValues, length and value limits, secure types), variables (lazy, cycle-checked, variable
 * copy loops) and outputs. Messages follow ARM's (they end up inside "Deployment template validation
 * failed: '…'"). Secure parameter and output values are never echoed back (see displayParameters).
 */
import {
  TemplateError,
  findKey,
  isDeferred,
  isObject,
  typeName,
  type JsonObject,
  type JsonValue,
  type Value,
} from './values.js';
import type { DeploymentEnvironment, EvaluationContext } from './functionTypes.js';
import { evaluateValue, expandPropertyCopies, isPropertyCopy } from './evaluator.js';

const TYPES: Record<string, string> = {
  string: 'String',
  securestring: 'SecureString',
  int: 'Int',
  bool: 'Bool',
  object: 'Object',
  secureobject: 'SecureObject',
  array: 'Array',
};

export interface Template {
  raw: JsonObject;
  parameters: Record<string, JsonObject>;
  variables: JsonObject;
  resources: JsonValue[];
  outputs: Record<string, JsonObject>;
}

export interface BoundParameter {
  /** ARM's display name of the type: String, SecureString, Int, … */
  type: string;
  value: JsonValue;
  secure: boolean;
}

export interface ResolutionHooks {
  reference: EvaluationContext['reference'];
  list: EvaluationContext['list'];
}

export function loadTemplate(raw: unknown): Template {
  if (!isObject(raw)) throw new TemplateError('The template must be a JSON object.');
  const resources = raw[findKey(raw, 'resources') ?? 'resources'];
  if (resources === undefined) throw new TemplateError("Required property 'resources' not found in JSON. Path ''.");
  if (!Array.isArray(resources)) {
    throw new TemplateError(
      "The template 'resources' property must be an array (symbolic-name templates, languageVersion 2.0, are not supported by the emulator).",
    );
  }
  const section = (name: string): JsonObject => {
    const value = raw[findKey(raw, name) ?? name];
    if (value === undefined) return {};
    if (!isObject(value)) throw new TemplateError(`The template '${name}' property must be a JSON object.`);
    return value;
  };
  const parameters = section('parameters');
  const outputs = section('outputs');
  for (const [name, definition] of Object.entries(parameters)) {
    const type =
      isObject(definition) && typeof definition.type === 'string' ? definition.type.toLowerCase() : undefined;
    if (!type || !TYPES[type])
      throw new TemplateError(
        `The template parameter '${name}' has an invalid type '${isObject(definition) ? String(definition.type) : ''}'. The supported types are '${Object.keys(TYPES).join(', ')}'.`,
      );
  }
  for (const [name, definition] of Object.entries(outputs)) {
    const type =
      isObject(definition) && typeof definition.type === 'string' ? definition.type.toLowerCase() : undefined;
    if (!type || !TYPES[type]) throw new TemplateError(`The template output '${name}' has an invalid type.`);
  }
  return {
    raw,
    parameters: parameters as Record<string, JsonObject>,
    variables: section('variables'),
    resources,
    outputs: outputs as Record<string, JsonObject>,
  };
}

function parameterError(name: string, detail: string): TemplateError {
  return new TemplateError(`The provided value for the template parameter '${name}' is not valid. ${detail}`);
}

function checkType(type: string, value: JsonValue): void {
  const expected =
    type === 'int'
      ? 'Integer'
      : type === 'bool'
        ? 'Boolean'
        : type.includes('object')
          ? 'Object'
          : type.includes('string')
            ? 'String'
            : 'Array';
  if (typeName(value) !== expected) {
    throw new TemplateError(
      `Template parameter JToken type is not valid. Expected '${expected}'. Actual '${typeName(value)}'. Please see https://aka.ms/arm-create-parameter-file for usage details.`,
    );
  }
}

function checkLimits(name: string, definition: JsonObject, value: JsonValue): void {
  const allowed = definition.allowedValues;
  if (Array.isArray(allowed) && !allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
    throw parameterError(
      name,
      `The value '${typeof value === 'string' ? value : JSON.stringify(value)}' is not part of the allowed value(s): '${allowed.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(',')}'.`,
    );
  }
  const length = typeof value === 'string' || Array.isArray(value) ? value.length : undefined;
  if (length !== undefined && typeof definition.minLength === 'number' && length < definition.minLength) {
    throw parameterError(name, `The length of the value must be at least '${definition.minLength}'.`);
  }
  if (length !== undefined && typeof definition.maxLength === 'number' && length > definition.maxLength) {
    throw parameterError(name, `The length of the value must be at most '${definition.maxLength}'.`);
  }
  if (typeof value === 'number' && typeof definition.minValue === 'number' && value < definition.minValue) {
    throw parameterError(name, `The value must not be less than '${definition.minValue}'.`);
  }
  if (typeof value === 'number' && typeof definition.maxValue === 'number' && value > definition.maxValue) {
    throw parameterError(name, `The value must not be greater than '${definition.maxValue}'.`);
  }
}

/** Checks the deployment's parameter values against the template; defaults are evaluated lazily by the context. */
export function checkProvidedParameters(template: Template, provided: JsonObject): void {
  const names = Object.keys(template.parameters);
  const unknown = Object.keys(provided).filter((key) => findKey(template.parameters, key) === undefined);
  if (unknown.length > 0) {
    throw new TemplateError(
      `The template parameters '${unknown.join(', ')}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '${names.join(', ')}'. Please see https://aka.ms/arm-pass-parameter-values for usage details.`,
    );
  }
  for (const [key, entry] of Object.entries(provided)) {
    if (!isObject(entry) || !('value' in entry)) {
      const detail =
        isObject(entry) && 'reference' in entry
          ? 'Key Vault references are not supported by the emulator.'
          : 'Each parameter must be given as { "value": … }.';
      throw new TemplateError(`The value for the template parameter '${key}' is not valid. ${detail}`);
    }
  }
}

/**
 * The evaluation context of a deployment: parameters (provided or default), variables, scope objects
 * and the hooks reference()/list*() use. Variables and defaults are evaluated once, on first use.
 */
export function createContext(
  template: Template,
  provided: JsonObject,
  environment: DeploymentEnvironment,
  hooks: ResolutionHooks,
): EvaluationContext & { bound(): Promise<Record<string, BoundParameter>> } {
  const parameterCache = new Map<string, JsonValue>();
  const variableCache = new Map<string, Promise<Value>>();
  const variableCopies =
    Array.isArray(template.variables.copy) && isPropertyCopy(template.variables.copy)
      ? (template.variables.copy as JsonObject[])
      : [];
  const context: EvaluationContext & { bound(): Promise<Record<string, BoundParameter>> } = {
    environment,
    copyLoops: [],
    reference: hooks.reference,
    list: hooks.list,
    parameter(name) {
      const key = findKey(template.parameters, name);
      if (key === undefined)
        throw new TemplateError(
          `The template parameter '${name}' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.`,
        );
      if (parameterCache.has(key)) return parameterCache.get(key) as JsonValue;
      throw new TemplateError(
        `The template parameter '${key}' is used before its value is known (parameter defaults may only use other parameters declared before them).`,
      );
    },
    async variable(name, chain) {
      const copy = variableCopies.find((loop) => String(loop.name).toLowerCase() === name.toLowerCase());
      const key = findKey(template.variables, name);
      if (key === undefined && !copy)
        throw new TemplateError(
          `The template variable '${name}' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.`,
        );
      const cacheKey = (key ?? String(copy?.name)).toLowerCase();
      if (chain.includes(cacheKey))
        throw new TemplateError(`The template variable '${name}' has a circular reference.`);
      const cached = variableCache.get(cacheKey);
      if (cached) return cached;
      const inner = { ...context, copyLoops: [], variableChain: [...chain, cacheKey] };
      const pending = (async () => {
        if (copy)
          return ((await expandPropertyCopies([copy], inner, {})) as JsonObject)[String(copy.name)] as JsonValue;
        return evaluateValue(template.variables[key as string] as JsonValue, inner);
      })();
      variableCache.set(cacheKey, pending);
      return pending;
    },
    async bound() {
      const out: Record<string, BoundParameter> = {};
      for (const [name, definition] of Object.entries(template.parameters)) {
        const type = String(definition.type).toLowerCase();
        const providedKey = findKey(provided, name);
        let value: JsonValue;
        if (providedKey !== undefined) value = (provided[providedKey] as JsonObject).value as JsonValue;
        else if ('defaultValue' in definition) {
          const evaluated = await evaluateValue(definition.defaultValue as JsonValue, { ...context, copyLoops: [] });
          if (isDeferred(evaluated))
            throw new TemplateError(
              `The default value of the template parameter '${name}' cannot use reference() or list*().`,
            );
          value = evaluated;
        } else {
          throw new TemplateError(
            `The value for the template parameter '${name}' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.`,
          );
        }
        checkType(type, value);
        checkLimits(name, definition, value);
        parameterCache.set(name, value);
        out[name] = { type: TYPES[type] as string, value, secure: type.startsWith('secure') };
      }
      return out;
    },
  };
  return context;
}

/** Parameters as a deployment shows them: secure values are never returned. */
export function displayParameters(bound: Record<string, BoundParameter>): JsonObject {
  const out: JsonObject = {};
  for (const [name, p] of Object.entries(bound))
    out[name] = p.secure ? { type: p.type } : { type: p.type, value: p.value };
  return out;
}

/** The template's outputs, evaluated; secure outputs keep their type and lose their value. */
export async function evaluateOutputs(template: Template, ctx: EvaluationContext): Promise<JsonObject> {
  const out: JsonObject = {};
  for (const [name, definition] of Object.entries(template.outputs)) {
    if ('condition' in definition) {
      const condition = await evaluateValue(definition.condition as JsonValue, ctx);
      if (condition === false) continue;
    }
    const type = String(definition.type).toLowerCase();
    const display = TYPES[type] as string;
    let value: Value;
    if (isObject(definition.copy)) {
      const loop = {
        name: 'copy',
        count: definition.copy.count ?? 0,
        input: definition.copy.input ?? null,
      } as JsonObject;
      value = ((await expandPropertyCopies([loop], ctx, {})) as JsonObject).copy as JsonValue;
    } else {
      value = await evaluateValue(definition.value as JsonValue, ctx);
    }
    if (isDeferred(value)) throw new TemplateError(`The template output '${name}' could not be evaluated.`);
    out[name] = type.startsWith('secure') ? { type: display } : { type: display, value };
  }
  return out;
}
