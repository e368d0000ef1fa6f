/**
 * The rest of Microsoft.ContainerRegistry (api-version 2025-11-01), registered as a second provider
 * for the namespace (the router merges it with index.ts's registries): replications, webhooks, scope
 * maps, tokens (+ generateCredentials), cache rules, credential sets, connected registries, private
 * endpoint connections, and importImage.
 */
import type { ArmProvider, ResourceTypeSpec } from '../../provider.js';
import { CONTAINER_REGISTRY_VERSIONS } from '../../catalog/apiVersions.js';
import type { TlsMaterial } from '../../../tls/ca.js';
import type { DataPlaneHost } from './dataPlaneHost.js';
import { NS, resourceTypeOf } from './children.js';
import { REPLICATIONS, replicationRoutes } from './replications.js';
import { WEBHOOKS, webhookRoutes } from './webhooks.js';
import { SCOPE_MAPS, scopeMapRoutes } from './scopeMaps.js';
import { TOKENS, tokenRoutes } from './tokens.js';
import { generateCredentialsRoute } from './tokenPasswords.js';
import { CACHE_RULES, cacheRuleRoutes } from './cacheRules.js';
import { CREDENTIAL_SETS, credentialSetRoutes } from './credentialSets.js';
import { CONNECTED_REGISTRIES, connectedRegistryRoutes } from './connectedRegistries.js';
import { PRIVATE_ENDPOINT_CONNECTIONS, privateEndpointConnectionRoutes } from './privateEndpointConnections.js';
import { importImageRoute } from './import/importImage.js';

export interface RegistryChildrenOptions {
  host: DataPlaneHost;
  /** The emulator's TLS material (its CA is trusted when importing from a registry URI). */
  tls: () => TlsMaterial;
  /** Whether ARM enforces RBAC right now (importImage's linked pull check on the source). */
  rbacEnabled: () => boolean;
  /** Fixed extra duration of every import, e.g. EmulatorOptions.importLatencyMs (default 0). */
  importLatencyMs?: () => number;
}

export function createRegistryChildrenProvider(options: RegistryChildrenOptions): ArmProvider {
  const child = (resourceType: string, capabilities: string): ResourceTypeSpec => ({
    resourceType,
    apiVersions: CONTAINER_REGISTRY_VERSIONS,
    capabilities,
  });
  return {
    namespace: NS,
    resourceTypes: [
      child(resourceTypeOf(REPLICATIONS), 'SupportsTags, SupportsLocation'),
      child(resourceTypeOf(WEBHOOKS), 'SupportsTags, SupportsLocation'),
      child(resourceTypeOf(SCOPE_MAPS), 'None'),
      child(resourceTypeOf(TOKENS), 'None'),
      child(resourceTypeOf(CACHE_RULES), 'None'),
      child(resourceTypeOf(CREDENTIAL_SETS), 'None'),
      child(resourceTypeOf(CONNECTED_REGISTRIES), 'None'),
      child(resourceTypeOf(PRIVATE_ENDPOINT_CONNECTIONS), 'None'),
    ],
    routes: [
      ...replicationRoutes(),
      ...webhookRoutes(),
      ...scopeMapRoutes(),
      ...tokenRoutes(),
      generateCredentialsRoute(),
      ...cacheRuleRoutes(),
      ...credentialSetRoutes(),
      ...connectedRegistryRoutes(),
      ...privateEndpointConnectionRoutes(),
      importImageRoute({
        host: options.host,
        rbacEnabled: options.rbacEnabled,
        importLatencyMs: options.importLatencyMs ?? (() => 0),
        caPem: () => options.tls().caCertPem,
      }),
    ],
  };
}
