import { Readable } from 'node:stream';
import { RequestGate } from '../../../src/core/inventory/gate.js';
import type { RegistryClient, RegistryRequest } from '../../../src/core/oci/client.js';
import type { RepositoryRecord } from '../../../src/core/plan/model.js';
import { driftByRepository, verifyRepository } from '../../../src/core/verify/content.js';

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
      const manifest = /\/v2\/app\/manifests\/(.+)$/.exec(path);
      if (manifest) {
        stats.heads += 1;
        const digest = references[decodeURIComponent(manifest[1]!)];
        return digest
          ? reply(200, { 'docker-content-digest': digest, 'content-type': TYPE, 'content-length': '10' })
          : reply(404);
      }
      if (/\/acr\/v1\/app\/_manifests$/.test(path)) {
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
