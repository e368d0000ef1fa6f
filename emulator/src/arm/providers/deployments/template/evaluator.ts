/**
 * Evaluates template values: walks JSON, evaluates "[…]" strings (including object keys), expands
 * property copy loops ({"copy": [{"name", "count", "input"}]}), and evaluates expressions with the
 * function library. if() evaluates only the branch it picks. DEFERRED propagates through calls,
 * property access and indexers; with `keepDeferredText` a string whose value is DEFERRED stays the
 * expression text (what what-if shows for values known only after deployment).
 */
import { classify, parseExpression, type Expression } from './parser.js';
import {
  DEFERRED,
  TemplateError,
  index,
  isDeferred,
  isObject,
  property,
  type JsonObject,
  type JsonValue,
  type Value,
} from './values.js';
import { arity, bool, int, str, type EvaluationContext, type TemplateFunction } from './functionTypes.js';
import { STRING_FUNCTIONS } from './functionsString.js';
import { COLLECTION_FUNCTIONS, LOGIC_FUNCTIONS, NUMERIC_FUNCTIONS } from './functionsCollection.js';
import { RESOURCE_FUNCTIONS, listFunction } from './functionsResource.js';

const FUNCTIONS = new Map<string, TemplateFunction>(
  Object.entries({
    ...STRING_FUNCTIONS,
    ...LOGIC_FUNCTIONS,
    ...NUMERIC_FUNCTIONS,
    ...COLLECTION_FUNCTIONS,
    ...RESOURCE_FUNCTIONS,
  }),
);

export interface EvaluateOptions {
  keepDeferredText?: boolean;
}

export function knownFunction(name: string): boolean {
  const lower = name.toLowerCase();
  return FUNCTIONS.has(lower) || lower === 'if' || /^list\w*$/.test(lower);
}

export async function evaluateExpression(expression: Expression, ctx: EvaluationContext): Promise<Value> {
  switch (expression.kind) {
    case 'string':
    case 'number':
      return expression.value;
    case 'property':
      return property(await evaluateExpression(expression.target, ctx), expression.name);
    case 'index':
      return index(await evaluateExpression(expression.target, ctx), await evaluateExpression(expression.index, ctx));
    case 'call':
      return call(expression, ctx);
  }
}

async function call(expression: Extract<Expression, { kind: 'call' }>, ctx: EvaluationContext): Promise<Value> {
  const lower = expression.name.toLowerCase();
  if (lower === 'if') return conditional(expression, ctx);
  const implementation = FUNCTIONS.get(lower) ?? (/^list\w*$/.test(lower) ? listFunction : undefined);
  if (!implementation) {
    throw new TemplateError(
      `The template function '${expression.name}' is not valid. Please see https://aka.ms/arm-functions for usage details.`,
    );
  }
  const args: JsonValue[] = [];
  for (const argument of expression.args) {
    const value = await evaluateExpression(argument, ctx);
    if (isDeferred(value)) return DEFERRED;
    args.push(value);
  }
  return implementation(args, ctx, expression.name);
}

async function conditional(expression: Extract<Expression, { kind: 'call' }>, ctx: EvaluationContext): Promise<Value> {
  arity('if', expression.args, 3);
  const condition = await evaluateExpression(expression.args[0] as Expression, ctx);
  if (isDeferred(condition)) return DEFERRED;
  return evaluateExpression(expression.args[bool('if', condition) ? 1 : 2] as Expression, ctx);
}

/** A template string: literal text, '[[' escape, or an expression. */
export async function evaluateString(
  text: string,
  ctx: EvaluationContext,
  options: EvaluateOptions = {},
): Promise<Value> {
  const kind = classify(text);
  if ('literal' in kind) return kind.literal;
  const value = await evaluateExpression(parseExpression(kind.expression), ctx);
  return isDeferred(value) && options.keepDeferredText ? text : value;
}

/** Any template value, recursively. */
export async function evaluateValue(
  value: JsonValue,
  ctx: EvaluationContext,
  options: EvaluateOptions = {},
): Promise<Value> {
  if (typeof value === 'string') return evaluateString(value, ctx, options);
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const item of value) {
      const evaluated = await evaluateValue(item, ctx, options);
      if (isDeferred(evaluated)) return DEFERRED;
      out.push(evaluated);
    }
    return out;
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [rawKey, item] of Object.entries(value)) {
    if (rawKey === 'copy' && isPropertyCopy(item)) {
      const expanded = await expandPropertyCopies(item as JsonObject[], ctx, options);
      if (isDeferred(expanded)) return DEFERRED;
      Object.assign(out, expanded);
      continue;
    }
    const key = await evaluateString(rawKey, ctx);
    if (isDeferred(key)) return DEFERRED;
    const evaluated = await evaluateValue(item, ctx, options);
    if (isDeferred(evaluated)) return DEFERRED;
    out[typeof key === 'string' ? key : JSON.stringify(key)] = evaluated;
  }
  return out;
}

export function isPropertyCopy(value: JsonValue): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => isObject(item) && 'name' in item && 'count' in item && 'input' in item)
  );
}

/** Expands {"name", "count", "input"} loops (property and variable iteration). */
export async function expandPropertyCopies(
  loops: JsonObject[],
  ctx: EvaluationContext,
  options: EvaluateOptions,
): Promise<JsonObject | typeof DEFERRED> {
  const out: JsonObject = {};
  for (const loop of loops) {
    const name = str('copy', (await evaluateValue(loop.name as JsonValue, ctx)) as JsonValue);
    const count = await evaluateValue(loop.count as JsonValue, ctx);
    if (isDeferred(count)) return DEFERRED;
    const items: JsonValue[] = [];
    for (let i = 0; i < int('copy', count); i++) {
      const inner = { ...ctx, copyLoops: [...ctx.copyLoops, { name, index: i, resource: false }] };
      const item = await evaluateValue(loop.input as JsonValue, inner, options);
      if (isDeferred(item)) return DEFERRED;
      items.push(item);
    }
    out[name] = items;
  }
  return out;
}
