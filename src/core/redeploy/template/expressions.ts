import { REGISTRY_TYPE } from './names.js';

/**
 * The few ARM template expressions the generated template uses, and the escaping that keeps values
 * from the plan literal: a string that starts with '[' and ends with ']' would otherwise be evaluated
 * by ARM as an expression, so it is written with ARM's '[[' escape.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** One resource of the template, as ARM reads it. */
export interface TemplateResource extends JsonObject {
  type: string;
  apiVersion: string;
  name: string;
}

/** A string literal inside an expression: single quotes doubled. */
export function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Plan data as template data: every string (keys included) kept literal. */
export function literal(value: unknown): JsonValue {
  if (typeof value === 'string') return value.startsWith('[') && value.endsWith(']') ? `[${value}` : value;
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(literal);
  if (value && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[literal(key) as string] = literal(item);
    }
    return out;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return null;
}

export const REGISTRY_NAME = "parameters('registryName')";
export const LOCATION = "[parameters('location')]";

/** The target registry's resource id. */
export const REGISTRY_ID = `[resourceId('${REGISTRY_TYPE}', ${REGISTRY_NAME})]`;

/** `registryName/childName` for a child resource of the registry. */
export function childName(name: string): string {
  return `[format('{0}/{1}', ${REGISTRY_NAME}, ${quote(name)})]`;
}

/** Resource id of a child of the target registry, e.g. kind 'scopeMaps'. */
export function childId(kind: string, name: string): string {
  return `[resourceId('${REGISTRY_TYPE}/${kind}', ${REGISTRY_NAME}, ${quote(name)})]`;
}

export function parameter(name: string): string {
  return `[parameters(${quote(name)})]`;
}

/** Drop undefined and null members: the template says only what it means to set. */
export function defined(object: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined && value !== null) out[key] = value as JsonValue;
  }
  return out;
}
