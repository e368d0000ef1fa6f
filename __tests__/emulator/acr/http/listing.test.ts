import { json, startRegistry, type TestRegistry } from '../harness.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { generateImage, generateSbom, generateSignature } from '../../../../emulator/src/seed/images.js';
import type { RegistryClient } from '../../../../emulator/src/seed/oci-client.js';

let registry: TestRegistry;
let client: RegistryClient;
const image = generateImage('listing');

beforeAll(async () => {
  registry = await startRegistry();
  client = registry.client();
  const repositories = Array.from({ length: 130 }, (_, index) => `repo-${String(index).padStart(3, '0')}`);
  for (const repository of repositories) writeArtifact(registry.store, repository, image, ['v1']);
  const tags = Array.from({ length: 1500 }, (_, index) => `t${String(index).padStart(4, '0')}`);
  writeArtifact(registry.store, 'many-tags', image, tags);
});

afterAll(() => registry.destroy());

/** Follows Link headers from `path`, returning every page's items. */
async function allPages(path: string, field: 'repositories' | 'tags'): Promise<{ pages: string[][]; links: string[] }> {
  const pages: string[][] = [];
  const links: string[] = [];
  let next: string | undefined = path;
  while (next) {
    const response = await client.send('GET', next);
    expect(response.status).toBe(200);
    pages.push(json<Record<string, string[]>>(response.body)[field] ?? []);
    const link = response.headers.link as string | undefined;
    if (link) links.push(link);
    next = link ? /^<([^>]+)>/.exec(link)?.[1] : undefined;
  }
  return { pages, links };
}

describe('listings', () => {
  it('pages the /v2 catalog at most 100 repositories at a time, even when n asks for more', async () => {
    const { pages, links } = await allPages('/v2/_catalog?n=500', 'repositories');
    expect(pages.map((page) => page.length)).toEqual([100, 31]);
    expect(links[0]).toBe('</v2/_catalog?last=repo-098&n=100&orderby=>; rel="next"');
    expect(pages.flat()).toEqual(registry.store.listRepositories());
  });

  it('pages tags at most 1000 at a time, honours smaller n and last', async () => {
    const capped = await allPages('/v2/many-tags/tags/list?n=5000', 'tags');
    expect(capped.pages.map((page) => page.length)).toEqual([1000, 500]);
    const small = await client.send('GET', '/v2/many-tags/tags/list?n=2&last=t0100');
    expect(json(small.body)).toEqual({ name: 'many-tags', tags: ['t0101', 't0102'] });
    expect(small.headers.link).toBe('</v2/many-tags/tags/list?last=t0102&n=2&orderby=>; rel="next"');
    const unknown = await client.send('GET', '/v2/nope/tags/list');
    expect(unknown.status).toBe(404);
  });

  it('hides repositories and tags whose listEnabled is false', async () => {
    registry.store.setRepositoryAttributes('repo-000', { listEnabled: false });
    registry.store.setTagAttributes('many-tags', 't0000', { listEnabled: false });
    const catalog = json<{ repositories: string[] }>((await client.send('GET', '/v2/_catalog?n=3')).body);
    expect(catalog.repositories).toEqual(['many-tags', 'repo-001', 'repo-002']);
    const tags = json<{ tags: string[] }>((await client.send('GET', '/v2/many-tags/tags/list?n=1')).body);
    expect(tags.tags).toEqual(['t0001']);
    registry.store.setRepositoryAttributes('repo-000', { listEnabled: true });
    registry.store.setTagAttributes('many-tags', 't0000', { listEnabled: true });
  });

  it('lists referrers as an OCI index, filtered by artifactType', async () => {
    const subject = generateImage('referred');
    writeArtifact(registry.store, 'signed', subject, ['v1']);
    const signature = generateSignature('sig', subject.root);
    const sbom = generateSbom('sbom', subject.root);
    writeArtifact(registry.store, 'signed', signature);
    writeArtifact(registry.store, 'signed', sbom);
    const all = await client.send('GET', `/v2/signed/referrers/${subject.root.digest}`);
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toBe('application/vnd.oci.image.index.v1+json');
    expect(all.headers['oci-filters-applied']).toBeUndefined();
    const index = json<{ schemaVersion: number; manifests: Array<Record<string, unknown>> }>(all.body);
    expect(index.schemaVersion).toBe(2);
    expect(index.manifests).toHaveLength(2);
    expect(index.manifests).toContainEqual({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: signature.root.digest,
      size: signature.root.size,
      artifactType: 'application/vnd.cncf.notary.signature',
      annotations: signature.root.annotations,
    });
    const filtered = await client.send(
      'GET',
      `/v2/signed/referrers/${subject.root.digest}?artifactType=application/spdx%2Bjson`,
    );
    expect(filtered.headers['oci-filters-applied']).toBe('artifactType');
    expect(json<{ manifests: Array<{ digest: string }> }>(filtered.body).manifests.map((m) => m.digest)).toEqual([
      sbom.root.digest,
    ]);
    const none = await client.send('GET', `/v2/signed/referrers/${sbom.root.digest}`);
    expect(json<{ manifests: unknown[] }>(none.body).manifests).toEqual([]);
    expect(registry.log.at(-1)?.kind).toBe('acr:referrers');
  });
});
