/**
 * Microsoft.Resources/deployments: ARM template deployments at resource-group scope (a piece of the
 * built-in Microsoft.Resources provider, merged by the router), with the template engine in template/.
 */
import type { ArmContext, ArmProvider } from '../../provider.js';
import { RESOURCES_VERSIONS } from '../../catalog/apiVersions.js';
import { deploymentRoutes, type DeploymentsDeps } from './routes.js';
import { deploymentActionRoutes } from './actions.js';
import { DEPLOYMENT_TYPE, markStopped, stateOf, updateProperties } from './records.js';

export type { DeploymentsDeps } from './routes.js';

/**
 * Deployments api-versions: ARM's Microsoft.Resources list (@azure/arm-resources 6.1.0, which the
 * project uses, sends 2025-03-01) plus the newer deployments-only folders of azure-rest-api-specs
 * (Microsoft.Resources/deployments/examples/2026-06-01 and 2026-09-01; @azure/arm-resourcesdeployments
 * 2.0.0 sends 2026-06-01).
 */
export const DEPLOYMENTS_VERSIONS: readonly string[] = [
  ...new Set([...RESOURCES_VERSIONS, '2026-06-01', '2026-09-01']),
].sort();

export function createDeploymentsProvider(deps: DeploymentsDeps): ArmProvider {
  let started: ArmContext | undefined;
  const type = (resourceType: string, apiVersions: readonly string[], locations?: string[]) => ({
    resourceType,
    apiVersions,
    capabilities: 'None',
    ...(locations ? { locations } : {}),
  });
  return {
    namespace: 'Microsoft.Resources',
    builtIn: true,
    resourceTypes: [
      type('deployments', DEPLOYMENTS_VERSIONS, []),
      type('deployments/operations', DEPLOYMENTS_VERSIONS, []),
      type('resourceGroups', RESOURCES_VERSIONS),
    ],
    routes: [...deploymentRoutes(deps), ...deploymentActionRoutes(deps)],
    // A run cannot survive a restart: deployments left Accepted/Running end Failed, as after an ARM outage.
    start: (ctx) => {
      started = ctx;
      for (const record of ctx.store.list({ type: DEPLOYMENT_TYPE })) {
        if (stateOf(record) === 'Accepted' || stateOf(record) === 'Running') {
          updateProperties(ctx, record.id, {
            provisioningState: 'Failed',
            error: { code: 'DeploymentFailed', message: 'The deployment was interrupted by an emulator restart.' },
          });
        }
      }
    },
    stop: () => {
      if (started) markStopped(started);
    },
  };
}
