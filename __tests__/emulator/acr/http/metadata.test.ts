import { errorCodes, json, startRegistry, type TestRegistry } from '../harness.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { generateImage, generateMultiArch, generateHelmChart } from '../../../../emulator/src/seed/images.js';
import type { RegistryClient } from '../../../../emulator/src/seed/oci-client.js';

let registry: TestRegistry;
let client: RegistryClient;
let clock = new Date('2024-03-01T00:00:00Z');
const tick = (): void => {
  clock = new Date(clock.getTime() + 60_000);
};
const index = generateMultiArch('meta-index');
const images = [generateImage('meta-1'), generateImage('meta-2'), generateImage('meta-3')];

beforeAll(async () => {
  registry = await startRegistry({ now: () => clock });
  client = registry.client();
  writeArtifact(registry.store, 'team/app', index, ['multi']);
  for (const [position, image] of images.entries()) {
    tick();
    writeArtifact(registry.store, 'team/app', image, [`v${position + 1}`]);
  }
  tick();
  writeArtifact(registry.store, 'charts/web', generateHelmChart('web', { name: 'web', version: '1.2.3' }), ['1.2.3']);
});

afterAll(() => registry.destroy());

describe('/acr/v1 metadata API', () => {
  it('lists the catalog with ACR paging and accepts api-version', async () => {
    const page = await client.send('GET', '/acr/v1/_catalog?n=1&api-version=2021-07-01');
    expect(json(page.body)).toEqual({ repositories: ['charts/web'] });
    expect(page.headers.link).toBe('</acr/v1/_catalog?last=charts%2Fweb&n=1&orderby=>; rel="next"');
    const rest = await client.send('GET', '/acr/v1/_catalog?last=charts%2Fweb&n=1&orderby=');
    expect(json(rest.body)).toEqual({ repositories: ['team/app'] });
    expect(rest.headers.link).toBeUndefined();
  });

  it('reports repository properties with truthful counts (percent-encoded name, as the SDK sends it)', async () => {
    const response = await client.send('GET', '/acr/v1/team%2Fapp');
    expect(json(response.body)).toEqual({
      registry: registry.loginServer,
      imageName: 'team/app',
      createdTime: '2024-03-01T00:00:00.000Z',
      lastUpdateTime: expect.any(String),
      manifestCount: index.manifests.length + images.length,
      tagCount: 4,
      changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true },
    });
    const unknown = await client.send('GET', '/acr/v1/nothing-here');
    expect([unknown.status, errorCodes(unknown.body)]).toEqual([404, ['NAME_UNKNOWN']]);
  });

  it('lists tags by name or by time, filtered by digest, paged with Link', async () => {
    const byName = json<{ tags: Array<{ name: string }> }>((await client.send('GET', '/acr/v1/team/app/_tags')).body);
    expect(byName.tags.map((tag) => tag.name)).toEqual(['multi', 'v1', 'v2', 'v3']);
    const newest = await client.send('GET', '/acr/v1/team/app/_tags?orderby=timedesc&n=2');
    expect(json<{ tags: Array<{ name: string }> }>(newest.body).tags.map((tag) => tag.name)).toEqual(['v3', 'v2']);
    expect(newest.headers.link).toBe('</acr/v1/team/app/_tags?last=v2&n=2&orderby=timedesc>; rel="next"');
    const next = await client.send('GET', '/acr/v1/team/app/_tags?last=v2&n=2&orderby=timedesc');
    expect(json<{ tags: Array<{ name: string }> }>(next.body).tags.map((tag) => tag.name)).toEqual(['v1', 'multi']);
    const filtered = await client.send('GET', `/acr/v1/team/app/_tags?digest=${images[1]!.root.digest}`);
    expect(json<{ tags: Array<{ name: string; digest: string }> }>(filtered.body).tags).toEqual([
      expect.objectContaining({ name: 'v2', digest: images[1]!.root.digest }),
    ]);
  });

  it('lists manifests with ACR fields: platform for images, references for indexes, config media type', async () => {
    const response = await client.send('GET', '/acr/v1/team/app/_manifests?n=1000');
    const manifests = json<{ manifests: Array<Record<string, unknown>> }>(response.body).manifests;
    expect(manifests).toHaveLength(index.manifests.length + images.length);
    const root = manifests.find((manifest) => manifest.digest === index.root.digest);
    expect(root).toMatchObject({
      mediaType: 'application/vnd.oci.image.index.v1+json',
      tags: ['multi'],
      references: [
        { digest: index.manifests[0]!.digest, architecture: 'amd64', os: 'linux' },
        { digest: index.manifests[1]!.digest, architecture: 'arm64', os: 'linux' },
      ],
    });
    expect(root?.architecture).toBeUndefined();
    const child = manifests.find((manifest) => manifest.digest === index.manifests[1]!.digest);
    expect(child).toMatchObject({
      architecture: 'arm64',
      os: 'linux',
      configMediaType: 'application/vnd.oci.image.config.v1+json',
    });
    expect(child?.tags).toBeUndefined();
    const helm = json<{ manifests: Array<Record<string, unknown>> }>(
      (await client.send('GET', '/acr/v1/charts/web/_manifests')).body,
    );
    expect(helm.manifests[0]).toMatchObject({
      configMediaType: 'application/vnd.cii.helm.config.v1+json',
      tags: ['1.2.3'],
    });
  });

  it('gets and patches tag and manifest attributes; a locked tag then refuses deletion', async () => {
    const tag = await client.send('PATCH', '/acr/v1/team/app/_tags/v1', {
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ deleteEnabled: false })),
    });
    expect(
      json<{ tag: { changeableAttributes: Record<string, boolean> } }>(tag.body).tag.changeableAttributes.deleteEnabled,
    ).toBe(false);
    const deleteLocked = await client.send('DELETE', '/acr/v1/team/app/_tags/v1');
    expect([deleteLocked.status, errorCodes(deleteLocked.body)]).toEqual([405, ['REGISTRY_DISALLOWED_OPERATION']]);
    const manifest = await client.send('PATCH', `/acr/v1/team/app/_manifests/${images[2]!.root.digest}`, {
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ readEnabled: false })),
    });
    expect(
      json<{ manifest: { changeableAttributes: Record<string, boolean>; tags: string[] } }>(manifest.body).manifest,
    ).toMatchObject({
      tags: ['v3'],
      changeableAttributes: { readEnabled: false },
    });
    const got = await client.send('GET', '/acr/v1/team/app/_tags/v3');
    expect(json<{ imageName: string; tag: { digest: string } }>(got.body)).toMatchObject({
      imageName: 'team/app',
      tag: { digest: images[2]!.root.digest },
    });
    const bad = await client.send('PATCH', '/acr/v1/team/app', { body: Buffer.from('{"writeEnabled":"no"}') });
    expect(bad.status).toBe(400);
    expect((await client.send('GET', '/acr/v1/team/app/_tags/none')).status).toBe(404);
  });

  it('deletes a tag (202), refuses a repository holding locked content, then deletes it with its contents', async () => {
    expect((await client.send('DELETE', '/acr/v1/team/app/_tags/v2')).status).toBe(202);
    expect((await client.send('DELETE', '/acr/v1/team/app')).status).toBe(405);
    registry.store.setTagAttributes('team/app', 'v1', { deleteEnabled: true });
    const deleted = await client.send('DELETE', '/acr/v1/team/app?api-version=2021-07-01');
    expect(deleted.status).toBe(202);
    const body = json<{ manifestsDeleted: string[]; tagsDeleted: string[] }>(deleted.body);
    expect(body.tagsDeleted).toEqual(['multi', 'v1', 'v3']);
    expect(body.manifestsDeleted).toHaveLength(index.manifests.length + images.length);
    expect((await client.send('DELETE', '/acr/v1/team/app')).status).toBe(404);
    expect(registry.log.filter((entry) => entry.kind === 'acr:delete').length).toBeGreaterThanOrEqual(4);
  });
});
