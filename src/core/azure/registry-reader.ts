import type { ContainerRegistryManagementClient, Registry } from '@azure/arm-containerregistry';
import type { ChildResource } from '../plan/model.js';
import { azureCall, azureCallOrMissing, collect } from './errors.js';
import type { RegistryId } from './resource-id.js';

/** Properties Azure fills in itself: recording them would only make the plan noisy and non-deterministic. */
const READ_ONLY = new Set([
  'provisioningState',
  'creationDate',
  'systemData',
  'lastUpdatedOn',
  'loginServerHostName',
  'statusDetails',
]);

/**
 * `status` is writable on tokens and webhooks ("enabled"/"disabled": a disabled one must stay disabled)
 * but a read-only object on replications and connected registries.
 */
function isReadOnly(key: string, value: unknown): boolean {
  return READ_ONLY.has(key) || (key === 'status' && typeof value === 'object');
}

interface ArmChild {
  id?: string;
  name?: string;
  type?: string;
  location?: string;
  [key: string]: unknown;
}

/**
 * A child resource as the plan records it: identity plus its writable properties, in the SDK's
 * flattened shape (ARM's `properties.x` is `properties.x` here too, without the extra nesting level,
 * e.g. a token's `scopeMapId`, a replication's `zoneRedundancy`).
 */
export function childRecord(resource: ArmChild, secret = false): ChildResource {
  const { id, name, type, location, ...rest } = resource;
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (!isReadOnly(key, value) && value !== undefined) properties[key] = value;
  }
  return {
    type: type ?? '',
    name: name ?? '',
    id: id ?? '',
    location,
    properties: JSON.parse(JSON.stringify(properties)),
    ...(secret ? { secret } : {}),
  };
}

export async function getRegistry(
  client: ContainerRegistryManagementClient,
  ref: RegistryId,
): Promise<Registry | undefined> {
  return azureCallOrMissing(`Reading registry ${ref.name} in ${ref.resourceGroup}`, () =>
    client.registries.get(ref.resourceGroup, ref.name),
  );
}

export interface RegistryChildren {
  replications: ChildResource[];
  webhooks: ChildResource[];
  scopeMaps: ChildResource[];
  tokens: ChildResource[];
  cacheRules: ChildResource[];
  credentialSets: ChildResource[];
  connectedRegistries: ChildResource[];
  privateEndpointConnections: ChildResource[];
}

/**
 * Every child resource of a registry. Webhooks get their callback configuration (service URI and
 * custom headers, which may hold credentials) and are marked secret. `onSecret` masks the values
 * the moment they are read.
 */
export async function readChildren(
  client: ContainerRegistryManagementClient,
  ref: RegistryId,
  onSecret: (value: string) => void,
): Promise<RegistryChildren> {
  const { resourceGroup: rg, name } = ref;
  const what = (kind: string) => `Listing ${kind} of registry ${name}`;
  const webhooks = await collect(what('webhooks'), client.webhooks.list(rg, name));
  const webhookRecords: ChildResource[] = [];
  for (const webhook of webhooks) {
    const callback = await azureCall(`Reading the callback configuration of webhook ${webhook.name}`, () =>
      client.webhooks.getCallbackConfig(rg, name, webhook.name as string),
    );
    if (callback.serviceUri) onSecret(callback.serviceUri);
    for (const header of Object.values(callback.customHeaders ?? {})) onSecret(header);
    const record = childRecord(webhook as ArmChild, true);
    record.properties.serviceUri = callback.serviceUri;
    record.properties.customHeaders = callback.customHeaders ?? {};
    webhookRecords.push(record);
  }
  const [replications, scopeMaps, tokens, cacheRules, credentialSets, connectedRegistries, privateEndpointConnections] =
    await Promise.all([
      collect(what('replications'), client.replications.list(rg, name)),
      collect(what('scope maps'), client.scopeMaps.list(rg, name)),
      collect(what('tokens'), client.tokens.list(rg, name)),
      collect(what('cache rules'), client.cacheRules.list(rg, name)),
      collect(what('credential sets'), client.credentialSets.list(rg, name)),
      collect(what('connected registries'), client.connectedRegistries.list(rg, name)),
      collect(what('private endpoint connections'), client.privateEndpointConnections.list(rg, name)),
    ]);
  const records = (items: unknown[]) => items.map((item) => childRecord(item as ArmChild));
  return {
    replications: records(replications),
    webhooks: webhookRecords,
    // The built-in _repositories_* scope maps exist on every registry: nothing to carry.
    scopeMaps: records(scopeMaps).filter((map) => map.properties.typePropertiesType !== 'SystemDefined'),
    tokens: records(tokens),
    cacheRules: records(cacheRules),
    credentialSets: records(credentialSets),
    connectedRegistries: records(connectedRegistries),
    privateEndpointConnections: records(privateEndpointConnections),
  };
}
