import { generateKeyPairSync } from 'node:crypto';
import { AzurePipelinesCredential, ClientAssertionCredential } from '@azure/identity';
import { signJwt } from '../../../emulator/src/entra/jwt.js';
import { TOKEN_EXCHANGE_AUDIENCE } from '../../../emulator/src/entra/oidcAdo.js';
import { armRequest, httpsRequest, startTestEmulator, type Emulator } from '../helpers/testEmulator.js';

/** What @actions/core's getIDToken(audience) does with ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN. */
async function githubIdToken(requestUrl: string, requestToken: string, audience: string): Promise<string> {
  const reply = await httpsRequest(`${requestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json' },
  });
  if (reply.status !== 200) throw new Error(`id token request failed: ${reply.status}`);
  return reply.body.value as string;
}

describe('workload identity federation with the fake GitHub Actions and Azure DevOps issuers', () => {
  let emulator: Emulator;
  const options = () => ({ authorityHost: emulator.entra.url, disableInstanceDiscovery: true });
  const armScope = () => `${emulator.arm.armUrl}/.default`;

  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: [] });
  });
  afterAll(() => emulator.stop());

  it('GitHub: an id token from the request URL signs in ClientAssertionCredential, and the token works on ARM', async () => {
    const { github } = emulator.entra;
    const job = emulator.state.github;
    const credential = new ClientAssertionCredential(
      emulator.tenantId,
      emulator.mainPrincipal().clientId,
      () => githubIdToken(github.requestUrl, job.requestToken, TOKEN_EXCHANGE_AUDIENCE),
      options(),
    );
    const token = await credential.getToken(armScope());
    const reply = await armRequest(emulator, 'GET', '/subscriptions', { apiVersion: '2022-12-01', token: token.token });
    expect(reply.status).toBe(200);
    const discovery = await httpsRequest(`${github.issuer}/.well-known/openid-configuration`);
    expect(discovery.body.issuer).toBe(github.issuer);
    const denied = await httpsRequest(`${github.requestUrl}&audience=x`, {
      headers: { authorization: 'Bearer wrong' },
    });
    expect(denied.status).toBe(401);
  });

  it("rejects an expired assertion with AADSTS700024 in Entra's error format", async () => {
    const { github } = emulator.entra;
    const expired = github.mint(emulator.state.github, TOKEN_EXCHANGE_AUDIENCE, -120);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.mainPrincipal().clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: expired,
      scope: armScope(),
    });
    const reply = await httpsRequest(`${emulator.entra.url}/${emulator.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({
      error: 'invalid_client',
      error_codes: [700024],
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
      timestamp: expect.any(String),
    });
    expect(reply.body.error_description).toMatch(
      /^AADSTS700024: Client assertion is not within its valid time range\. Current time: \d{4}-\d\d-\d\dT[\d:.]{16}Z, assertion valid from .*, expiry time of assertion .*\./,
    );
    const credential = new ClientAssertionCredential(
      emulator.tenantId,
      emulator.mainPrincipal().clientId,
      async () => expired,
      options(),
    );
    await expect(credential.getToken(armScope())).rejects.toThrow(/AADSTS700024/);
  });

  it('matches federated credentials exactly: subject, case, audience, issuer and signature', async () => {
    const { github } = emulator.entra;
    const clientId = emulator.mainPrincipal().clientId;
    const attempt = (assertion: string) =>
      new ClientAssertionCredential(emulator.tenantId, clientId, async () => assertion, options()).getToken(armScope());
    const otherRepo = github.addJob({ repository: 'contoso/other', ref: 'refs/heads/main' });
    await expect(attempt(github.mint(otherRepo, TOKEN_EXCHANGE_AUDIENCE))).rejects.toThrow(/AADSTS700213/);
    const caseOnly = github.addJob({
      repository: emulator.state.github.repository.toUpperCase(),
      ref: 'refs/heads/main',
    });
    await expect(attempt(github.mint(caseOnly, TOKEN_EXCHANGE_AUDIENCE))).rejects.toThrow(/AADSTS7002138/);
    await expect(attempt(github.mint(emulator.state.github, 'api://SomethingElse'))).rejects.toThrow(/AADSTS700212/);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'repo:contoso/registry-move:ref:refs/heads/main',
      aud: TOKEN_EXCHANGE_AUDIENCE,
      nbf: now,
      iat: now,
      exp: now + 300,
    };
    await expect(
      attempt(signJwt({ ...claims, iss: 'https://token.example.invalid' }, privateKey, 'k1')),
    ).rejects.toThrow(/AADSTS700211/);
    await expect(attempt(signJwt({ ...claims, iss: github.issuer }, privateKey, 'k1'))).rejects.toThrow(/AADSTS50013/);
  });

  it('Azure DevOps: AzurePipelinesCredential gets its OIDC token from SYSTEM_OIDCREQUESTURI and signs in', async () => {
    const { ado } = emulator.entra;
    const connection = emulator.state.ado.serviceConnections[0];
    if (!connection) throw new Error('no service connection');
    const previous = process.env.SYSTEM_OIDCREQUESTURI;
    process.env.SYSTEM_OIDCREQUESTURI = ado.requestUri;
    try {
      const clientId = emulator.mainPrincipal().clientId;
      const good = new AzurePipelinesCredential(
        emulator.tenantId,
        clientId,
        connection.id,
        emulator.state.ado.systemAccessToken,
        options(),
      );
      const token = await good.getToken(armScope());
      expect(token.token.split('.')).toHaveLength(3);
      const request = emulator.requests.list({ service: 'entra', kind: 'oidc:ado' }).at(-1);
      expect(request).toMatchObject({ method: 'POST', status: 200 });
      expect(request?.path).toContain(`oidctoken?api-version=7.1&serviceConnectionId=${connection.id}`);
      const wrongToken = new AzurePipelinesCredential(
        emulator.tenantId,
        clientId,
        connection.id,
        'not-the-system-token',
        options(),
      );
      await expect(wrongToken.getToken(armScope())).rejects.toThrow(/oidcToken field not detected/);
      const unknownConnection = new AzurePipelinesCredential(
        emulator.tenantId,
        clientId,
        '00000000-0000-0000-0000-00000000dead',
        emulator.state.ado.systemAccessToken,
        options(),
      );
      await expect(unknownConnection.getToken(armScope())).rejects.toThrow();
    } finally {
      if (previous === undefined) delete process.env.SYSTEM_OIDCREQUESTURI;
      else process.env.SYSTEM_OIDCREQUESTURI = previous;
    }
  });
});
