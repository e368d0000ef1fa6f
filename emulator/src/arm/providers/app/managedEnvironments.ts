/**
 * Microsoft.App/managedEnvironments, minimal: PUT (201/200 + Azure-AsyncOperation), PATCH (202 +
 * Location), GET, list by resource group and subscription, DELETE (202 + Location). The environment's
 * defaultDomain is what its apps' FQDNs hang off.
 */
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { uniqueString } from '../deployments/template/hash.js';
import {
  bodyOf,
  deleteTracked,
  objectOf,
  provision,
  requireTracked,
  systemData,
  trackedPut,
  trackedRoutes,
  type TrackedType,
} from '../tracked/resource.js';

export const ENVIRONMENTS: TrackedType = {
  namespace: 'Microsoft.App',
  type: 'managedEnvironments',
  param: 'environmentName',
};
export const ENVIRONMENT_TYPE = 'Microsoft.App/managedEnvironments';
/** How Container Apps and their managed environments may be named (one rule for both). */
export const APP_NAMING = {
  pattern: /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/,
  rule: 'The name must consist of lower case alphanumeric characters or hyphens, start with a letter, end with an alphanumeric character and be 2 to 32 characters long.',
};

export function managedEnvironmentRoutes(): ArmRoute[] {
  return trackedRoutes(ENVIRONMENTS, {
    create: createOrUpdate,
    update,
    remove: (req, ctx) => deleteTracked(req, ctx, ENVIRONMENTS, 'location'),
  });
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { name, input, location, id, existing } = trackedPut(req, ctx, ENVIRONMENTS, APP_NAMING);
  const domain = `${uniqueString([id.toLowerCase()]).slice(0, 10)}.${location}.azurecontainerapps.io`;
  const body: Record<string, unknown> = {
    id: existing?.id ?? id,
    name,
    type: ENVIRONMENT_TYPE,
    location,
    ...(input.tags ? { tags: input.tags } : {}),
    systemData: systemData(req, existing?.body, new Date().toISOString()),
    properties: {
      zoneRedundant: false,
      ...objectOf(input.properties),
      defaultDomain: domain,
      staticIp: `20.0.${domain.length % 250}.${(domain.charCodeAt(0) % 250) + 1}`,
    },
  };
  return provision({
    req,
    ctx,
    namespace: ENVIRONMENTS.namespace,
    id,
    type: ENVIRONMENT_TYPE,
    body,
    transitional: existing ? 'Updating' : 'Waiting',
    initialStatus: existing ? 200 : 201,
    headers: 'azure-async-operation',
  });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const existing = requireTracked(req, ctx, ENVIRONMENTS);
  const input = bodyOf(req);
  const body = {
    ...existing.body,
    ...(input.tags ? { tags: input.tags } : {}),
    systemData: systemData(req, existing.body, new Date().toISOString()),
    properties: {
      ...objectOf(existing.body.properties),
      ...objectOf(input.properties),
      defaultDomain: objectOf(existing.body.properties).defaultDomain,
    },
  };
  return provision({
    req,
    ctx,
    namespace: ENVIRONMENTS.namespace,
    id: existing.id,
    type: ENVIRONMENT_TYPE,
    body,
    transitional: 'Updating',
    initialStatus: 202,
    headers: 'location',
  });
}
