/**
 * Microsoft.App/containerApps as @azure/arm-appcontainers 3 drives it: PUT (201/200 +
 * Azure-AsyncOperation), PATCH (202 + Location, merged into the app), GET, list by resource group and
 * subscription, DELETE (202 + Location), POST listSecrets. What relocation rewires lives here:
 * properties.template.containers[].image and properties.configuration.registries[] {server, identity,
 * username, passwordSecretRef}. Secret values are write-only (GET shows names, listSecrets the values),
 * every registry's passwordSecretRef must name a secret, the managed environment must exist, and a
 * changed template makes a new revision (name-suffix derived from the template, as revisions are).
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { uniqueString } from '../deployments/template/hash.js';
import { APP_NAMING } from './managedEnvironments.js';
import {
  bodyOf,
  deleteTracked,
  groupOf,
  objectOf,
  provision,
  requireLocation,
  requireTracked,
  sameLocation,
  systemAssignedIdentity,
  systemData,
  trackedId,
  trackedRoutes,
  validateName,
  type TrackedType,
} from '../tracked/resource.js';

export const CONTAINER_APPS: TrackedType = {
  namespace: 'Microsoft.App',
  type: 'containerApps',
  param: 'containerAppName',
};
export const CONTAINER_APP_TYPE = 'Microsoft.App/containerApps';

export function containerAppRoutes(): ArmRoute[] {
  return trackedRoutes(CONTAINER_APPS, {
    create: (req, ctx) => write(req, ctx, false),
    update: (req, ctx) => write(req, ctx, true),
    remove: (req, ctx) => deleteTracked(req, ctx, CONTAINER_APPS, 'location'),
    actions: {
      listSecrets: (req, ctx) => {
        const secrets = (requireTracked(req, ctx, CONTAINER_APPS).internal.secrets ?? []) as unknown[];
        return { status: 200, body: { value: secrets } };
      },
    },
  });
}

function write(req: ArmRequest, ctx: ArmContext, patch: boolean): ArmResponse {
  const name = req.params.containerAppName ?? '';
  groupOf(req, ctx);
  const id = trackedId(req, CONTAINER_APPS);
  const existing = patch ? requireTracked(req, ctx, CONTAINER_APPS) : ctx.store.get(id);
  if (!patch) validateName(name, APP_NAMING.pattern, CONTAINER_APP_TYPE, APP_NAMING.rule);
  const input = bodyOf(req);
  const merged = patch ? mergeDeep(withSecrets(existing?.body ?? {}, existing?.internal.secrets), input) : input;
  const location = requireLocation(merged.location, CONTAINER_APP_TYPE);
  sameLocation(existing, location);
  const props = objectOf(merged.properties);
  const environmentId = String(props.managedEnvironmentId ?? props.environmentId ?? '');
  const environment = ctx.store.get(environmentId);
  if (!environment) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.App/managedEnvironments/${environmentId.split('/').pop() ?? ''}' under resource group '${environmentId.split('/')[4] ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  const configuration = objectOf(props.configuration);
  const secrets = (Array.isArray(configuration.secrets) ? configuration.secrets : []).map(objectOf);
  checkRegistries(configuration.registries, secrets);
  const template = objectOf(props.template);
  const revision = `${name}--${uniqueString([JSON.stringify(template)]).slice(0, 7)}`;
  const domain = String(objectOf(environment.body.properties).defaultDomain ?? '');
  const ingress = configuration.ingress ? { ...objectOf(configuration.ingress), fqdn: `${name}.${domain}` } : undefined;
  const body: Record<string, unknown> = {
    id: existing?.id ?? id,
    name,
    type: CONTAINER_APP_TYPE,
    location,
    ...(merged.tags ? { tags: merged.tags } : {}),
    ...(merged.identity ? { identity: systemAssignedIdentity(ctx, id, merged.identity, 'containerapp-identity') } : {}),
    systemData: systemData(req, existing?.body, new Date().toISOString()),
    properties: {
      ...props,
      managedEnvironmentId: environment.id,
      environmentId: environment.id,
      runningStatus: 'Running',
      latestRevisionName: revision,
      latestReadyRevisionName: revision,
      latestRevisionFqdn: ingress ? `${revision}.${domain}` : '',
      customDomainVerificationId: uniqueString([environment.id.toLowerCase(), 'verification']).toUpperCase(),
      configuration: {
        activeRevisionsMode: 'Single',
        ...configuration,
        secrets: secrets.map((s) => ({
          name: s.name,
          ...(s.identity ? { identity: s.identity, keyVaultUrl: s.keyVaultUrl } : {}),
        })),
        ...(ingress ? { ingress } : {}),
      },
      template,
      outboundIpAddresses: [String(objectOf(environment.body.properties).staticIp ?? '')],
    },
  };
  return provision({
    req,
    ctx,
    namespace: CONTAINER_APPS.namespace,
    id,
    type: CONTAINER_APP_TYPE,
    body,
    transitional: 'InProgress',
    initialStatus: patch ? 202 : existing ? 200 : 201,
    headers: patch ? 'location' : 'azure-async-operation',
    internal: { ...(existing?.internal ?? {}), secrets },
  });
}

/** Every registry that authenticates with a password must name a secret of the app. */
function checkRegistries(value: unknown, secrets: Record<string, unknown>[]): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value))
    throw new ArmError(400, 'InvalidRequestContent', 'properties.configuration.registries must be an array.');
  for (const registry of value.map(objectOf)) {
    if (typeof registry.server !== 'string' || registry.server === '')
      throw new ArmError(400, 'ContainerAppInvalidRegistryServer', 'Each registry needs a server.');
    const reference = registry.passwordSecretRef;
    if (typeof reference === 'string' && !secrets.some((s) => s.name === reference)) {
      throw new ArmError(
        400,
        'ContainerAppSecretRefNotFound',
        `Secret ref '${reference}' defined for registry server '${registry.server}' not found.`,
      );
    }
    if (reference === undefined && registry.identity === undefined) {
      throw new ArmError(
        400,
        'ContainerAppRegistryMissingCredentials',
        `Registry '${registry.server}' needs either passwordSecretRef or identity.`,
      );
    }
  }
}

function withSecrets(body: Record<string, unknown>, secrets: unknown): Record<string, unknown> {
  const props = objectOf(body.properties);
  return {
    ...body,
    properties: { ...props, configuration: { ...objectOf(props.configuration), secrets: secrets ?? [] } },
  };
}

/** PATCH semantics: objects merge key by key, everything else (arrays included) is replaced. */
function mergeDeep(base: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(change)) {
    const current = out[key];
    out[key] =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof current === 'object' &&
      current !== null &&
      !Array.isArray(current)
        ? mergeDeep(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}
