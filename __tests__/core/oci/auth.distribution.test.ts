/**
 * Authentication against real distribution registries: htpasswd (Basic challenge) and Docker token
 * auth (Bearer challenge) with a token service that also speaks ACR's Entra exchange.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { getManifest } from '../../../src/core/oci/manifests.js';
import { listRepositories } from '../../../src/core/oci/listing.js';
import {
  DISTRIBUTION_PASSWORD,
  DISTRIBUTION_USER,
  startDistribution,
  type Distribution,
} from '../../helpers/distribution.js';
import { requireTool } from '../../helpers/tools.js';
import { pushImage, skopeoInspectRaw } from './support/content.js';
import { startTokenServer, type TokenServer } from './support/token-server.js';

const SERVICE = 'relocate-test-registry';
const ENTRA_TOKEN = 'entra-access-token-for-tests-0123456789';

function entraCredential(token = ENTRA_TOKEN, calls: string[] = []): TokenCredential {
  return {
    getToken: async (scopes): Promise<AccessToken> => {
      calls.push(String(scopes));
      return { token, expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
}

function expectNoSecret(error: unknown, secrets: readonly string[]): void {
  const text = `${(error as Error).message}\n${(error as { hint?: string }).hint ?? ''}`;
  for (const secret of secrets) expect(text).not.toContain(secret);
}

const basicGate = requireTool('docker-registry', 'skopeo', 'openssl');

basicGate.describe('htpasswd (Basic challenge) over TLS', () => {
  let registry: Distribution;
  beforeAll(async () => {
    registry = await startDistribution({ tls: true, htpasswd: true });
  });
  afterAll(() => registry?.stop());

  it('pushes and reads with the right password, reports the secret the moment it is known', async () => {
    const secrets: string[] = [];
    const client = new RegistryClient({
      url: registry.url,
      caPem: registry.caPem,
      credentials: { kind: 'basic', username: DISTRIBUTION_USER, password: DISTRIBUTION_PASSWORD },
      onSecret: (value) => secrets.push(value),
    });
    try {
      expect(secrets).toContain(DISTRIBUTION_PASSWORD);
      const image = await pushImage(client, 'secure/app', '1');
      expect((await getManifest(client, 'secure/app', '1')).digest).toBe(image.digest);
      const raw = await skopeoInspectRaw(registry, 'secure/app:1', {
        username: DISTRIBUTION_USER,
        password: DISTRIBUTION_PASSWORD,
      });
      expect(raw).toEqual(image.bytes);
    } finally {
      client.close();
    }
  });

  it('fails with AUTH_FAILED and a hint, without the password, when it is wrong or missing', async () => {
    const wrong = new RegistryClient({
      url: registry.url,
      caPem: registry.caPem,
      credentials: { kind: 'basic', username: DISTRIBUTION_USER, password: 'Wrong-password-123' },
    });
    const anonymous = new RegistryClient({ url: registry.url, caPem: registry.caPem });
    try {
      const failure = await getManifest(wrong, 'secure/app', '1').catch((e: unknown) => e);
      expect(failure).toMatchObject({
        code: 'AUTH_FAILED',
        message: expect.stringMatching(
          /Credentials rejected by 127\.0\.0\.1:\d+ for scope repository:secure\/app:pull/,
        ),
      });
      expect((failure as { hint: string }).hint).toMatch(/user name and password/);
      expectNoSecret(failure, [
        'Wrong-password-123',
        Buffer.from(`${DISTRIBUTION_USER}:Wrong-password-123`).toString('base64'),
      ]);
      await expect(anonymous.ping()).rejects.toMatchObject({
        code: 'AUTH_FAILED',
        hint: expect.stringMatching(/anonymous/),
      });
    } finally {
      wrong.close();
      anonymous.close();
    }
  });

  it('refuses a TLS registry whose CA it does not trust, with a trust hint', async () => {
    const untrusting = new RegistryClient({ url: registry.url, retry: { maxAttempts: 1 } });
    try {
      await expect(untrusting.ping()).rejects.toMatchObject({
        code: 'REMOTE_ERROR',
        hint: expect.stringMatching(/NODE_EXTRA_CA_CERTS/),
      });
    } finally {
      untrusting.close();
    }
  });
});

const tokenGate = requireTool('docker-registry', 'openssl');

tokenGate.describe('Docker token auth (Bearer challenge) with basic, anonymous and Entra credentials', () => {
  let tokens: TokenServer;
  let registry: Distribution;

  beforeAll(async () => {
    tokens = await startTokenServer({
      service: SERVICE,
      users: { pusher: 'Pusher-secret-1' },
      entraTokens: [ENTRA_TOKEN],
      anonymousPull: true,
    });
    registry = await startDistribution({
      token: { realm: tokens.realm, service: SERVICE, issuer: tokens.issuer, rootCertBundle: tokens.signerCertFile },
    });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  const client = (credentials: ConstructorParameters<typeof RegistryClient>[0]['credentials'], extra = {}) =>
    new RegistryClient({ url: registry.url, credentials, trustedRealmOrigins: [tokens.origin], ...extra });

  it('gets a token with basic credentials, caches it per scope, and pushes', async () => {
    const pusher = client({ kind: 'basic', username: 'pusher', password: 'Pusher-secret-1' });
    try {
      tokens.requests.length = 0;
      await pushImage(pusher, 'tok/app', 'v1', [100, 200, 300]);
      await pushImage(pusher, 'tok/app', 'v2', [100, 200, 300]);
      const scopeSets = tokens.requests.map((r) => r.scopes.join(' '));
      // one token per distinct scope set, reused for the ~20 requests of two pushes
      expect(scopeSets.sort()).toEqual(['repository:tok/app:pull', 'repository:tok/app:pull,push']);
      expect(tokens.requests.every((r) => r.authorization)).toBe(true);
    } finally {
      pusher.close();
    }
  });

  it('reads anonymously where the token service allows pull, and cannot push', async () => {
    const anonymous = client({ kind: 'anonymous' });
    try {
      expect((await getManifest(anonymous, 'tok/app', 'v1')).mediaType).toMatch(/oci/);
      const failure = await pushImage(anonymous, 'tok/app', 'v3').catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'AUTH_FAILED' });
    } finally {
      anonymous.close();
    }
  });

  it('signs in with an Entra token through /oauth2/exchange and /oauth2/token, masking every token', async () => {
    const secrets: string[] = [];
    const calls: string[] = [];
    const entra = client(
      { kind: 'entra', credential: entraCredential(ENTRA_TOKEN, calls), scope: 'api://emulator/.default' },
      { onSecret: (v: string) => secrets.push(v) },
    );
    try {
      tokens.requests.length = 0;
      await pushImage(entra, 'entra/app', 'v1');
      expect(calls).toEqual(['api://emulator/.default']);
      expect(tokens.requests.filter((r) => r.path === '/oauth2/exchange')).toHaveLength(1);
      expect(tokens.requests.filter((r) => r.path === '/token').every((r) => r.grant === 'refresh_token')).toBe(true);
      expect(secrets).toContain(ENTRA_TOKEN);
      // the refresh token and every access token this client obtained were reported as secrets
      const refresh = tokens.issued.filter((t) => t.startsWith('refresh-')).at(-1)!;
      expect(secrets).toContain(refresh);
      expect(secrets.filter((s) => s.split('.').length === 3).length).toBeGreaterThan(0);
    } finally {
      entra.close();
    }
  });

  it('exchanges again, once, when the registry revokes its refresh token', async () => {
    const short = await startTokenServer({ service: SERVICE, entraTokens: [ENTRA_TOKEN], expiresIn: 1 });
    const shortRegistry = await startDistribution({
      token: { realm: short.realm, service: SERVICE, issuer: short.issuer, rootCertBundle: short.signerCertFile },
    });
    const entra = new RegistryClient({
      url: shortRegistry.url,
      credentials: { kind: 'entra', credential: entraCredential() },
      trustedRealmOrigins: [short.origin],
    });
    try {
      await pushImage(entra, 'revoke/app', 'v1');
      short.revokeRefreshTokens();
      await new Promise((resolve) => setTimeout(resolve, 1100)); // access tokens (1 s) expire
      expect((await getManifest(entra, 'revoke/app', 'v1')).size).toBeGreaterThan(0);
      expect(short.requests.filter((r) => r.path === '/oauth2/exchange')).toHaveLength(2);
    } finally {
      entra.close();
      await shortRegistry.stop();
      await short.stop();
    }
  });

  it('fails clearly when the Entra credential or the exchange fails, without leaking the token', async () => {
    const broken: TokenCredential = { getToken: async () => Promise.reject(new Error('AADSTS700016: app not found')) };
    const noEntra = client({ kind: 'entra', credential: broken });
    const rejected = client({ kind: 'entra', credential: entraCredential('not-a-known-entra-token-xyz') });
    try {
      await expect(listRepositories(noEntra)).rejects.toMatchObject({
        code: 'AUTH_FAILED',
        message: expect.stringMatching(/AADSTS700016/),
      });
      const failure = await listRepositories(rejected).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'AUTH_FAILED', hint: expect.stringMatching(/data-plane role/) });
      expectNoSecret(failure, ['not-a-known-entra-token-xyz']);
    } finally {
      noEntra.close();
      rejected.close();
    }
  });

  it('does not send credentials to a token realm on another origin unless trusted', async () => {
    const untrusted = new RegistryClient({
      url: registry.url,
      credentials: { kind: 'basic', username: 'pusher', password: 'Pusher-secret-1' },
    });
    try {
      tokens.requests.length = 0;
      await expect(getManifest(untrusted, 'tok/app', 'v1')).rejects.toMatchObject({ code: 'AUTH_CONFIG' });
      expect(tokens.requests).toHaveLength(0);
    } finally {
      untrusted.close();
    }
  });
});
