import { CONTAINER_REGISTRY_VERSIONS, RESOURCES_VERSIONS } from '../../../emulator/src/arm/catalog/apiVersions.js';
import { accessToken, armRequest, startTestEmulator, type Emulator } from '../helpers/testEmulator.js';

describe('the ARM request pipeline', () => {
  let emulator: Emulator;
  let registries: string;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    registries = `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.ContainerRegistry/registries`;
  });
  afterAll(() => emulator.stop());

  it('requires api-version before anything else (even without a token)', async () => {
    const reply = await armRequest(emulator, 'GET', registries, { apiVersion: null, token: '' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: {
        code: 'MissingApiVersionParameter',
        message: 'The api-version query parameter (?api-version=) is required for all requests.',
      },
    });
  });

  it('answers an unpublished api-version of a provider type with NoRegisteredProviderFound listing versions and locations', async () => {
    const reply = await armRequest(emulator, 'GET', registries, { apiVersion: '2099-01-01' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('NoRegisteredProviderFound');
    expect(reply.body.error.message).toMatch(
      /^No registered resource provider found for location '[^']+' and API version '2099-01-01' for type 'registries'\. The supported api-versions are '2026-09-01-preview, 2025-11-01, .*'\. The supported locations are 'East US, .*'\.$/,
    );
    for (const version of CONTAINER_REGISTRY_VERSIONS) expect(reply.body.error.message).toContain(version);
  });

  it("answers an unknown api-version of ARM's own endpoints with InvalidApiVersionParameter", async () => {
    const reply = await armRequest(emulator, 'GET', `/subscriptions/${emulator.subscriptionId}/resourcegroups`, {
      apiVersion: '2015-13-01',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('InvalidApiVersionParameter');
    expect(reply.body.error.message).toMatch(
      /^The api-version '2015-13-01' is invalid\. The supported versions are '2025-04-01,2025-03-01,.*'\.$/,
    );
    expect(RESOURCES_VERSIONS).toContain('2025-04-01');
  });

  it('puts request ids on every answer and echoes the client correlation id', async () => {
    const reply = await armRequest(emulator, 'GET', `/subscriptions/${emulator.subscriptionId}`, {
      apiVersion: '2022-12-01',
      headers: { 'x-ms-correlation-request-id': 'corr-123' },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['x-ms-correlation-request-id']).toBe('corr-123');
    expect(reply.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const failed = await armRequest(emulator, 'GET', registries, { apiVersion: null });
    expect(failed.headers['x-ms-request-id']).toBeDefined();
    expect(failed.headers['x-ms-correlation-request-id']).toBeDefined();
  });

  it('answers 401 with a WWW-Authenticate challenge without a valid token', async () => {
    const missing = await armRequest(emulator, 'GET', registries, { apiVersion: '2025-11-01', token: '' });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('AuthenticationFailed');
    expect(missing.headers['www-authenticate']).toMatch(
      /^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/", error="invalid_token"/,
    );
    const garbage = await armRequest(emulator, 'GET', registries, { apiVersion: '2025-11-01', token: 'not.a.jwt' });
    expect(garbage.body.error.code).toBe('InvalidAuthenticationToken');
    const acrToken = await accessToken(emulator, 'https://containerregistry.azure.net');
    const wrongAudience = await armRequest(emulator, 'GET', registries, { apiVersion: '2025-11-01', token: acrToken });
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.body.error.code).toBe('InvalidAuthenticationTokenAudience');
    const publicAudience = await accessToken(emulator, 'https://management.azure.com');
    expect(
      (await armRequest(emulator, 'GET', registries, { apiVersion: '2025-11-01', token: publicAudience })).status,
    ).toBe(200);
  });

  it('rejects unknown namespaces and resource types, wrong methods and malformed bodies as ARM does', async () => {
    const sub = `/subscriptions/${emulator.subscriptionId}`;
    const namespace = await armRequest(emulator, 'GET', `${sub}/providers/Microsoft.Nothing/things`, {
      apiVersion: '2024-01-01',
    });
    expect(namespace.body.error).toMatchObject({
      code: 'InvalidResourceNamespace',
      message: "The resource namespace 'Microsoft.Nothing' is invalid.",
    });
    const type = await armRequest(emulator, 'GET', `${sub}/providers/Microsoft.ContainerRegistry/gadgets`, {
      apiVersion: '2025-11-01',
    });
    expect(type.body.error.code).toBe('InvalidResourceType');
    const method = await armRequest(emulator, 'POST', `${sub}/resourcegroups`, { apiVersion: '2025-04-01' });
    expect(method.status).toBe(405);
    const body = await armRequest(emulator, 'PUT', `${sub}/resourcegroups/rg-bad`, {
      apiVersion: '2025-04-01',
      headers: { 'content-type': 'application/json' },
    });
    expect(body.status).toBe(400);
  });

  it('logs every request with its principal and operation kind', async () => {
    const before = emulator.requests.lastSeq();
    await armRequest(emulator, 'GET', registries, { apiVersion: '2025-11-01' });
    const entries = emulator.requests.list({ service: 'arm', afterSeq: before });
    expect(entries).toEqual([
      expect.objectContaining({
        method: 'GET',
        status: 200,
        kind: 'arm:read',
        principal: emulator.mainPrincipal().objectId,
        path: `${registries}?api-version=2025-11-01`,
      }),
    ]);
  });
});
