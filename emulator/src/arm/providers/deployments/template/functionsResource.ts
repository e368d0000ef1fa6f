/**
 * ARM template deployment and resource functions: parameters(), variables(), copyIndex(), the
 * resourceId() family (every arity), resourceGroup(), subscription(), deployment(), environment(),
 * tenant(), reference(). list*() functions are dispatched by the evaluator (any name starting "list").
 */
import { TemplateError, type JsonValue } from './values.js';
import { arity, int, str, type EvaluationContext, type TemplateFunction } from './functionTypes.js';

/** 'Microsoft.Ns/a/b' → namespace and the type segments. */
export function splitType(fn: string, type: string): { namespace: string; types: string[] } {
  const parts = type.split('/').filter((p) => p.length > 0);
  if (parts.length < 2 || !parts[0]?.includes('.')) {
    throw new TemplateError(
      `Unable to evaluate template language function '${fn}': the type '${type}' is not a valid fully qualified resource type.`,
    );
  }
  return { namespace: parts[0], types: parts.slice(1) };
}

/** `providers/{ns}/{t1}/{n1}/{t2}/{n2}…`: names may be given as separate arguments or 'a/b'. */
export function providerPath(fn: string, type: string, names: readonly string[]): string {
  const { namespace, types } = splitType(fn, type);
  const segments = names.flatMap((n) => n.split('/'));
  if (segments.length !== types.length) {
    throw new TemplateError(
      `Unable to evaluate template language function '${fn}': the type '${type}' requires '${types.length}' resource name argument(s).`,
    );
  }
  return `providers/${namespace}/${types.map((t, i) => `${t}/${segments[i] ?? ''}`).join('/')}`;
}

function scopeValue(ctx: EvaluationContext, key: 'subscription' | 'resourceGroup', field: string): string {
  return String(ctx.environment[key][field] ?? '');
}

/** Index of the first argument that is a fully qualified resource type (contains '/' and a namespace). */
function typeIndex(fn: string, args: readonly string[]): number {
  const at = args.findIndex((arg) => /^[^/]+\.[^/]+\/[^/]/.test(arg));
  if (at < 0)
    throw new TemplateError(`Unable to evaluate template language function '${fn}': no resource type was given.`);
  return at;
}

export function resourceIdOf(ctx: EvaluationContext, args: readonly string[]): string {
  const at = typeIndex('resourceId', args);
  if (at > 2)
    throw new TemplateError(
      "Unable to evaluate template language function 'resourceId': too many scope parameters before the resource type.",
    );
  const subscriptionId = at === 2 ? (args[0] as string) : scopeValue(ctx, 'subscription', 'subscriptionId');
  const group = at >= 1 ? (args[at - 1] as string) : scopeValue(ctx, 'resourceGroup', 'name');
  return `/subscriptions/${subscriptionId}/resourceGroups/${group}/${providerPath('resourceId', args[at] as string, args.slice(at + 1))}`;
}

const strings = (fn: string, args: JsonValue[]) => args.map((arg) => str(fn, arg));

export const RESOURCE_FUNCTIONS: Record<string, TemplateFunction> = {
  parameters: (args, ctx, name) => {
    arity(name, args, 1);
    return ctx.parameter(str(name, args[0]));
  },
  variables: (args, ctx, name) => {
    arity(name, args, 1);
    return ctx.variable(str(name, args[0]), ctx.variableChain ?? []);
  },
  copyindex: (args, ctx, name) => {
    arity(name, args, 0, 2);
    const loopName = typeof args[0] === 'string' ? args[0] : undefined;
    const offsetArg = loopName === undefined ? args[0] : args[1];
    const offset = offsetArg === undefined ? 0 : int(name, offsetArg);
    const loop =
      loopName === undefined
        ? ctx.copyLoops.find((l) => l.resource)
        : [...ctx.copyLoops].reverse().find((l) => l.name.toLowerCase() === loopName.toLowerCase());
    if (!loop) {
      throw new TemplateError(
        loopName
          ? `The template copy index loop reference '${loopName}' is not defined.`
          : "The template function 'copyIndex' is not expected at this location. The function can only be used in a resource with copy specified.",
      );
    }
    return loop.index + offset;
  },
  resourceid: (args, ctx, name) => {
    arity(name, args, 2, Infinity);
    return resourceIdOf(ctx, strings(name, args));
  },
  subscriptionresourceid: (args, ctx, name) => {
    arity(name, args, 2, Infinity);
    const list = strings(name, args);
    const at = typeIndex(name, list);
    if (at > 1)
      throw new TemplateError(
        `Unable to evaluate template language function '${name}': too many scope parameters before the resource type.`,
      );
    const subscriptionId = at === 1 ? (list[0] as string) : scopeValue(ctx, 'subscription', 'subscriptionId');
    return `/subscriptions/${subscriptionId}/${providerPath(name, list[at] as string, list.slice(at + 1))}`;
  },
  tenantresourceid: (args, _ctx, name) => {
    arity(name, args, 2, Infinity);
    const list = strings(name, args);
    return `/${providerPath(name, list[0] as string, list.slice(1))}`;
  },
  extensionresourceid: (args, _ctx, name) => {
    arity(name, args, 3, Infinity);
    const list = strings(name, args);
    const scope = (list[0] as string).replace(/\/$/, '');
    return `${scope}/${providerPath(name, list[1] as string, list.slice(2))}`;
  },
  resourcegroup: (args, ctx, name) => (arity(name, args, 0), ctx.environment.resourceGroup),
  subscription: (args, ctx, name) => (arity(name, args, 0), ctx.environment.subscription),
  deployment: (args, ctx, name) => (arity(name, args, 0), ctx.environment.deployment),
  environment: (args, ctx, name) => (arity(name, args, 0), ctx.environment.environment),
  tenant: (args, ctx, name) => (arity(name, args, 0), ctx.environment.tenant),
  reference: (args, ctx, name) => {
    arity(name, args, 1, 3);
    const apiVersion = args[1] === undefined ? undefined : str(name, args[1]);
    const full = args[2] !== undefined && str(name, args[2]).toLowerCase() === 'full';
    return ctx.reference(str(name, args[0]), apiVersion, full);
  },
};

/** listKeys(resourceId, apiVersion[, functionValues]) and every other list* function. */
export const listFunction: TemplateFunction = (args, ctx, name) => {
  arity(name, args, 2, 3);
  return ctx.list(name, str(name, args[0]), str(name, args[1]), args[2]);
};
