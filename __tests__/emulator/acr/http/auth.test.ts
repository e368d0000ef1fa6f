import { ADMIN, basic, errorCodes, json, startRegistry, type TestRegistry } from '../harness.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { generateImage } from '../../../../emulator/src/seed/images.js';
import type { RegistryClient } from '../../../../emulator/src/seed/oci-client.js';

let registry: TestRegistry;
let raw: RegistryClient;
const image = generateImage('auth');

beforeAll(async () => {
  registry = await startRegistry();
  writeArtifact(registry.store, 'team/app', image, ['v1']);
  writeArtifact(registry.store, 'other', image, ['v1']);
  raw = registry.client(null);
});

afterAll(() => registry.destroy());

beforeEach(() => {
  const defaults = registry.settings;
  defaults.adminEnabled = true;
  defaults.anonymousPull = false;
  defaults.publicNetwork = true;
  defaults.tokens.clear();
  defaults.entraTokens.clear();
  defaults.permissions.clear();
});

function url(path: string): URL {
  return new URL(path, registry.url);
}

async function tokenFor(query: string, authorization?: string): Promise<{ status: number; token?: string }> {
  const response = await raw.raw('GET', url(`/oauth2/token?service=${registry.loginServer}&${query}`), {
    headers: authorization ? { Authorization: authorization } : {},
  });
  return {
    status: response.status,
    token: response.status === 200 ? json<{ access_token: string }>(response.body).access_token : undefined,
  };
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function postForm(path: string, form: Record<string, string>) {
  return raw.raw('POST', url(path), {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(new URLSearchParams(form).toString()),
  });
}

const manifestPath = `/v2/team/app/manifests/v1`;

describe('authentication and authorization', () => {
  it('challenges an anonymous /v2/ with the realm and service, and the registry API version', async () => {
    const response = await raw.raw('GET', url('/v2/'), {});
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe(
      `Bearer realm="https://${registry.loginServer}/oauth2/token",service="${registry.loginServer}"`,
    );
    expect(response.headers['docker-distribution-api-version']).toBe('registry/2.0');
    expect(errorCodes(response.body)).toEqual(['UNAUTHORIZED']);
  });

  it('challenges a repository call with its scope and ACR detail', async () => {
    const response = await raw.raw('GET', url(manifestPath), {});
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('scope="repository:team/app:pull"');
    expect(json(response.body)).toEqual({
      errors: [
        {
          code: 'UNAUTHORIZED',
          message: 'authentication required',
          detail: [{ Type: 'repository', Name: 'team/app', Action: 'pull' }],
        },
      ],
    });
  });

  it('admin basic credentials -> access token (GET /oauth2/token) -> pull', async () => {
    const { status, token } = await tokenFor(
      'scope=repository:team/app:pull,push',
      basic(ADMIN.username, ADMIN.password),
    );
    expect(status).toBe(200);
    expect(claims(token!)).toMatchObject({
      aud: registry.loginServer,
      access: [{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }],
    });
    const pulled = await raw.raw('GET', url(manifestPath), { headers: { Accept: '*/*' } }, token);
    expect(pulled.status).toBe(200);
    expect(pulled.headers['docker-content-digest']).toBe(image.root.digest);
    const ping = await raw.raw('GET', url('/v2/'), {}, token);
    expect(ping.status).toBe(200);
    expect(json(ping.body)).toEqual({});
  });

  it('accepts admin basic auth directly on /v2 endpoints (second password too) and rejects a wrong one', async () => {
    const direct = await raw.raw('GET', url(manifestPath), {
      headers: { Authorization: basic(ADMIN.username, 'admin-password-2') },
    });
    expect(direct.status).toBe(200);
    const wrong = await raw.raw('GET', url(manifestPath), {
      headers: { Authorization: basic(ADMIN.username, 'nope') },
    });
    expect(wrong.status).toBe(401);
    registry.settings.adminEnabled = false;
    const disabled = await tokenFor('scope=repository:team/app:pull', basic(ADMIN.username, ADMIN.password));
    expect(disabled.status).toBe(401);
  });

  it('Entra: exchange an access token for a refresh token, then a scoped access token; scopes narrowed to roles', async () => {
    registry.settings.entraTokens.set('entra-token-1', { oid: 'oid-reader', tid: 'tenant-1' });
    registry.settings.permissions.set('oid-reader', { pull: true, push: false, delete: false });
    const exchanged = await postForm('/oauth2/exchange?api-version=2021-07-01', {
      grant_type: 'access_token',
      service: registry.loginServer,
      tenant: 'tenant-1',
      access_token: 'entra-token-1',
    });
    expect(exchanged.status).toBe(200);
    const refresh = json<{ refresh_token: string }>(exchanged.body).refresh_token;
    expect(claims(refresh)).toMatchObject({ sub: 'oid-reader', tenant: 'tenant-1', grant_type: 'refresh_token' });
    expect(typeof claims(refresh).exp).toBe('number');
    const tokenResponse = await postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      service: registry.loginServer,
      scope: 'repository:team/app:pull,push,delete',
      refresh_token: refresh,
    });
    expect(tokenResponse.status).toBe(200);
    const access = json<{ access_token: string }>(tokenResponse.body).access_token;
    expect(claims(access).access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    const push = await raw.raw('PUT', url('/v2/team/app/manifests/v2'), { body: image.root.bytes }, access);
    expect(push.status).toBe(401);
    expect(push.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(push.headers['www-authenticate']).toContain('scope="repository:team/app:pull,push"');
    const log = registry.log.find((entry) => entry.kind === 'acr:token' && entry.path.startsWith('/oauth2/exchange'));
    expect(log).toMatchObject({ principal: 'oid-reader', status: 200, service: 'acr:testregistry' });
  });

  it('Entra: rejects an unknown token, a tenant mismatch and another registry as service', async () => {
    registry.settings.entraTokens.set('entra-token-2', { oid: 'oid-2', tid: 'tenant-2' });
    const unknown = await postForm('/oauth2/exchange', {
      grant_type: 'access_token',
      service: registry.loginServer,
      access_token: 'forged',
    });
    expect(unknown.status).toBe(401);
    const tenant = await postForm('/oauth2/exchange', {
      grant_type: 'access_token',
      service: registry.loginServer,
      tenant: 'someone-else',
      access_token: 'entra-token-2',
    });
    expect(tenant.status).toBe(401);
    const service = await postForm('/oauth2/exchange', {
      grant_type: 'access_token',
      service: 'other.azurecr.io',
      access_token: 'entra-token-2',
    });
    expect(service.status).toBe(400);
    const badRefresh = await postForm('/oauth2/token', {
      grant_type: 'refresh_token',
      service: registry.loginServer,
      scope: 'registry:catalog:*',
      refresh_token: 'x.y.z',
    });
    expect(badRefresh.status).toBe(401);
  });

  it('docker login style: null-GUID user with the ACR refresh token as password', async () => {
    registry.settings.entraTokens.set('entra-token-3', { oid: 'oid-3', tid: 'tenant-3' });
    registry.settings.permissions.set('oid-3', { pull: true, push: true, delete: true });
    const exchanged = await postForm('/oauth2/exchange', {
      grant_type: 'access_token',
      service: registry.loginServer,
      access_token: 'entra-token-3',
    });
    const refresh = json<{ refresh_token: string }>(exchanged.body).refresh_token;
    const { token } = await tokenFor(
      'scope=repository:other:delete',
      basic('00000000-0000-0000-0000-000000000000', refresh),
    );
    expect(claims(token!).access).toEqual([{ type: 'repository', name: 'other', actions: ['delete'] }]);
  });

  it('repository-scoped tokens get only what their scope map grants; basic denial is 403 DENIED', async () => {
    registry.settings.tokens.set('ci-token', {
      password: 'token-pw',
      scopes: [{ repository: 'team/*', actions: ['content/read', 'metadata/read'] }],
    });
    const { token } = await tokenFor(
      'scope=repository:team/app:pull,push&scope=repository:other:pull',
      basic('ci-token', 'token-pw'),
    );
    expect(claims(token!).access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    const denied = await raw.raw('GET', url('/v2/other/manifests/v1'), {
      headers: { Authorization: basic('ci-token', 'token-pw') },
    });
    expect(denied.status).toBe(403);
    expect(errorCodes(denied.body)).toEqual(['DENIED']);
    const allowed = await raw.raw('GET', url(manifestPath), {
      headers: { Authorization: basic('ci-token', 'token-pw') },
    });
    expect(allowed.status).toBe(200);
    expect(registry.log.at(-1)).toMatchObject({ principal: 'token:ci-token', kind: 'acr:manifest-get' });
  });

  it('anonymous pull only when enabled, and never push', async () => {
    expect((await tokenFor('scope=repository:team/app:pull')).status).toBe(401);
    registry.settings.anonymousPull = true;
    const { token } = await tokenFor('scope=repository:team/app:pull,push');
    expect(claims(token!).access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull'] }]);
    expect((await raw.raw('GET', url(manifestPath), {}, token)).status).toBe(200);
    const sdkStyle = await postForm('/oauth2/token', {
      grant_type: 'password',
      service: registry.loginServer,
      scope: 'registry:catalog:*',
      refresh_token: '',
    });
    expect(claims(json<{ access_token: string }>(sdkStyle.body).access_token).access).toEqual([
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
  });

  it('rejects a tampered token', async () => {
    const { token } = await tokenFor('scope=repository:team/app:pull', basic(ADMIN.username, ADMIN.password));
    const [header, payload, signature] = token!.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    forged.access = [{ type: 'repository', name: 'other', actions: ['pull'] }];
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    const response = await raw.raw('GET', url('/v2/other/manifests/v1'), {}, tampered);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('rejects an access token once it has expired (one hour)', async () => {
    let clock = new Date('2024-05-01T00:00:00Z');
    const timed = await startRegistry({ now: () => clock });
    try {
      writeArtifact(timed.store, 'app', image, ['v1']);
      const client = timed.client(null);
      const response = await client.raw(
        'GET',
        new URL(`/oauth2/token?service=${timed.loginServer}&scope=repository:app:pull`, timed.url),
        { headers: { Authorization: basic(ADMIN.username, ADMIN.password) } },
      );
      const token = json<{ access_token: string }>(response.body).access_token;
      const path = new URL('/v2/app/manifests/v1', timed.url);
      expect((await client.raw('GET', path, {}, token)).status).toBe(200);
      clock = new Date('2024-05-01T01:00:01Z');
      expect((await client.raw('GET', path, {}, token)).status).toBe(401);
    } finally {
      await timed.destroy();
    }
  });

  it('refuses everything with 403 DENIED when public network access is disabled', async () => {
    registry.settings.publicNetwork = false;
    const response = await raw.raw('GET', url('/v2/'), {
      headers: { Authorization: basic(ADMIN.username, ADMIN.password) },
    });
    expect(response.status).toBe(403);
    expect(json(response.body)).toEqual({
      errors: [
        {
          code: 'DENIED',
          message:
            "client with IP '127.0.0.1' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.",
        },
      ],
    });
    expect((await tokenFor('scope=registry:catalog:*', basic(ADMIN.username, ADMIN.password))).status).toBe(403);
  });
});
