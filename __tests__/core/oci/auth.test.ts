/**
 * The token flow against a scripted ACR-like registry: exact form fields of /oauth2/exchange and
 * /oauth2/token, scope taken from the challenge, caching and expiry (fake clock), one re-auth on 401.
 */
import type { TokenCredential } from '@azure/core-auth';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { headManifest } from '../../../src/core/oci/manifests.js';
import { realTiming, type Timing } from '../../../src/core/oci/retry.js';
import { startFakeServer, type FakeServer, type RecordedRequest } from './support/fake-server.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const credential: TokenCredential = { getToken: async () => ({ token: 'entra-token-abcdef', expiresOnTimestamp: 0 }) };

/** An ACR-like registry: Bearer challenge naming the scope it wants; tokens from its own /oauth2 endpoints. */
function acrLike(server: FakeServer, options: { expiresIn?: number; acceptTokens?: boolean } = {}) {
  let issued = 0;
  server.handle((request: RecordedRequest) => {
    const form = new URLSearchParams(request.body.toString());
    if (request.path === '/oauth2/exchange') return { body: { refresh_token: `refresh-${form.get('access_token')}` } };
    if (request.path === '/oauth2/token') {
      return {
        body: { access_token: `access-${++issued}`, ...(options.expiresIn ? { expires_in: options.expiresIn } : {}) },
      };
    }
    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer access-') && options.acceptTokens !== false) {
      return {
        headers: {
          'docker-content-digest': DIGEST,
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'content-length': '10',
        },
      };
    }
    const realm = `${server.origin}/oauth2/token`;
    return {
      status: 401,
      headers: {
        'www-authenticate': `Bearer realm="${realm}",service="${server.host}",scope="repository:app:pull,metadata_read"`,
      },
      body: { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
    };
  });
}

function fakeTiming(start = 1_000_000): Timing & { advance(ms: number): void } {
  let now = start;
  return { ...realTiming, now: () => now, advance: (ms) => (now += ms) };
}

describe('Entra sign-in to an ACR-like registry', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer();
  });
  afterEach(() => server.stop());

  it('sends exactly the form fields of the ACR spec, with the scope the challenge asked for', async () => {
    acrLike(server);
    const client = new RegistryClient({
      url: server.origin,
      credentials: { kind: 'entra', credential, tenantId: 'tenant-1' },
    });
    try {
      expect(await headManifest(client, 'app', 'v1')).toMatchObject({ digest: DIGEST });
      const exchange = server.requests.find((r) => r.path === '/oauth2/exchange')!;
      expect(exchange.method).toBe('POST');
      expect(exchange.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(exchange.body.toString()))).toEqual({
        grant_type: 'access_token',
        service: server.host,
        tenant: 'tenant-1',
        access_token: 'entra-token-abcdef',
      });
      const token = server.requests.find((r) => r.path === '/oauth2/token')!;
      const form = new URLSearchParams(token.body.toString());
      expect(form.get('grant_type')).toBe('refresh_token');
      expect(form.get('refresh_token')).toBe('refresh-entra-token-abcdef');
      expect(form.getAll('scope')).toEqual(['repository:app:pull', 'repository:app:pull,metadata_read']);
    } finally {
      client.close();
    }
  });

  it('reuses the token per scope until shortly before expiry (fake clock), then refreshes it', async () => {
    acrLike(server, { expiresIn: 300 });
    const timing = fakeTiming();
    const client = new RegistryClient({ url: server.origin, credentials: { kind: 'entra', credential }, timing });
    const tokenRequests = () => server.requests.filter((r) => r.path === '/oauth2/token').length;
    try {
      await headManifest(client, 'app', 'v1');
      await headManifest(client, 'app', 'v2');
      expect(tokenRequests()).toBe(1);
      timing.advance(200_000);
      await headManifest(client, 'app', 'v3');
      expect(tokenRequests()).toBe(1);
      timing.advance(45_000); // 245 s: inside the last 60 s of a 300 s token
      await headManifest(client, 'app', 'v4');
      expect(tokenRequests()).toBe(2);
      expect(server.requests.filter((r) => r.path === '/oauth2/exchange')).toHaveLength(1);
      timing.advance(3 * 3600_000); // the opaque refresh token is assumed to live 3 h, like ACR's
      await headManifest(client, 'app', 'v5');
      expect(server.requests.filter((r) => r.path === '/oauth2/exchange')).toHaveLength(2);
      // the challenge's scope set is remembered: no 401 round trip after the first
      expect(server.requests.filter((r) => r.path.startsWith('/v2/') && !r.headers.authorization)).toHaveLength(1);
    } finally {
      client.close();
    }
  });

  it('shares one token among a burst of concurrent first requests', async () => {
    acrLike(server);
    const client = new RegistryClient({ url: server.origin, credentials: { kind: 'entra', credential } });
    try {
      await Promise.all(Array.from({ length: 12 }, (_, i) => headManifest(client, 'app', `t${i}`)));
      expect(server.requests.filter((r) => r.path === '/oauth2/exchange')).toHaveLength(1);
      expect(server.requests.filter((r) => r.path === '/oauth2/token')).toHaveLength(1);
    } finally {
      client.close();
    }
  });

  it('re-authenticates once on 401, then fails with AUTH_FAILED (no loop)', async () => {
    acrLike(server, { acceptTokens: false });
    const client = new RegistryClient({ url: server.origin, credentials: { kind: 'entra', credential } });
    try {
      const failure = await headManifest(client, 'app', 'v1').catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'AUTH_FAILED' });
      expect((failure as Error).message).not.toMatch(/entra-token-abcdef|refresh-|access-/);
      expect(server.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(2);
    } finally {
      client.close();
    }
  });

  it('refuses a token realm that is not http(s)', async () => {
    server.handle(() => ({
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="file:///etc/passwd",service="x"' },
    }));
    const client = new RegistryClient({
      url: server.origin,
      credentials: { kind: 'basic', username: 'u', password: 'secret-pw' },
    });
    try {
      await expect(client.ping()).rejects.toMatchObject({ code: 'AUTH_CONFIG' });
    } finally {
      client.close();
    }
  });

  it('answers a Basic challenge only when it holds basic credentials', async () => {
    server.handle((r) =>
      r.headers.authorization === `Basic ${Buffer.from('u:secret-pw').toString('base64')}`
        ? { status: 200 }
        : { status: 401, headers: { 'www-authenticate': 'Basic realm="registry"' } },
    );
    const basic = new RegistryClient({
      url: server.origin,
      credentials: { kind: 'basic', username: 'u', password: 'secret-pw' },
    });
    const entra = new RegistryClient({ url: server.origin, credentials: { kind: 'entra', credential } });
    try {
      await expect(basic.ping()).resolves.toBeUndefined();
      await expect(entra.ping()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    } finally {
      basic.close();
      entra.close();
    }
  });
});
