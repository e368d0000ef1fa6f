import { Readable } from 'node:stream';
import { RequestGate } from '../../../src/core/inventory/gate.js';
import type { RegistryClient, RegistryRequest } from '../../../src/core/oci/client.js';
import type { RepositoryRecord } from '../../../src/core/plan/model.js';
import { driftByRepository, verifyRepositories, verifyRepository } from '../../../src/core/verify/content.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const TYPE = 'application/vnd.oci.image.manifest.v1+json';

/** A target registry in memory: tag/digest → digest, and the attributes ACR's API reports. */
function fakeTarget(references: Record<string, string>, attributes: Record<string, boolean> = {}) {
  const stats = { inFlight: 0, maxInFlight: 0, heads: 0 };
  const reply = (status: number, headers: Record<string, string> = {}, body?: unknown) => ({
    status,
    headers,
    url: new URL('https://fake'),
    stream: Readable.from(body === undefined ? [] : [Buffer.from(JSON.stringify(body))]),
    discard: () => undefined,
  });
  const client = {
    host: 'fake.azurecr.io',
    async request(request: RegistryRequest) {
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      stats.inFlight -= 1;
      const path = String(request.target);
      const manifest = /\/v2\/.+\/manifests\/([^/]+)$/.exec(path);
      if (manifest) {
        stats.heads += 1;
        const digest = references[decodeURIComponent(manifest[1]!)];
        return digest
          ? reply(200, { 'docker-content-digest': digest, 'content-type': TYPE, 'content-length': '10' })
          : reply(404);
      }
      if (/\/acr\/v1\/.+\/_manifests$/.test(path)) {
        const digests = [...new Set(Object.values(references))];
        return reply(
          200,
          {},
          { manifests: digests.map((digest) => ({ digest, tags: [], changeableAttributes: attributes })) },
        );
      }
      return reply(200, {}, { imageName: 'app', manifestCount: 1, tagCount: 1, changeableAttributes: attributes });
    },
  };
  return { client: client as unknown as RegistryClient, stats };
}

const repository: RepositoryRecord = {
  name: 'app',
  reportedTagCount: 22,
  reportedManifestCount: 3,
  changeableAttributes: { writeEnabled: true },
  manifests: [
    {
      digest: d('a'),
      mediaType: TYPE,
      size: 1,
      tags: Array.from({ length: 20 }, (_, i) => `t${i}`),
      changeableAttributes: { writeEnabled: true },
    },
    { digest: d('b'), mediaType: TYPE, size: 1, tags: ['moved', 'deleted'] },
    { digest: d('c'), mediaType: TYPE, size: 1, tags: [], subject: d('a') },
  ],
};

const everything = () => ({
  ...Object.fromEntries(repository.manifests[0]!.tags.map((t) => [t, d('a')])),
  moved: d('b'),
  deleted: d('b'),
  [d('c')]: d('c'),
});

describe('verifyRepository', () => {
  it('checks every tag and untagged digest through the gate, never more at once than it allows', async () => {
    const { client, stats } = fakeTarget(everything(), { writeEnabled: true });
    const result = await verifyRepository(client, repository, undefined, new RequestGate(3), () => undefined);
    expect(result.failures).toEqual([]);
    expect(result.counts).toEqual({
      name: 'app',
      manifests: 3,
      tags: 22,
      referrers: 1,
      verified: 3,
      missing: 0,
      mismatched: 0,
    });
    expect(stats.heads).toBe(23);
    expect(stats.maxInFlight).toBe(3);
  });

  it('takes a difference the source explains (a carried move, a deletion) as no failure', async () => {
    const references: Record<string, string> = { ...everything(), moved: d('e') };
    delete references.deleted;
    const drift = driftByRepository([
      { repository: 'app', change: 'moved', tag: 'moved', digest: d('e'), previousDigest: d('b'), inTarget: true },
      { repository: 'app', change: 'removed', tag: 'deleted', digest: d('b'), inTarget: false },
    ]);
    const { client } = fakeTarget(references, { writeEnabled: true });
    const result = await verifyRepository(client, repository, drift.get('app'), new RequestGate(4), () => undefined);
    expect(result.failures).toEqual([]);
  });

  it('counts missing and mismatched apart, and compares attributes only of manifests it found', async () => {
    const references: Record<string, string> = { ...everything(), t3: d('b') };
    delete references[d('c')];
    delete references.t7;
    const { client } = fakeTarget(references, { writeEnabled: false });
    const result = await verifyRepository(client, repository, undefined, new RequestGate(4), () => undefined);
    expect(result.failures.map((f) => `${f.kind} ${f.reference} ${f.expected} ${f.actual}`).sort()).toEqual([
      'attributes  writeEnabled=true writeEnabled=false',
      `missing-manifest ${d('c')} present absent`,
      `missing-tag t7 ${d('a')} absent`,
      `wrong-digest t3 ${d('a')} ${d('b')}`,
    ]);
    expect(result.counts).toMatchObject({ verified: 1, missing: 2, mismatched: 2 });
  });
});

describe('verifyRepositories', () => {
  const big: RepositoryRecord = {
    name: 'big',
    reportedTagCount: 200,
    reportedManifestCount: 1,
    manifests: [{ digest: d('a'), mediaType: TYPE, size: 1, tags: Array.from({ length: 200 }, (_, i) => `t${i}`) }],
  };
  const empty: RepositoryRecord = { name: 'empty', reportedTagCount: 0, reportedManifestCount: 0, manifests: [] };
  const broken = (name: string): RepositoryRecord => ({ ...repository, name });

  it('gives each repository what verifyRepository gives it, in plan order, and lets one big repository use every worker', async () => {
    const references: Record<string, string> = { ...everything(), t3: d('b'), t150: d('a') };
    delete references.t7;
    for (let i = 20; i < 200; i += 1) references[`t${i}`] = d('a');
    const repositories = [broken('first'), big, empty, broken('last')];
    const { client, stats } = fakeTarget(references, { writeEnabled: true });
    let progress = 0;
    const results = await verifyRepositories(client, repositories, new Map(), new RequestGate(8), 8, () => {
      progress += 1;
    });
    expect(results.map((r) => r.counts.name)).toEqual(['first', 'big', 'empty', 'last']);
    expect(progress).toBe(23 + 200 + 0 + 23);
    expect(stats.maxInFlight).toBe(8);
    for (const [index, record] of repositories.entries()) {
      const alone = await verifyRepository(
        fakeTarget(references, { writeEnabled: true }).client,
        record,
        undefined,
        new RequestGate(2),
        () => undefined,
      );
      expect(results[index]).toEqual(alone); // same counts, same failures in the same order
    }
    expect(results[0]!.failures.map((f) => f.reference)).toEqual(['t3', 't7']);
    expect(results[2]!.counts).toEqual({
      name: 'empty',
      manifests: 0,
      tags: 0,
      referrers: 0,
      verified: 0,
      missing: 0,
      mismatched: 0,
    });
  });

  it('applies each repository its own drift', async () => {
    const references: Record<string, string> = { ...everything(), moved: d('e') };
    const drift = driftByRepository([
      { repository: 'second', change: 'moved', tag: 'moved', digest: d('e'), previousDigest: d('b'), inTarget: true },
    ]);
    const { client } = fakeTarget(references, { writeEnabled: true });
    const results = await verifyRepositories(
      client,
      [broken('first'), broken('second')],
      drift,
      new RequestGate(4),
      4,
      () => undefined,
    );
    expect(results[0]!.failures.map((f) => `${f.kind} ${f.reference}`)).toEqual(['wrong-digest moved']);
    expect(results[1]!.failures).toEqual([]);
  });

  it('stops handing out checks after a failure and throws it', async () => {
    const { client } = fakeTarget(everything());
    const failing = Object.create(client) as RegistryClient;
    let calls = 0;
    failing.request = async (request) => {
      calls += 1;
      if (calls === 5) throw new Error('registry fell over');
      return client.request(request);
    };
    await expect(
      verifyRepositories(failing, [big, big, big], new Map(), new RequestGate(2), 2, () => undefined),
    ).rejects.toThrow('registry fell over');
    expect(calls).toBeLessThan(10);
  });
});
