/**
 * Credential sets, cache rules, connected registries and private endpoint connections through the
 * unmodified SDK: create with the poller, get, list with the pager, update, delete, and their rules
 * (Key Vault references only, credential set in use, approval mirrored into the registry).
 */
import { all, startHarness, type Harness, FAST } from './harness.js';

let h: Harness;
const REGISTRY = 'childothers01';
const vault = 'https://relocate-kv.vault.azure.net/secrets';

beforeAll(async () => {
  h = await startHarness();
  await h.createRegistry(REGISTRY);
});
afterAll(() => h?.stop());

describe('credential sets and cache rules', () => {
  it('keeps Key Vault secret references (never values) and a system identity', async () => {
    const created = await h.client.credentialSets.beginCreateAndWait(
      h.group,
      REGISTRY,
      'dockerhub-login',
      {
        loginServer: 'docker.io',
        authCredentials: [
          {
            name: 'Credential1',
            usernameSecretIdentifier: `${vault}/hub-user`,
            passwordSecretIdentifier: `${vault}/hub-password`,
          },
        ],
        identity: { type: 'SystemAssigned' },
      },
      FAST,
    );
    expect(created).toMatchObject({
      name: 'dockerhub-login',
      loginServer: 'docker.io',
      provisioningState: 'Succeeded',
      identity: { type: 'SystemAssigned', tenantId: h.info.tenantId },
    });
    expect(created.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.authCredentials?.[0]?.credentialHealth?.status).toBe('Healthy');
    const updated = await h.client.credentialSets.beginUpdateAndWait(
      h.group,
      REGISTRY,
      'dockerhub-login',
      {
        authCredentials: [
          {
            name: 'Credential1',
            usernameSecretIdentifier: 'plain-user',
            passwordSecretIdentifier: `${vault}/hub-password`,
          },
        ],
      },
      FAST,
    );
    expect(updated.authCredentials?.[0]).toMatchObject({
      usernameSecretIdentifier: 'plain-user',
      credentialHealth: { status: 'Unhealthy' },
    });
    expect(updated.identity?.principalId).toBe(created.identity?.principalId);
    expect((await all(h.client.credentialSets.list(h.group, REGISTRY))).map((c) => c.name)).toEqual([
      'dockerhub-login',
    ]);
  });

  it('creates cache rules that reference a credential set of the same registry', async () => {
    const setId = `${h.registryId(REGISTRY)}/credentialSets/dockerhub-login`;
    const rule = await h.client.cacheRules.beginCreateAndWait(
      h.group,
      REGISTRY,
      'hub-nginx',
      {
        sourceRepository: 'docker.io/library/nginx',
        targetRepository: 'cached/nginx',
        credentialSetResourceId: setId,
      },
      FAST,
    );
    expect(rule).toMatchObject({
      name: 'hub-nginx',
      sourceRepository: 'docker.io/library/nginx',
      targetRepository: 'cached/nginx',
      credentialSetResourceId: setId,
      provisioningState: 'Succeeded',
    });
    await expect(
      h.client.cacheRules.beginCreateAndWait(
        h.group,
        REGISTRY,
        'hub-other',
        {
          sourceRepository: 'docker.io/library/httpd',
          targetRepository: 'cached/httpd',
          credentialSetResourceId: `${setId}-missing`,
        },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 404 });
    await expect(
      h.client.cacheRules.beginCreateAndWait(
        h.group,
        REGISTRY,
        'hub-dupe',
        { sourceRepository: 'docker.io/library/nginx', targetRepository: 'cached/nginx' },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 409 });
    await expect(
      h.client.credentialSets.beginDeleteAndWait(h.group, REGISTRY, 'dockerhub-login', FAST),
    ).rejects.toMatchObject({ statusCode: 409 });
    const detached = await h.client.cacheRules.beginUpdateAndWait(
      h.group,
      REGISTRY,
      'hub-nginx',
      { credentialSetResourceId: '' },
      FAST,
    );
    expect(detached.credentialSetResourceId).toBeUndefined();
    expect((await h.client.cacheRules.get(h.group, REGISTRY, 'hub-nginx')).targetRepository).toBe('cached/nginx');
    expect((await all(h.client.cacheRules.list(h.group, REGISTRY))).map((r) => r.name)).toEqual(['hub-nginx']);
    await h.client.cacheRules.beginDeleteAndWait(h.group, REGISTRY, 'hub-nginx', FAST);
    await h.client.credentialSets.beginDeleteAndWait(h.group, REGISTRY, 'dockerhub-login', FAST);
    expect(await all(h.client.credentialSets.list(h.group, REGISTRY))).toEqual([]);
  });
});

describe('connected registries', () => {
  it('creates, updates, deactivates and deletes a connected registry', async () => {
    const tokenId = `${h.registryId(REGISTRY)}/tokens/sync-token`;
    const created = await h.client.connectedRegistries.beginCreateAndWait(
      h.group,
      REGISTRY,
      'edgeregistry',
      {
        mode: 'ReadOnly',
        parent: { syncProperties: { tokenId, messageTtl: 'P1D', schedule: '0 * * * *', syncWindow: 'PT1H' } },
      },
      FAST,
    );
    expect(created).toMatchObject({
      mode: 'ReadOnly',
      connectionState: 'Offline',
      activation: { status: 'Inactive' },
      logging: { logLevel: 'Information', auditLogStatus: 'Disabled' },
    });
    const updated = await h.client.connectedRegistries.beginUpdateAndWait(
      h.group,
      REGISTRY,
      'edgeregistry',
      {
        syncProperties: { messageTtl: 'P2D' },
        logging: { logLevel: 'Debug' },
      },
      FAST,
    );
    expect(updated.parent?.syncProperties).toMatchObject({ tokenId, messageTtl: 'P2D', schedule: '0 * * * *' });
    expect(updated.logging).toEqual({ logLevel: 'Debug', auditLogStatus: 'Disabled' });
    await h.client.connectedRegistries.beginDeactivateAndWait(h.group, REGISTRY, 'edgeregistry', FAST);
    expect((await all(h.client.connectedRegistries.list(h.group, REGISTRY))).map((c) => c.name)).toEqual([
      'edgeregistry',
    ]);
    await h.client.connectedRegistries.beginDeleteAndWait(h.group, REGISTRY, 'edgeregistry', FAST);
    await expect(h.client.connectedRegistries.get(h.group, REGISTRY, 'edgeregistry')).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});

describe('private endpoint connections', () => {
  it('approves a pending connection and mirrors connections into the registry', async () => {
    const pending = await h.client.privateEndpointConnections.beginCreateOrUpdateAndWait(
      h.group,
      REGISTRY,
      'pe-consumer',
      {
        privateLinkServiceConnectionState: { status: 'Pending', description: 'requested by consumer' },
      },
      FAST,
    );
    expect(pending.privateEndpoint?.id).toContain('/providers/Microsoft.Network/privateEndpoints/pe-consumer');
    const approved = await h.client.privateEndpointConnections.beginCreateOrUpdateAndWait(
      h.group,
      REGISTRY,
      'pe-consumer',
      {
        privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' },
      },
      FAST,
    );
    expect(approved).toMatchObject({
      provisioningState: 'Succeeded',
      privateLinkServiceConnectionState: { status: 'Approved', description: 'ok', actionsRequired: 'None' },
    });
    expect(approved.privateEndpoint?.id).toBe(pending.privateEndpoint?.id);
    const registry = await h.client.registries.get(h.group, REGISTRY);
    expect(
      registry.privateEndpointConnections?.map((c) => [
        c.name,
        c.privateLinkServiceConnectionState?.status,
        c.provisioningState,
      ]),
    ).toEqual([['pe-consumer', 'Approved', 'Succeeded']]);
    expect((await all(h.client.privateEndpointConnections.list(h.group, REGISTRY))).length).toBe(1);
    await expect(
      h.client.privateEndpointConnections.beginCreateOrUpdateAndWait(
        h.group,
        REGISTRY,
        'pe-consumer',
        { privateLinkServiceConnectionState: { status: 'Maybe' } },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
    await h.client.privateEndpointConnections.beginDeleteAndWait(h.group, REGISTRY, 'pe-consumer', FAST);
    expect((await h.client.registries.get(h.group, REGISTRY)).privateEndpointConnections).toEqual([]);
  });
});
