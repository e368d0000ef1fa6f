/**
 * importImage from another registry of the emulator by resource id, through the unmodified SDK
 * (beginImportImageAndWait): tags and untagged repositories, multi-arch closures, NoForce conflicts
 * and locks refused before anything is copied, Force overwrites, the 50-manifest limit, export policy, missing
 * images, and referrers left behind. The target's data plane shows the result at once.
 */
import {
  generateImage,
  generateManyPlatformIndex,
  generateMultiArch,
  generateSignature,
} from '../../../../emulator/src/seed/images.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { MANIFEST_ACCEPT } from '../../../../emulator/src/arm/providers/containerregistry/import/remoteRegistry.js';
import type { RegistryRuntime } from '../../../../emulator/src/arm/providers/containerregistry/dataPlaneHost.js';
import { FAST, startHarness, type Harness } from './harness.js';

let h: Harness;
let source: RegistryRuntime;
let target: RegistryRuntime;
const v1 = generateImage('import-v1');
const v2 = generateImage('import-v2');
const multi = generateMultiArch('import-multi');
const big = generateManyPlatformIndex('import-big', 51);
const signature = generateSignature('import-sig', v1.root);

beforeAll(async () => {
  h = await startHarness();
  source = await h.createRegistry('importsource01');
  target = await h.createRegistry('importtarget01');
  writeArtifact(source.store, 'app', v1, ['v1']);
  writeArtifact(source.store, 'app', v2, ['v2']);
  writeArtifact(source.store, 'app', signature);
  writeArtifact(source.store, 'multi', multi, ['1.0']);
  writeArtifact(source.store, 'big', big, ['1.0']);
});
afterAll(() => h?.stop());

const importImage = (
  sourceImage: string,
  targetTags: string[],
  extra: { untaggedTargetRepositories?: string[]; mode?: string } = {},
) =>
  h.client.registries.beginImportImageAndWait(
    h.group,
    'importtarget01',
    { source: { resourceId: h.registryId('importsource01'), sourceImage }, targetTags, ...extra },
    FAST,
  );

const tagsOf = (repository: string) => target.store.listTags(repository).map((t) => [t.name, t.digest]);

describe('importImage by resource id', () => {
  it('copies a tagged image and shows it on the target data plane at once', async () => {
    await importImage('app:v1', ['app:v1', 'copies/app:latest']);
    expect(tagsOf('app')).toEqual([['v1', v1.root.digest]]);
    expect(tagsOf('copies/app')).toEqual([['latest', v1.root.digest]]);
    const client = h.dataPlane('importtarget01');
    const manifest = await client.send('GET', '/v2/copies/app/manifests/latest', {
      headers: { Accept: MANIFEST_ACCEPT },
    });
    expect(manifest.status).toBe(200);
    expect(manifest.headers['docker-content-digest']).toBe(v1.root.digest);
    for (const blob of v1.blobs)
      expect((await client.send('HEAD', `/v2/copies/app/blobs/${blob.digest}`)).status).toBe(200);
    const info = await client.send('GET', '/acr/v1/app');
    expect(JSON.parse(info.body.toString('utf8'))).toMatchObject({ manifestCount: 1, tagCount: 1 });
    client.close();
  });

  it('does not copy referrers', async () => {
    expect(source.store.listReferrers('app', v1.root.digest).map((r) => r.digest)).toEqual([signature.root.digest]);
    expect(target.store.listReferrers('app', v1.root.digest)).toEqual([]);
    expect(target.store.getManifest('app', signature.root.digest)).toBeUndefined();
  });

  it('imports by digest into untagged repositories', async () => {
    await importImage(`app@${v2.root.digest}`, [], { untaggedTargetRepositories: ['archive/app'] });
    expect(target.store.getManifest('archive/app', v2.root.digest)).toBeDefined();
    expect(target.store.listTags('archive/app')).toEqual([]);
    for (const blob of v2.blobs) expect(target.store.hasBlob('archive/app', blob.digest)).toBe(true);
  });

  it('refuses with NoForce before copying anything when a target tag exists', async () => {
    const error = await importImage('app:v2', ['fresh/app:v2', 'app:v1'], { mode: 'NoForce' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 409, code: 'Conflict' });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Operation registries-[0-9a-f-]{36} failed\\. Resource ${h.registryId('importtarget01')} Tag app:v1 already exists in target registry\\.$`,
      ),
    );
    expect(tagsOf('app')).toEqual([['v1', v1.root.digest]]);
    expect(target.store.getRepository('fresh/app')).toBeUndefined();
    expect(target.store.getManifest('app', v2.root.digest)).toBeUndefined();
  });

  it('overwrites existing tags with Force', async () => {
    await importImage('app:v2', ['fresh/app:v2', 'app:v1'], { mode: 'Force' });
    expect(tagsOf('app')).toEqual([['v1', v2.root.digest]]);
    expect(tagsOf('fresh/app')).toEqual([['v2', v2.root.digest]]);
  });

  it('refuses, before copying anything, a locked target repository, tag or manifest (writeEnabled=false)', async () => {
    const locked = async (run: () => Promise<unknown>, what: string) => {
      const error = await run().catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
      expect((error as Error).message).toContain(`${what} is locked (writeEnabled is false)`);
    };
    writeArtifact(target.store, 'locked/repo', v1, ['old']);
    target.store.setRepositoryAttributes('locked/repo', { writeEnabled: false });
    await locked(() => importImage('app:v2', ['locked/repo:new']), 'repository locked/repo');
    expect(target.store.getManifest('locked/repo', v2.root.digest)).toBeUndefined();

    writeArtifact(target.store, 'locked/tag', v1, ['pinned']);
    target.store.setTagAttributes('locked/tag', 'pinned', { writeEnabled: false });
    await locked(() => importImage('app:v2', ['locked/tag:pinned'], { mode: 'Force' }), 'locked/tag:pinned');
    expect(target.store.getTag('locked/tag', 'pinned')?.digest).toBe(v1.root.digest);

    writeArtifact(target.store, 'locked/manifest', v2, []);
    target.store.setManifestAttributes('locked/manifest', v2.root.digest, { writeEnabled: false });
    await locked(() => importImage('app:v2', ['locked/manifest:v2']), `locked/manifest@${v2.root.digest}`);
    expect(target.store.getTag('locked/manifest', 'v2')).toBeUndefined();

    target.store.setRepositoryAttributes('locked/repo', { writeEnabled: true });
    await importImage('app:v2', ['locked/repo:new']);
    expect(target.store.getTag('locked/repo', 'new')?.digest).toBe(v2.root.digest);
  });

  it('copies the whole closure of a multi-arch index', async () => {
    await importImage('multi:1.0', ['multi:1.0']);
    expect(tagsOf('multi')).toEqual([['1.0', multi.root.digest]]);
    for (const manifest of multi.manifests) expect(target.store.getManifest('multi', manifest.digest)).toBeDefined();
    for (const blob of multi.blobs) expect(target.store.hasBlob('multi', blob.digest)).toBe(true);
  });

  it('refuses an image with more than 50 manifests', async () => {
    expect(big.manifests.length).toBe(52);
    await expect(importImage('big:1.0', ['big:1.0'])).rejects.toMatchObject({
      code: 'InvalidParameters',
      message: expect.stringContaining('more than 50 manifests'),
    });
    expect(target.store.getRepository('big')).toBeUndefined();
  });

  it('fails when the source image does not exist', async () => {
    await expect(importImage('app:nope', ['app:nope'])).rejects.toMatchObject({
      code: 'InvalidParameters',
      message: expect.stringContaining('app:nope not found'),
    });
    await expect(importImage(`app@sha256:${'0'.repeat(64)}`, ['app:zero'])).rejects.toMatchObject({
      code: 'InvalidParameters',
    });
    expect(target.store.getTag('app', 'nope')).toBeUndefined();
  });

  it('refuses a source whose export policy is disabled, until it is enabled again', async () => {
    const policy = (status: string) =>
      h.client.registries.beginUpdateAndWait(
        h.group,
        'importsource01',
        { publicNetworkAccess: 'Disabled', policies: { exportPolicy: { status } } },
        FAST,
      );
    await policy('disabled');
    await expect(importImage('app:v1', ['exported:v1'])).rejects.toMatchObject({
      code: 'InvalidParameters',
      message: expect.stringContaining('Exports are disabled'),
    });
    expect(target.store.getRepository('exported')).toBeUndefined();
    await policy('enabled');
    // Public network access stays disabled: an import by resource id does not go through it.
    await importImage('app:v1', ['exported:v1']);
    expect(tagsOf('exported')).toEqual([['v1', v1.root.digest]]);
    await h.client.registries.beginUpdateAndWait(h.group, 'importsource01', { publicNetworkAccess: 'Enabled' }, FAST);
  });

  it('imports within one registry, and rejects malformed requests at once', async () => {
    await h.client.registries.beginImportImageAndWait(
      h.group,
      'importtarget01',
      { source: { resourceId: h.registryId('importtarget01'), sourceImage: 'app:v1' }, targetTags: ['self/app:copy'] },
      FAST,
    );
    expect(tagsOf('self/app')).toEqual([['copy', v2.root.digest]]);
    const post = (body: unknown) => h.arm('POST', `${h.registryId('importtarget01')}/importImage`, body);
    expect((await post({ source: { sourceImage: 'app:v1' }, targetTags: ['x:y'] })).status).toBe(400);
    expect((await post({ source: { resourceId: h.registryId('importsource01'), sourceImage: 'app:v1' } })).status).toBe(
      400,
    );
    expect(
      (
        await post({
          source: { resourceId: h.registryId('importsource01'), sourceImage: 'App:v1:' },
          targetTags: ['a:b'],
        })
      ).status,
    ).toBe(400);
    const missing = await post({
      source: { resourceId: h.registryId('nosuchsource1'), sourceImage: 'app:v1' },
      targetTags: ['a:b'],
    });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' } } });
  });

  it('answers 202 with a Location under locations/<region>/operationResults/registries-<id> and Retry-After', async () => {
    const requestId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const reply = await h.arm(
      'POST',
      `${h.registryId('importtarget01')}/importImage`,
      { source: { resourceId: h.registryId('importsource01'), sourceImage: 'app:v2' }, targetTags: ['located:v2'] },
      { 'x-ms-client-request-id': requestId },
    );
    expect(reply.status).toBe(202);
    expect(reply.headers.location).toBe(
      `${h.info.armEndpoint}/subscriptions/${h.subscriptionId}/providers/Microsoft.ContainerRegistry/locations/westeurope/operationResults/registries-${requestId}?api-version=2025-11-01`,
    );
    expect(reply.headers['retry-after']).toBe('0');
    expect(reply.headers['azure-asyncoperation']).toBeUndefined();
  });
});
