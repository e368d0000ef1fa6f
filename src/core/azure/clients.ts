import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudSettings } from './clouds.js';

/** User agent prefix so requests from this tool are recognisable in Azure's activity logs. */
export const USER_AGENT_PREFIX = 'acr-relocate';

/**
 * Options every Azure SDK management client accepts, in both of the SDK's generations:
 * classic clients read `endpoint` + `credentialScopes`, TypeSpec-generated ones `endpoint` + `credentials.scopes`.
 */
export function armClientOptions(cloud: CloudSettings) {
  return {
    endpoint: cloud.armEndpoint,
    credentialScopes: [cloud.armScope],
    credentials: { scopes: [cloud.armScope] },
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
  };
}

/** The narrow set of things core needs to reach Azure; created once per command run. */
export interface AzureConnection {
  credential: TokenCredential;
  cloud: CloudSettings;
  subscriptionId: string;
}

export function registryClient(connection: AzureConnection, subscriptionId = connection.subscriptionId): ContainerRegistryManagementClient {
  return new ContainerRegistryManagementClient(connection.credential, subscriptionId, armClientOptions(connection.cloud));
}
