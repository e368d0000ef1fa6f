/**
 * The polling endpoints every provider gets for its long-running operations (see lro.ts):
 * /subscriptions/{s}/providers/{ns}/locations/{loc}/operationStatuses/{id} and …/operationResults/{id},
 * plus /subscriptions/{s}/operationresults/{id} for ARM's own operations (resource group deletion).
 */
import type { ArmProvider, ArmRoute, ResourceTypeSpec } from './provider.js';

export function withOperationRoutes(provider: ArmProvider): ArmProvider {
  const versions = [...new Set(provider.resourceTypes.flatMap((t) => t.apiVersions))];
  const base = `/subscriptions/{subscriptionId}/providers/${provider.namespace}/locations/{location}`;
  const routes: ArmRoute[] = [
    pollRoute(`${base}/operationStatuses/{operationId}`, 'locations/operationStatuses', (id, ctx) =>
      ctx.lro.status(id),
    ),
    pollRoute(`${base}/operationResults/{operationId}`, 'locations/operationResults', (id, ctx) => ctx.lro.result(id)),
  ];
  const types: ResourceTypeSpec[] = [
    { resourceType: 'locations/operationStatuses', apiVersions: versions, capabilities: 'None' },
    { resourceType: 'locations/operationResults', apiVersions: versions, capabilities: 'None' },
  ];
  if (provider.builtIn) {
    routes.push(
      pollRoute(
        '/subscriptions/{subscriptionId}/operationresults/{operationId}',
        'subscriptions/operationresults',
        (id, ctx) => ctx.lro.result(id),
      ),
    );
    types.push({
      resourceType: 'subscriptions/operationresults',
      apiVersions: versions,
      locations: [],
      capabilities: 'None',
    });
  }
  return {
    ...provider,
    resourceTypes: [...provider.resourceTypes, ...types],
    routes: [...provider.routes, ...routes],
  };
}

function pollRoute(
  path: string,
  resourceType: string,
  answer: (id: string, ctx: Parameters<ArmRoute['handle']>[1]) => ReturnType<ArmRoute['handle']>,
): ArmRoute {
  return {
    method: 'GET',
    path,
    resourceType,
    rbacExempt: true,
    handle: (req, ctx) => answer(req.params.operationId ?? '', ctx),
  };
}
