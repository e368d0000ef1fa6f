import { ClientSecretCredential } from '@azure/identity';
import { decodeJwt } from '../../../emulator/src/entra/jwt.js';
import { armRequest, credentialOf, httpsRequest, startTestEmulator, type Emulator } from '../helpers/testEmulator.js';

describe('Entra ID: discovery and the client credentials grant', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: [] });
  });
  afterAll(() => emulator.stop());

  const tokenUrl = () => `${emulator.entra.url}/${emulator.tenantId}/oauth2/v2.0/token`;
  const postForm = (fields: Record<string, string>) =>
    httpsRequest(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

  it('serves v2 and v1 OpenID configurations for the tenant, and the signing keys', async () => {
    const v2 = await httpsRequest(`${emulator.entra.url}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({
      issuer: `${emulator.entra.url}/${emulator.tenantId}/v2.0`,
      token_endpoint: tokenUrl(),
      jwks_uri: `${emulator.entra.url}/${emulator.tenantId}/discovery/v2.0/keys`,
      authorization_endpoint: expect.any(String),
    });
    const v1 = await httpsRequest(`${emulator.entra.url}/${emulator.tenantId}/.well-known/openid-configuration`);
    expect(v1.body).toMatchObject({
      issuer: `${emulator.entra.url}/${emulator.tenantId}/`,
      token_endpoint: `${emulator.entra.url}/${emulator.tenantId}/oauth2/token`,
    });
    const keys = await httpsRequest(v2.body.jwks_uri);
    expect(keys.body.keys[0]).toMatchObject({
      kty: 'RSA',
      use: 'sig',
      alg: 'RS256',
      kid: expect.any(String),
      n: expect.any(String),
      e: 'AQAB',
    });
    const unknown = await httpsRequest(`${emulator.entra.url}/not-a-tenant/v2.0/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_description).toMatch(/^AADSTS90002: Tenant 'not-a-tenant' not found/);
  });

  it('issues RS256 access tokens with oid, tid, appid, aud, iss and a one-hour lifetime to ClientSecretCredential', async () => {
    const token = await credentialOf(emulator).getToken(`${emulator.arm.armUrl}/.default`);
    const jwt = decodeJwt(token.token);
    const main = emulator.mainPrincipal();
    expect(jwt?.header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(jwt?.payload).toMatchObject({
      oid: main.objectId,
      tid: emulator.tenantId,
      appid: main.clientId,
      aud: emulator.arm.armUrl,
      iss: `${emulator.entra.url}/${emulator.tenantId}/`,
      appidacr: '1',
    });
    const payload = jwt?.payload as { exp: number; iat: number };
    expect(payload.exp - payload.iat).toBe(3600);
    const log = emulator.requests.list({ service: 'entra', kind: 'entra:token' });
    expect(log.at(-1)).toMatchObject({ method: 'POST', status: 200, principal: main.objectId });
  });

  it('answers bad requests with Entra error bodies (AADSTS codes, trace and correlation ids)', async () => {
    const main = emulator.mainPrincipal();
    const scope = `${emulator.arm.armUrl}/.default`;
    const wrongSecret = await postForm({
      grant_type: 'client_credentials',
      client_id: main.clientId,
      client_secret: 'nope',
      scope,
    });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toEqual({
      error: 'invalid_client',
      error_description: expect.stringMatching(
        /^AADSTS7000215: Invalid client secret provided\..* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
      ),
      error_codes: [7000215],
      timestamp: expect.stringMatching(/Z$/),
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
      error_uri: expect.any(String),
    });
    const unknownApp = await postForm({
      grant_type: 'client_credentials',
      client_id: '00000000-0000-0000-0000-000000000001',
      client_secret: 'x',
      scope,
    });
    expect(unknownApp.body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    const notDefault = await postForm({
      grant_type: 'client_credentials',
      client_id: main.clientId,
      client_secret: main.secrets[0] ?? '',
      scope: `${emulator.arm.armUrl}/user_impersonation`,
    });
    expect(notDefault.body).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    const unknownResource = await postForm({
      grant_type: 'client_credentials',
      client_id: main.clientId,
      client_secret: main.secrets[0] ?? '',
      scope: 'https://vault.azure.net/.default',
    });
    expect(unknownResource.body).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
    const noCredential = await postForm({ grant_type: 'client_credentials', client_id: main.clientId, scope });
    expect(noCredential.body).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });
    const otherGrant = await postForm({ grant_type: 'password', client_id: main.clientId, scope });
    expect(otherGrant.body).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('surfaces the AADSTS error through @azure/identity', async () => {
    const main = emulator.mainPrincipal();
    const credential = new ClientSecretCredential(emulator.tenantId, main.clientId, 'wrong-secret', {
      authorityHost: emulator.entra.url,
      disableInstanceDiscovery: true,
    });
    await expect(credential.getToken(`${emulator.arm.armUrl}/.default`)).rejects.toThrow(/AADSTS7000215/);
  });

  it('issues short-lived tokens when told to, and ARM rejects them once expired', async () => {
    emulator.applySettings({ tokenLifetimeSeconds: 1 });
    try {
      const token = await credentialOf(emulator).getToken(`${emulator.arm.armUrl}/.default`);
      const payload = decodeJwt(token.token)?.payload as { exp: number; iat: number };
      expect(payload.exp - payload.iat).toBe(1);
      await new Promise((r) => setTimeout(r, 1100));
      const reply = await armRequest(emulator, 'GET', '/subscriptions', {
        apiVersion: '2022-12-01',
        token: token.token,
      });
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('ExpiredAuthenticationToken');
    } finally {
      emulator.applySettings({ tokenLifetimeSeconds: 3600 });
    }
  });

  it('fails token requests while a token-endpoint outage fault is active', async () => {
    emulator.faults.add([{ id: 'outage', kind: 'entra:token', count: 1, action: { status: 503 } }]);
    try {
      const main = emulator.mainPrincipal();
      const down = await postForm({
        grant_type: 'client_credentials',
        client_id: main.clientId,
        client_secret: main.secrets[0] ?? '',
        scope: `${emulator.arm.armUrl}/.default`,
      });
      expect(down.status).toBe(503);
      expect(down.body.error).toBe('temporarily_unavailable');
      const up = await postForm({
        grant_type: 'client_credentials',
        client_id: main.clientId,
        client_secret: main.secrets[0] ?? '',
        scope: `${emulator.arm.armUrl}/.default`,
      });
      expect(up.status).toBe(200);
    } finally {
      emulator.faults.remove('outage');
    }
  });
});
