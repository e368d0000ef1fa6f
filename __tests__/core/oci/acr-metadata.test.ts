/**
 * ACR's /acr/v1/ metadata API against a scripted registry serving the spec's wire format
 * (shapes from reference/acr-data-plane examples GetRepositoryAttributes, GetTagList, UpdateRepositoryAttributes).
 */
import {
  acrTagPages,
  getAcrRepository,
  listAcrManifests,
  listAcrRepositories,
  listAcrTags,
  updateAcrAttributes,
} from '../../../src/core/oci/acr-metadata.js';
import { RegistryClient } from '../../../src/core/oci/client.js';
import { startFakeServer, type FakeServer, type RecordedRequest } from './support/fake-server.js';

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const changeable = { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true };

describe('ACR metadata API', () => {
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
  beforeEach(() => {
    server.requests.length = 0;
  });

  /** ACR-style paging: page size capped at `cap`, Link header to the next page. */
  function pages<T>(path: string, field: string, items: T[], key: (t: T) => string, cap: number, extra: object = {}) {
    return (request: RecordedRequest) => {
      if (request.path !== path)
        return {
          status: 404,
          body: { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] },
        };
      const n = Math.min(Number(request.url.searchParams.get('n') ?? cap), cap);
      const last = request.url.searchParams.get('last');
      const start = last ? items.findIndex((i) => key(i) === last) + 1 : 0;
      const page = items.slice(start, start + n);
      const more = start + n < items.length;
      const link = more ? `<${path}?last=${key(page.at(-1)!)}&n=${n}&orderby=>; rel="next"` : undefined;
      return { body: { registry: server.host, ...extra, [field]: page }, headers: { link } };
    };
  }

  it('lists all repositories of /acr/v1/_catalog across capped pages, with api-version', async () => {
    const names = Array.from({ length: 230 }, (_, i) => `team/repo${String(i).padStart(3, '0')}`);
    server.handle(pages('/acr/v1/_catalog', 'repositories', names, (n) => n, 100));
    expect(await listAcrRepositories(client)).toEqual(names);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]!.url.searchParams.get('api-version')).toBe('2021-07-01');
    expect(server.requests[0]!.url.searchParams.get('n')).toBe('100');
  });

  it('reads repository attributes with the registry-side counts', async () => {
    server.handle((r) =>
      r.path === '/acr/v1/team/app'
        ? {
            body: {
              registry: server.host,
              imageName: 'team/app',
              createdTime: '2018-09-06T06:17:20.9531248Z',
              manifestCount: 2,
              tagCount: 3,
              changeableAttributes: changeable,
            },
          }
        : { status: 404 },
    );
    await expect(getAcrRepository(client, 'team/app')).resolves.toMatchObject({
      imageName: 'team/app',
      manifestCount: 2,
      tagCount: 3,
      changeableAttributes: changeable,
    });
    server.handle(() => ({ body: { imageName: 'team/app' } }));
    await expect(getAcrRepository(client, 'team/app')).rejects.toMatchObject({
      message: expect.stringMatching(/without imageName, manifestCount and tagCount/),
    });
    server.handle(() => ({
      status: 404,
      body: { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] },
    }));
    await expect(getAcrRepository(client, 'team/none')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pages tag attributes to the end (tags beyond the first 1000 are not lost)', async () => {
    const tags = Array.from({ length: 2345 }, (_, i) => ({
      name: `v${i}`,
      digest: digest(i % 7),
      createdTime: 't',
      lastUpdateTime: 't',
      changeableAttributes: changeable,
    }));
    server.handle(pages('/acr/v1/team/app/_tags', 'tags', tags, (t) => t.name, 1000, { imageName: 'team/app' }));
    const listed = await listAcrTags(client, 'team/app');
    expect(listed).toHaveLength(2345);
    expect(listed[2344]).toMatchObject({ name: 'v2344', digest: digest(2344 % 7), changeableAttributes: changeable });
    const sizes: number[] = [];
    for await (const page of acrTagPages(client, 'team/app')) sizes.push(page.length);
    expect(sizes).toEqual([1000, 1000, 345]);
  });

  it('lists manifests, tagged and untagged, with their tags and platform', async () => {
    const manifests = Array.from({ length: 150 }, (_, i) => ({
      digest: digest(i + 1),
      imageSize: 100 + i,
      createdTime: 't',
      lastUpdateTime: 't',
      architecture: 'amd64',
      os: 'linux',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      tags: i % 2 ? [] : [`t${i}`],
      changeableAttributes: changeable,
    }));
    server.handle(
      pages('/acr/v1/team/app/_manifests', 'manifests', manifests, (m) => m.digest, 100, { imageName: 'team/app' }),
    );
    const listed = await listAcrManifests(client, 'team/app');
    expect(listed.map((m) => m.digest)).toEqual(manifests.map((m) => m.digest));
    expect(listed.filter((m) => m.tags.length === 0)).toHaveLength(75);
    expect(listed[0]).toMatchObject({ imageSize: 100, architecture: 'amd64', os: 'linux', tags: ['t0'] });
  });

  it('refuses entries with invalid names, tags or digests', async () => {
    server.handle(() => ({ body: { tags: [{ name: 'ok', digest: 'sha256:../../x' }] } }));
    await expect(listAcrTags(client, 'team/app')).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      message: expect.stringMatching(/invalid tag entry/),
    });
    server.handle(() => ({ body: { manifests: [{ digest: digest(1), tags: ['bad tag'] }] } }));
    await expect(listAcrManifests(client, 'team/app')).rejects.toMatchObject({
      message: expect.stringMatching(/invalid manifest entry/),
    });
  });

  it('PATCHes changeable attributes of a repository, a tag and a manifest', async () => {
    server.handle((r) => ({
      body: { imageName: 'team/app', changeableAttributes: { ...changeable, ...JSON.parse(r.body.toString()) } },
    }));
    const updated = await updateAcrAttributes(client, { repository: 'team/app' }, { writeEnabled: false });
    expect(updated).toMatchObject({ changeableAttributes: { writeEnabled: false, deleteEnabled: true } });
    await updateAcrAttributes(client, { repository: 'team/app', tag: 'v1' }, { deleteEnabled: false });
    await updateAcrAttributes(
      client,
      { repository: 'team/app', digest: digest(9) },
      { writeEnabled: false, deleteEnabled: false },
    );
    expect(server.requests.map((r) => [r.method, r.path, r.headers['content-type'], r.body.toString()])).toEqual([
      ['PATCH', '/acr/v1/team/app', 'application/json', '{"writeEnabled":false}'],
      ['PATCH', '/acr/v1/team/app/_tags/v1', 'application/json', '{"deleteEnabled":false}'],
      [
        'PATCH',
        `/acr/v1/team/app/_manifests/${digest(9)}`,
        'application/json',
        '{"writeEnabled":false,"deleteEnabled":false}',
      ],
    ]);
    await expect(updateAcrAttributes(client, { repository: 'team/app', tag: '../x' }, {})).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
