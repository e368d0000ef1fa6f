import { RegistryClient } from '../../../src/core/oci/client.js';
import { catalogPages, listRepositories, listTags } from '../../../src/core/oci/listing.js';
import { putManifest } from '../../../src/core/oci/manifests.js';
import { uploadBlob } from '../../../src/core/oci/upload.js';
import { mapWithLimit } from '../../../src/core/util/pool.js';
import { startDistribution, type Distribution } from '../../helpers/distribution.js';
import { requireTool } from '../../helpers/tools.js';
import { blob, imageManifest } from './support/content.js';
import { startFakeServer, type FakeServer } from './support/fake-server.js';

const gate = requireTool('docker-registry');

gate.describe('catalog and tags against a real distribution registry', () => {
  let registry: Distribution;
  let client: RegistryClient;
  const repositories = Array.from({ length: 23 }, (_, i) => `paging/repo-${String(i).padStart(2, '0')}`);
  const tags = Array.from({ length: 37 }, (_, i) => `t${i}`);

  beforeAll(async () => {
    registry = await startDistribution();
    client = new RegistryClient({ url: registry.url });
    const config = blob(32);
    const manifest = imageManifest(config, []);
    await mapWithLimit(repositories, 4, async (repository) => {
      await uploadBlob(client, repository, config.descriptor, config.bytes);
      await putManifest(client, repository, 'latest', manifest, 'application/vnd.oci.image.manifest.v1+json');
    });
    await mapWithLimit(tags, 4, (tag) =>
      putManifest(client, repositories[0]!, tag, manifest, 'application/vnd.oci.image.manifest.v1+json'),
    );
  });
  afterAll(async () => {
    client?.close();
    await registry?.stop();
  });

  it('pages the catalog to the end through Link headers (n=5: five pages)', async () => {
    const pages: string[][] = [];
    for await (const page of catalogPages(client, { pageSize: 5 })) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(pages.flat()).toEqual(repositories);
  });

  it('stops exactly at the end when the last page is full (n divides the count)', async () => {
    expect(await listRepositories(client, { pageSize: 23 })).toEqual(repositories);
    expect(await listRepositories(client, { pageSize: 1 })).toEqual(repositories);
  });

  it('lists every tag even though distribution 2.8 ignores n on tags/list', async () => {
    expect((await listTags(client, repositories[0]!, { pageSize: 10 })).sort()).toEqual([...tags, 'latest'].sort());
    expect((await listTags(client, repositories[0]!, { pageSize: 38 })).sort()).toEqual([...tags, 'latest'].sort());
  });
});

describe('paging rules (scripted registry)', () => {
  let server: FakeServer;
  let client: RegistryClient;
  beforeAll(async () => {
    server = await startFakeServer();
    client = new RegistryClient({ url: server.origin });
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  /** A registry that caps pages at `cap` and links onwards like ACR (Link, no body link). */
  function capped(all: string[], cap: number, link = true) {
    server.handle((request) => {
      const n = Math.min(Number(request.url.searchParams.get('n') ?? cap), cap);
      const last = request.url.searchParams.get('last');
      const start = last ? all.indexOf(last) + 1 : 0;
      const page = all.slice(start, start + n);
      const more = start + n < all.length;
      const headers = more && link ? { link: `</v2/_catalog?last=${page.at(-1)}&n=${n}>; rel="next"` } : undefined;
      return { body: { repositories: page }, headers };
    });
  }

  const names = Array.from({ length: 250 }, (_, i) => `r${String(i).padStart(3, '0')}`);

  it('follows Link past pages capped below n (a short page is not the end)', async () => {
    capped(names, 100);
    server.requests.length = 0;
    expect(await listRepositories(client, { pageSize: 1000 })).toEqual(names);
    expect(server.requests).toHaveLength(3);
  });

  it('without Link, continues from last= after a full page and stops on a short one', async () => {
    capped(names, 100, false);
    server.requests.length = 0;
    expect(await listRepositories(client, { pageSize: 50 })).toEqual(names);
    expect(server.requests.map((r) => r.url.searchParams.get('last'))).toEqual([
      null,
      'r049',
      'r099',
      'r149',
      'r199',
      'r249',
    ]);
  });

  it('fails instead of looping when a Link never advances', async () => {
    server.handle(() => ({
      body: { repositories: ['a'] },
      headers: { link: '</v2/_catalog?last=a&n=1>; rel="next"' },
    }));
    await expect(listRepositories(client, { pageSize: 1 })).rejects.toMatchObject({
      message: expect.stringMatching(/does not advance/),
    });
  });

  it('refuses a Link to another host or another listing', async () => {
    server.handle(() => ({
      body: { repositories: ['a'] },
      headers: { link: '<https://evil.example/v2/_catalog?last=a>; rel="next"' },
    }));
    await expect(listRepositories(client)).rejects.toMatchObject({ message: expect.stringMatching(/another origin/) });
    server.handle(() => ({
      body: { repositories: ['a'] },
      headers: { link: '</v2/app/tags/list?last=a>; rel="next"' },
    }));
    await expect(listRepositories(client)).rejects.toMatchObject({ message: expect.stringMatching(/another listing/) });
  });

  it('treats registry-supplied names as data: an invalid one fails the listing', async () => {
    server.handle(() => ({ body: { repositories: ['ok', '../../admin?x=1'] } }));
    await expect(listRepositories(client)).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      message: expect.stringMatching(/invalid repository name/),
    });
    server.handle(() => ({ body: { name: 'app', tags: ['v1', 'bad tag'] } }));
    await expect(listTags(client, 'app')).rejects.toMatchObject({
      message: expect.stringMatching(/invalid tag "bad tag"/),
    });
    server.handle(() => ({ body: { name: 'app', tags: null } }));
    await expect(listTags(client, 'app')).resolves.toEqual([]);
  });
});
