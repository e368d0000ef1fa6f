/**
 * ARM's preflight for a resource-group deployment, shared by PUT, validate and whatIf: the request
 * (inline template, parameters, mode), the scope objects the template functions see, and a full
 * validation pass — parameters bound, variables and every resource evaluated with reference()/list*()
 * deferred (a reference() to a template resource becomes an implicit dependency, as in ARM), resources
 * planned and ordered. Any problem is 400 InvalidTemplate "Deployment template validation failed: '…'.".
 */
import { ArmError, invalidRequestContent, type ArmErrorDetail } from '../../errors.js';
import type { ArmContext, ArmProvider, ArmRequest } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import {
  DEFERRED,
  TemplateError,
  isObject,
  validationMessage,
  type JsonObject,
  type Value,
} from './template/values.js';
import type { DeploymentEnvironment, EvaluationContext } from './template/functionTypes.js';
import {
  checkProvidedParameters,
  createContext,
  loadTemplate,
  type BoundParameter,
  type ResolutionHooks,
  type Template,
} from './template/template.js';
import { evaluateBody, findResources, planResources, withDependencies, type PlannedResource } from './template/plan.js';
import { evaluateOutputs } from './template/template.js';

export interface DeploymentRequest {
  name: string;
  subscriptionId: string;
  group: StoredResource;
  rawTemplate: JsonObject;
  parameters: JsonObject;
  mode: 'Incremental' | 'Complete';
  tags?: unknown;
}

export interface Prepared {
  request: DeploymentRequest;
  template: Template;
  bound: Record<string, BoundParameter>;
  planned: PlannedResource[];
  environment: DeploymentEnvironment;
}

const NAME = /^[-\w._()]{1,64}$/;

export function parseDeploymentRequest(req: ArmRequest, ctx: ArmContext): DeploymentRequest {
  const name = req.params.deploymentName ?? '';
  const subscriptionId = req.params.subscriptionId ?? '';
  const group = ctx.requireResourceGroup(subscriptionId, req.params.resourceGroupName ?? '');
  if (!NAME.test(name))
    throw new ArmError(
      400,
      'InvalidDeploymentName',
      `The deployment name '${name}' is invalid. It must be 1 to 64 characters long and contain only letters, digits, '-', '.', '_', '(' and ')'.`,
    );
  const body = (req.body ?? {}) as { properties?: Record<string, unknown>; tags?: unknown };
  const properties = body.properties;
  if (!isObject(properties)) throw invalidRequestContent("Required property 'properties' not found in JSON. Path ''");
  if (properties.templateLink !== undefined && properties.template === undefined) {
    throw new ArmError(
      400,
      'InvalidTemplate',
      validationMessage(
        'Linked templates (properties.templateLink) are not supported by the emulator; pass the template inline in properties.template.',
      ),
    );
  }
  if (!isObject(properties.template))
    throw new ArmError(
      400,
      'InvalidTemplate',
      validationMessage('The deployment must contain a template in properties.template.'),
    );
  const mode = properties.mode ?? 'Incremental';
  if (mode !== 'Incremental' && mode !== 'Complete')
    throw invalidRequestContent(
      `Error converting value "${String(mode)}" to type 'DeploymentMode'. Path 'properties.mode'`,
    );
  const parameters = properties.parameters ?? {};
  if (!isObject(parameters))
    throw invalidRequestContent("properties.parameters must be a JSON object. Path 'properties.parameters'");
  return {
    name,
    subscriptionId,
    group,
    rawTemplate: properties.template,
    parameters,
    mode,
    ...(body.tags ? { tags: body.tags } : {}),
  };
}

export function environmentFor(ctx: ArmContext, request: DeploymentRequest): DeploymentEnvironment {
  const { group } = request;
  return {
    subscription: {
      id: `/subscriptions/${request.subscriptionId}`,
      subscriptionId: request.subscriptionId,
      tenantId: ctx.tenantId,
      displayName: 'Emulated subscription',
    },
    resourceGroup: {
      id: group.id,
      name: String(group.body.name),
      type: 'Microsoft.Resources/resourceGroups',
      location: String(group.body.location),
      ...(group.body.tags ? { tags: group.body.tags as JsonObject } : {}),
      ...(group.body.managedBy ? { managedBy: String(group.body.managedBy) } : {}),
      properties: { provisioningState: 'Succeeded' },
    },
    deployment: {
      name: request.name,
      properties: {
        template: { contentVersion: String(request.rawTemplate.contentVersion ?? '1.0.0.0') },
        mode: request.mode,
      },
    },
    tenant: { tenantId: ctx.tenantId, countryCode: 'US', displayName: 'Emulated tenant' },
    environment: {
      name: 'AzureCloud',
      resourceManager: `${ctx.armUrl}/`,
      authentication: {
        loginEndpoint: 'https://login.microsoftonline.com/',
        audiences: [`${ctx.armUrl}/`, 'https://management.azure.com/'],
        tenant: 'common',
        identityProvider: 'AAD',
      },
      suffixes: {
        acrLoginServer: '.azurecr.io',
        storage: 'core.windows.net',
        keyvaultDns: '.vault.azure.net',
        sqlServerHostname: '.database.windows.net',
      },
    },
  };
}

/** Runs `work`, turning template problems into ARM's 400 InvalidTemplate. */
export async function asInvalidTemplate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TemplateError) throw new ArmError(400, err.code, validationMessage(err.message));
    throw err;
  }
}

/** The evaluation context of a deployment over `hooks` (what reference()/list*() do). */
export async function contextFor(
  template: Template,
  request: DeploymentRequest,
  environment: DeploymentEnvironment,
  hooks: ResolutionHooks,
) {
  const ctx = createContext(template, request.parameters, environment, hooks);
  const bound = await ctx.bound();
  return { ctx, bound };
}

/** The validation pass; `hooks` default to deferring reference()/list*() (nothing exists yet). */
export async function prepare(ctx: ArmContext, request: DeploymentRequest): Promise<Prepared> {
  return asInvalidTemplate(async () => {
    const template = loadTemplate(request.rawTemplate);
    checkProvidedParameters(template, request.parameters);
    const environment = environmentFor(ctx, request);
    const deferring: ResolutionHooks = { reference: async () => DEFERRED, list: async () => DEFERRED };
    const { ctx: evaluation, bound } = await contextFor(template, request, environment, deferring);
    const planned = await planResources(template.resources, evaluation, request.group.id);
    const implicit = new Map<string, string[]>();
    for (const resource of planned) {
      const referenced: string[] = [];
      const recording: EvaluationContext = {
        ...evaluation,
        reference: async (target): Promise<Value> => {
          referenced.push(...findResources(target, planned).map((r) => r.id));
          return DEFERRED;
        },
      };
      await evaluateBody(resource, recording);
      implicit.set(resource.id, referenced);
    }
    await evaluateOutputs(template, evaluation).catch((err: unknown) => {
      if (!(err instanceof TemplateError && /could not be evaluated/.test(err.message))) throw err;
    });
    return { request, template, bound, planned: withDependencies(planned, implicit), environment };
  });
}

/** properties.providers and properties.dependencies of a deployment, from its plan. */
export function planSummary(
  planned: readonly PlannedResource[],
  location: string,
): { providers: unknown[]; dependencies: unknown[] } {
  const namespaces = new Map<string, Set<string>>();
  for (const resource of planned) {
    const [namespace = '', ...rest] = resource.type.split('/');
    const types = namespaces.get(namespace) ?? new Set<string>();
    types.add(rest.join('/'));
    namespaces.set(namespace, types);
  }
  const providers = [...namespaces].map(([namespace, types]) => ({
    namespace,
    resourceTypes: [...types].map((resourceType) => ({ resourceType, locations: [location] })),
  }));
  const byId = new Map(planned.map((p) => [p.id, p]));
  const reference = (id: string) => ({
    id,
    resourceType: byId.get(id)?.type ?? '',
    resourceName: byId.get(id)?.name ?? '',
  });
  const dependencies = planned
    .filter((p) => p.dependsOn.length > 0)
    .map((p) => ({ ...reference(p.id), dependsOn: p.dependsOn.map(reference) }));
  return { providers, dependencies };
}

/**
 * ARM's preflight against the resource providers: every template resource's namespace, type and
 * api-version must be registered. Problems are 400 InvalidTemplateDeployment with the providers'
 * errors in details[] (as ARM reports preflight failures).
 */
export function preflight(prepared: Prepared, providers: readonly ArmProvider[], trackingId: string): void {
  const details: ArmErrorDetail[] = [];
  for (const resource of prepared.planned) {
    const [namespace = '', ...rest] = resource.type.split('/');
    const type = rest.join('/');
    const provider = providers.find((p) => p.namespace.toLowerCase() === namespace.toLowerCase());
    const spec = provider?.resourceTypes.find((t) => t.resourceType.toLowerCase() === type.toLowerCase());
    if (!provider)
      details.push({
        code: 'InvalidResourceNamespace',
        message: `The resource namespace '${namespace}' is invalid.`,
        target: resource.id,
      });
    else if (!spec)
      details.push({
        code: 'InvalidResourceType',
        message: `The resource type '${type}' could not be found in the namespace '${provider.namespace}' for api version '${resource.apiVersion}'.`,
        target: resource.id,
      });
    else if (!spec.apiVersions.includes(resource.apiVersion)) {
      details.push({
        code: 'NoRegisteredProviderFound',
        message: `No registered resource provider found for location '${String(prepared.request.group.body.location)}' and API version '${resource.apiVersion}' for type '${type}'. The supported api-versions are '${[...spec.apiVersions].sort().reverse().join(', ')}'.`,
        target: resource.id,
      });
    }
  }
  if (details.length === 0) return;
  throw new ArmError(
    400,
    'InvalidTemplateDeployment',
    `The template deployment '${prepared.request.name}' is not valid according to the validation procedure. The tracking id is '${trackingId}'. See inner errors for details.`,
    {},
    details,
  );
}
