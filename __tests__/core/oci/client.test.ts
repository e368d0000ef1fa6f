/**
 * The request loop against a scripted registry with a fake clock: which failures are retried, how
 * long each wait is, where it stops, and what the resulting error says.
 */
import { parseRegistryUrl, RegistryClient } from '../../../src/core/oci/client.js';
import { getManifest } from '../../../src/core/oci/manifests.js';
import type { Timing } from '../../../src/core/oci/retry.js';
import { registryError, startFakeServer, type FakeReply, type FakeServer } from './support/fake-server.js';

const MANIFEST = Buffer.from(
  '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}',
);

function recordingTiming(): Timing & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
  };
}

describe('RegistryClient request loop', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
  });

  /** Serve the scripted replies in order, then a manifest. */
  function script(...replies: FakeReply[]) {
    let i = 0;
    server.handle(
      () =>
        replies[i++] ?? { headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: MANIFEST },
    );
  }

  function client(timing: Timing, extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) {
    return new RegistryClient({ url: server.origin, timing, ...extra });
  }

  it('retries 5xx with exponential, jittered, capped backoff, then succeeds', async () => {
    script({ status: 503 }, { status: 502 }, { status: 500 });
    const timing = recordingTiming();
    const c = client(timing, { retry: { baseDelayMs: 1000, maxDelayMs: 3000 } });
    try {
      expect((await getManifest(c, 'app', 'v1')).bytes).toEqual(MANIFEST);
      expect(timing.waits).toEqual([750, 1500, 2250]); // half fixed + half random(0.5): 1000, 2000, then capped 3000
      expect(server.requests).toHaveLength(4);
    } finally {
      c.close();
    }
  });

  it('honours Retry-After in seconds and as an HTTP date, capped', async () => {
    script(
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 429, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:12 GMT' } },
      { status: 429, headers: { 'retry-after': '86400' } },
    );
    const timing = recordingTiming();
    const c = client(timing, { retry: { maxRetryAfterMs: 30_000 } });
    try {
      await getManifest(c, 'app', 'v1');
      expect(timing.waits).toEqual([7000, 12_000, 30_000]);
    } finally {
      c.close();
    }
  });

  it('gives up after maxAttempts with the registry error and an actionable hint', async () => {
    server.handle(() => ({ status: 503, body: registryError('UNAVAILABLE', 'service unavailable') }));
    const retries: string[] = [];
    const c = client(recordingTiming(), { retry: { maxAttempts: 3 }, onRetry: (m) => retries.push(m) });
    try {
      const failure = await getManifest(c, 'app', 'v1').catch((e: unknown) => e);
      expect(failure).toMatchObject({
        code: 'REMOTE_ERROR',
        message: expect.stringMatching(
          /GET manifest app:v1 on 127\.0\.0\.1:\d+ failed with HTTP 503 UNAVAILABLE \(UNAVAILABLE: service unavailable\)/,
        ),
        hint: expect.stringMatching(/retries were exhausted/),
      });
      expect(server.requests).toHaveLength(3);
      expect(retries).toHaveLength(2);
      expect(retries[0]).toMatch(/HTTP 503, retrying in \d+ ms/);
    } finally {
      c.close();
    }
  });

  it.each([
    [400, 'MANIFEST_INVALID', 'REMOTE_ERROR'],
    [401, 'UNAUTHORIZED', 'AUTH_FAILED'],
    [403, 'DENIED', 'FORBIDDEN'],
    [404, 'NAME_UNKNOWN', 'NOT_FOUND'],
    [405, 'UNSUPPORTED', 'REMOTE_ERROR'],
  ])('does not retry HTTP %i (%s) and maps it to %s', async (status, code, expected) => {
    server.handle(() => ({ status, body: registryError(code, `message for ${code}`) }));
    const timing = recordingTiming();
    const c = client(timing);
    try {
      const failure = await c
        .request({
          method: 'PUT',
          target: '/v2/app/manifests/v1',
          scopes: ['repository:app:push'],
          what: 'PUT manifest app:v1',
          expect: [201],
        })
        .catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: expected, message: expect.stringContaining(`message for ${code}`) });
      expect(timing.waits).toEqual([]);
      expect(server.requests).toHaveLength(1);
    } finally {
      c.close();
    }
  });

  it('explains 403 DENIED as an authorization or network-rule problem', async () => {
    server.handle(() => ({
      status: 403,
      body: registryError('DENIED', "client with IP '203.0.113.7' is not allowed access"),
    }));
    const c = client(recordingTiming());
    try {
      await expect(getManifest(c, 'app', 'v1')).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(
          /HTTP 403 DENIED \(DENIED: client with IP '203\.0\.113\.7' is not allowed access\)/,
        ),
        hint: expect.stringMatching(/network rules/),
      });
    } finally {
      c.close();
    }
  });

  it('retries a reset connection and a request that gets no answer in time', async () => {
    let i = 0;
    server.handle(() =>
      i++ === 0 ? { reset: true } : i === 2 ? new Promise<FakeReply>(() => undefined) : { body: MANIFEST },
    );
    const timing = recordingTiming();
    const c = client(timing, { timeoutMs: 300 });
    try {
      expect((await getManifest(c, 'app', 'v1')).size).toBe(MANIFEST.length);
      expect(timing.waits).toHaveLength(2);
      expect(server.requests).toHaveLength(3);
    } finally {
      c.close();
    }
  });

  it('verifies manifest bytes against the digest asked for and Docker-Content-Digest', async () => {
    const c = client(recordingTiming());
    try {
      server.handle(() => ({ body: MANIFEST }));
      await expect(getManifest(c, 'app', `sha256:${'0'.repeat(64)}`)).rejects.toMatchObject({
        message: expect.stringMatching(/does not match/),
      });
      server.handle(() => ({ body: MANIFEST, headers: { 'docker-content-digest': `sha256:${'f'.repeat(64)}` } }));
      await expect(getManifest(c, 'app', 'v1')).rejects.toMatchObject({
        message: expect.stringMatching(/Docker-Content-Digest/),
      });
      server.handle(() => ({ body: Buffer.alloc(5 * 1024 * 1024, 32) }));
      await expect(getManifest(c, 'app', 'v1')).rejects.toMatchObject({
        message: expect.stringMatching(/larger than/),
      });
    } finally {
      c.close();
    }
  });
});

describe('parseRegistryUrl', () => {
  it('defaults to https and keeps explicit http', () => {
    expect(parseRegistryUrl('contoso.azurecr.io').href).toBe('https://contoso.azurecr.io/');
    expect(parseRegistryUrl('http://127.0.0.1:5000').href).toBe('http://127.0.0.1:5000/');
    expect(parseRegistryUrl('https://contoso.azurecr.io/').host).toBe('contoso.azurecr.io');
  });

  it.each([
    'https://contoso.azurecr.io/v2/',
    'https://u:p@contoso.azurecr.io',
    'ftp://contoso',
    'https://x.io?a=1',
    'not a host',
  ])('refuses %s', (value) => {
    expect(() => parseRegistryUrl(value)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});
