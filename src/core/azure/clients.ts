import { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import { WebSiteManagementClient } from '@azure/arm-appservice';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ManagementLockClient } from '@azure/arm-locks';
import { MonitorClient } from '@azure/arm-monitor';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { TokenCredential } from '@azure/core-auth';
import type { CloudSettings } from './clouds.js';
import type { ConsumerClients } from './consumer-reader.js';

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
}

/** Management clients for one subscription, created on first use. */
export class AzureClients {
  private readonly cache = new Map<string, unknown>();

  constructor(
    readonly connection: AzureConnection,
    readonly subscriptionId: string,
  ) {}

  private once<T>(key: string, create: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, create());
    return this.cache.get(key) as T;
  }

  private get args(): [TokenCredential, string, ReturnType<typeof armClientOptions>] {
    return [this.connection.credential, this.subscriptionId, armClientOptions(this.connection.cloud)];
  }

  /** The same connection, another subscription. */
  forSubscription(subscriptionId: string): AzureClients {
    return subscriptionId === this.subscriptionId ? this : new AzureClients(this.connection, subscriptionId);
  }

  get registries(): ContainerRegistryManagementClient {
    return this.once('acr', () => new ContainerRegistryManagementClient(...this.args));
  }
  get authorization(): AuthorizationManagementClient {
    return this.once('auth', () => new AuthorizationManagementClient(...this.args));
  }
  get locks(): ManagementLockClient {
    return this.once('locks', () => new ManagementLockClient(...this.args));
  }
  get monitor(): MonitorClient {
    return this.once('monitor', () => new MonitorClient(...this.args));
  }
  get resources(): ResourceManagementClient {
    return this.once('resources', () => new ResourceManagementClient(...this.args));
  }
  get subscriptions(): SubscriptionClient {
    return this.once(
      'subs',
      () => new SubscriptionClient(this.connection.credential, armClientOptions(this.connection.cloud)),
    );
  }
  get consumers(): ConsumerClients {
    return this.once('consumers', () => ({
      aks: new ContainerServiceClient(...this.args),
      web: new WebSiteManagementClient(...this.args),
      containerApps: new ContainerAppsAPIClient(...this.args),
      containerInstances: new ContainerInstanceManagementClient(...this.args),
    }));
  }
}
