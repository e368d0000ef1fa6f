/** What ACR fixes at creation: zone redundancy and customer-managed key encryption (PUT and PATCH on an existing registry). */
import {
  newRegistryBody,
  patchRegistryBody,
  replaceRegistryBody,
  type RegistryBody,
} from '../../../../../emulator/src/arm/providers/containerregistry/registryModel.js';
import { ArmError } from '../../../../../emulator/src/arm/errors.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const KEY = { keyIdentifier: 'https://kv.vault.azure.net/keys/acr/1', identity: 'client-id-1' };
const UAI = '/subscriptions/s/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/acr';

function registry(properties: Record<string, unknown>): RegistryBody {
  return newRegistryBody(
    '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acrmodel01',
    'acrmodel01',
    {
      location: 'westeurope',
      sku: { name: 'Premium' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI]: {} } },
      properties,
    },
    'acrmodel01.azurecr.io',
    NOW,
  );
}

const put = (existing: RegistryBody, properties: Record<string, unknown>) =>
  replaceRegistryBody(existing, { location: 'westeurope', sku: { name: 'Premium' }, properties }, NOW);

function refusal(change: () => unknown): ArmError {
  try {
    change();
  } catch (error) {
    if (error instanceof ArmError) return error;
    throw error;
  }
  throw new Error('expected an ArmError');
}

describe('settings fixed when a registry is created', () => {
  const zoneRedundant = registry({ zoneRedundancy: 'Enabled' });
  const encrypted = registry({ encryption: { status: 'enabled', keyVaultProperties: KEY } });

  it('refuses to change zone redundancy, by PUT, and accepts the same value in any case', () => {
    const error = refusal(() => put(zoneRedundant, { zoneRedundancy: 'Disabled' }));
    expect([error.status, error.code]).toEqual([400, 'BadRequest']);
    expect(error.message).toBe(
      "Zone redundancy of registry 'acrmodel01' is 'Enabled' and can only be set when a registry is created; it cannot be changed to 'Disabled'.",
    );
    expect(refusal(() => put(registry({}), { zoneRedundancy: 'Enabled' })).code).toBe('BadRequest');
    expect(put(zoneRedundant, { zoneRedundancy: 'enabled', adminUserEnabled: true }).properties.adminUserEnabled).toBe(
      true,
    );
  });

  it('refuses to enable customer-managed key encryption on an existing registry, by PUT or PATCH', () => {
    const plain = registry({});
    for (const change of [
      () => put(plain, { encryption: { status: 'enabled', keyVaultProperties: KEY } }),
      () =>
        patchRegistryBody(plain, { properties: { encryption: { status: 'enabled', keyVaultProperties: KEY } } }, NOW),
    ]) {
      expect(refusal(change).message).toBe(
        "Encryption with a customer-managed key can only be enabled when a registry is created; registry 'acrmodel01' was created without it. For more information on customer-managed keys, please visit 'https://aka.ms/acr/cmk'.",
      );
    }
  });

  it('refuses to disable it, or to leave the key without its identifier or identity', () => {
    expect(refusal(() => put(encrypted, { encryption: { status: 'disabled' } })).message).toMatch(
      /^Encryption with a customer-managed key cannot be disabled on registry 'acrmodel01' once it is enabled\./,
    );
    expect(
      refusal(() =>
        put(encrypted, { encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: KEY.keyIdentifier } } }),
      ).message,
    ).toMatch(
      /^Registry 'acrmodel01' is encrypted with a customer-managed key and needs the identity that reads the key to reach it\./,
    );
    expect(
      refusal(() =>
        patchRegistryBody(
          encrypted,
          { properties: { encryption: { status: 'enabled', keyVaultProperties: {} } } },
          NOW,
        ),
      ).message,
    ).toMatch(/needs a key identifier, the identity that reads the key to reach it/);
  });

  it('accepts a key rotation (new key and identity) and changes that leave encryption alone', () => {
    const rotated = patchRegistryBody(
      encrypted,
      {
        properties: {
          encryption: {
            status: 'enabled',
            keyVaultProperties: { keyIdentifier: 'https://kv2.vault.azure.net/keys/k', identity: 'client-id-2' },
          },
        },
      },
      NOW,
    );
    expect(rotated.properties.encryption).toEqual({
      status: 'enabled',
      keyVaultProperties: { keyIdentifier: 'https://kv2.vault.azure.net/keys/k', identity: 'client-id-2' },
    });
    expect(put(encrypted, { adminUserEnabled: true }).properties.encryption).toEqual(encrypted.properties.encryption);
    expect(patchRegistryBody(encrypted, { tags: { a: 'b' } }, NOW).tags).toEqual({ a: 'b' });
  });
});
