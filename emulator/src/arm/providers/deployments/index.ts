/**
 * Microsoft.Resources/deployments: ARM template deployments at resource-group scope (a piece of the
 * built-in Microsoft.Resources provider, merged by the router), with the template engine in template/.
 */
import type { ArmProvider } from '../../provider.js';
import { RESOURCES_VERSIONS } from '../../catalog/apiVersions.js';
import { deploymentRoutes, type DeploymentsDeps } from './routes.js';
import { deploymentActionRoutes } from './actions.js';
import { DEPLOYMENT_TYPE, stateOf, updateProperties } from './records.js';

export type { DeploymentsDeps } from './routes.js';

export function createDeploymentsProvider(deps: DeploymentsDeps): ArmProvider {
  const type = (resourceType: string, locations?: string[]) => ({ resourceType, apiVersions: RESOURCES_VERSIONS, capabilities: 'None', ...(locations ? { locations } : {}) });
  return {
    namespace: 'Microsoft.Resources',
    builtIn: true,
    resourceTypes: [type('deployments', []), type('deployments/operations', []), type('resourceGroups')],
    routes: [...deploymentRoutes(deps), ...deploymentActionRoutes(deps)],
    // A run cannot survive a restart: deployments left Accepted/Running end Failed, as after an ARM outage.
    start: (ctx) => {
      for (const record of ctx.store.list({ type: DEPLOYMENT_TYPE })) {
        if (stateOf(record) === 'Accepted' || stateOf(record) === 'Running') {
          updateProperties(ctx, record.id, { provisioningState: 'Failed', error: { code: 'DeploymentFailed', message: 'The deployment was interrupted by an emulator restart.' } });
        }
      }
    },
  };
}
