/**
 * The Microsoft.ContainerRegistry/registries representation (api-version 2025-11-01): the defaults the
 * service fills in on create (see RegistryCreate.json), which properties PUT and PATCH may set, and the
 * validation the service applies to them.
 */
import { ArmError, invalidRequestContent } from '../../errors.js';
import { findRegion } from '../../catalog/locations.js';

export const REGISTRY_TYPE = 'Microsoft.ContainerRegistry/registries';
export const SKUS = ['Basic', 'Standard', 'Premium'] as const;
const NAME = /^[a-zA-Z0-9]{5,50}$/;

/** Properties PUT may set (RegistryProperties minus read-only ones). */
const WRITABLE = [
  'adminUserEnabled',
  'networkRuleSet',
  'policies',
  'encryption',
  'dataEndpointEnabled',
  'publicNetworkAccess',
  'networkRuleBypassOptions',
  'networkRuleBypassAllowedForTasks',
  'zoneRedundancy',
  'anonymousPullEnabled',
  'roleAssignmentMode',
] as const;

/** Properties PATCH may set (RegistryPropertiesUpdateParameters): zone redundancy is fixed at creation. */
const PATCHABLE = WRITABLE.filter((p) => p !== 'zoneRedundancy');

export interface RegistryBody extends Record<string, unknown> {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: Record<string, string>;
  sku: { name: string; tier: string };
  identity?: unknown;
  properties: Record<string, unknown>;
}

export function validateRegistryName(name: string): void {
  if (!NAME.test(name)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `The resource name '${name}' is invalid. A registry name may contain only alpha numeric characters and must be between 5 and 50 characters.`,
    );
  }
}

/** A new registry's body from a Registries_Create request. */
export function newRegistryBody(
  id: string,
  name: string,
  request: unknown,
  loginServer: string,
  now: Date,
): RegistryBody {
  const input = asObject(request);
  const location = requireLocation(input.location);
  const sku = requireSku(input.sku);
  const properties: Record<string, unknown> = {
    loginServer,
    creationDate: now.toISOString(),
    provisioningState: 'Creating',
    adminUserEnabled: false,
    networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
    policies: defaultPolicies(now),
    encryption: { status: 'disabled' },
    status: null,
    dataEndpointEnabled: false,
    dataEndpointHostNames: [],
    privateEndpointConnections: [],
    publicNetworkAccess: 'Enabled',
    networkRuleBypassOptions: 'AzureServices',
    networkRuleBypassAllowedForTasks: false,
    zoneRedundancy: 'Disabled',
    anonymousPullEnabled: false,
    roleAssignmentMode: 'LegacyRegistryPermissions',
  };
  const body: RegistryBody = { id, name, type: REGISTRY_TYPE, location, sku, properties };
  applyChanges(body, input, WRITABLE, now);
  return body;
}

/** Registries_Create on an existing registry: same location required, writable properties replaced. */
export function replaceRegistryBody(existing: RegistryBody, request: unknown, now: Date): RegistryBody {
  const input = asObject(request);
  const location = requireLocation(input.location);
  if (location !== existing.location) {
    const group = existing.id.split('/')[4] ?? '';
    throw new ArmError(
      400,
      'InvalidResourceLocation',
      `The resource '${existing.name}' already exists in location '${existing.location}' in resource group '${group}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  const body: RegistryBody = structuredClone(existing);
  body.sku = requireSku(input.sku);
  if (input.tags === undefined) delete body.tags;
  applyChanges(body, input, WRITABLE, now);
  return body;
}

/** Registries_Update (PATCH): only the given fields change. */
export function patchRegistryBody(existing: RegistryBody, request: unknown, now: Date): RegistryBody {
  const input = asObject(request);
  const body: RegistryBody = structuredClone(existing);
  if (input.sku !== undefined) body.sku = requireSku(input.sku);
  applyChanges(body, input, PATCHABLE, now);
  return body;
}

function applyChanges(body: RegistryBody, input: Record<string, unknown>, allowed: readonly string[], now: Date): void {
  if (input.tags !== undefined) body.tags = input.tags as Record<string, string>;
  if (input.identity !== undefined) body.identity = input.identity;
  const props = asObject(input.properties);
  for (const key of allowed) {
    if (props[key] === undefined) continue;
    body.properties[key] =
      key === 'policies' ? mergePolicies(body.properties.policies, props.policies, now) : props[key];
  }
  const endpoints = body.properties.dataEndpointEnabled ? [String(body.properties.loginServer)] : [];
  body.properties.dataEndpointHostNames = endpoints;
}

function defaultPolicies(now: Date): Record<string, unknown> {
  return {
    quarantinePolicy: { status: 'disabled' },
    trustPolicy: { type: 'Notary', status: 'disabled' },
    retentionPolicy: { days: 7, lastUpdatedTime: now.toISOString(), status: 'disabled' },
    exportPolicy: { status: 'enabled' },
    azureADAuthenticationAsArmPolicy: { status: 'enabled' },
  };
}

/** Each given policy replaces the stored one (retentionPolicy gets a fresh lastUpdatedTime). */
function mergePolicies(current: unknown, change: unknown, now: Date): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...asObject(current) };
  for (const [name, value] of Object.entries(asObject(change))) {
    merged[name] =
      name === 'retentionPolicy'
        ? { days: 7, status: 'disabled', ...asObject(value), lastUpdatedTime: now.toISOString() }
        : { ...asObject(merged[name]), ...asObject(value) };
  }
  return merged;
}

function requireLocation(value: unknown): string {
  if (typeof value !== 'string') throw invalidRequestContent("Required property 'location' not found in JSON");
  const region = findRegion(value);
  if (!region)
    throw new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${value}' is not available for resource type '${REGISTRY_TYPE}'.`,
    );
  return region.name;
}

function requireSku(value: unknown): { name: string; tier: string } {
  const name = asObject(value).name;
  if (typeof name !== 'string') throw invalidRequestContent("Required property 'sku' not found in JSON");
  const sku = SKUS.find((s) => s.toLowerCase() === name.toLowerCase());
  if (!sku)
    throw new ArmError(400, 'InvalidSku', `The SKU '${name}' is not valid. Valid SKUs are '${SKUS.join("', '")}'.`);
  return { name: sku, tier: sku };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
