/**
 * The Microsoft.ContainerRegistry/registries representation (api-version 2025-11-01): the defaults the
 * service fills in on create (see RegistryCreate.json), which properties PUT and PATCH may set, and the
 * validation the service applies to them.
 */
import { ArmError, invalidRequestContent } from '../../errors.js';
import { requireLocation } from '../tracked/resource.js';

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
  const location = requireLocation(input.location, REGISTRY_TYPE);
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
  const location = requireLocation(input.location, REGISTRY_TYPE);
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
  assertCreationOnlySettings(existing, body);
  return body;
}

/** Registries_Update (PATCH): only the given fields change. */
export function patchRegistryBody(existing: RegistryBody, request: unknown, now: Date): RegistryBody {
  const input = asObject(request);
  const body: RegistryBody = structuredClone(existing);
  if (input.sku !== undefined) body.sku = requireSku(input.sku);
  applyChanges(body, input, PATCHABLE, now);
  assertCreationOnlySettings(existing, body);
  return body;
}

/**
 * What ACR fixes when a registry is created (Microsoft Learn: zone redundancy "can only be configured
 * when a registry is created"; a customer-managed key can "currently [be enabled] only while creating a
 * registry" and "you can't disable the encryption after you enable" it; the key is reached through an
 * identity of the registry, which rotate-key may switch to another identity the registry has). The
 * exact error codes and texts ACR returns for these requests are not published anywhere we could
 * find, so these are 400 BadRequest with a message that says what is fixed and why.
 */
function assertCreationOnlySettings(existing: RegistryBody, updated: RegistryBody): void {
  const before = existing.properties;
  const after = updated.properties;
  const zones = (value: unknown) => String(value ?? 'Disabled').toLowerCase();
  if (zones(before.zoneRedundancy) !== zones(after.zoneRedundancy)) {
    throw creationOnly(
      `Zone redundancy of registry '${existing.name}' is '${String(before.zoneRedundancy)}' and can only be set when a registry is created; it cannot be changed to '${String(after.zoneRedundancy)}'.`,
      false,
    );
  }
  const wasEncrypted = encryptionStatus(before) === 'enabled';
  const isEncrypted = encryptionStatus(after) === 'enabled';
  if (!wasEncrypted && isEncrypted)
    throw creationOnly(
      `Encryption with a customer-managed key can only be enabled when a registry is created; registry '${existing.name}' was created without it.`,
    );
  if (wasEncrypted && !isEncrypted)
    throw creationOnly(
      `Encryption with a customer-managed key cannot be disabled on registry '${existing.name}' once it is enabled.`,
    );
  if (isEncrypted) assertKeyReachable(updated);
}

function encryptionStatus(properties: Record<string, unknown>): string {
  return String(asObject(properties.encryption).status ?? 'disabled').toLowerCase();
}

/** A key rotation may change the key and its identity, but cannot leave the registry without either. */
function assertKeyReachable(registry: RegistryBody): void {
  const vault = asObject(asObject(registry.properties.encryption).keyVaultProperties);
  const missing = [
    typeof vault.keyIdentifier === 'string' && vault.keyIdentifier !== '' ? undefined : 'a key identifier',
    typeof vault.identity === 'string' && vault.identity !== '' ? undefined : 'the identity that reads the key',
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0)
    throw creationOnly(
      `Registry '${registry.name}' is encrypted with a customer-managed key and needs ${missing.join(', ')} to reach it.`,
    );
}

/** ACR's CMK errors end by pointing at https://aka.ms/acr/cmk (as BlockedForEncryptionEnabledRegistry does). */
function creationOnly(message: string, cmk = true): ArmError {
  const more = cmk ? " For more information on customer-managed keys, please visit 'https://aka.ms/acr/cmk'." : '';
  return new ArmError(400, 'BadRequest', `${message}${more}`);
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
