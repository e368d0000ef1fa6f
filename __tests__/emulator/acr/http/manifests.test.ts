import { errorCodes, json, startRegistry, type TestRegistry } from '../harness.js';
import { pushArtifact, pushBlob } from '../../../../emulator/src/seed/images-push.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import {
  buildManifest,
  generateImage,
  generateMultiArch,
  generateNestedIndex,
  generateSchema1,
  generateSignature,
  sha256,
} from '../../../../emulator/src/seed/images.js';
import type { RegistryClient } from '../../../../emulator/src/seed/oci-client.js';

let registry: TestRegistry;
let client: RegistryClient;

beforeAll(async () => {
  registry = await startRegistry();
  client = registry.client();
});

afterAll(() => registry.destroy());

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';

function put(repository: string, reference: string, bytes: Buffer, contentType: string) {
  return client.send('PUT', `/v2/${repository}/manifests/${reference}`, {
    headers: { 'Content-Type': contentType },
    body: bytes,
  });
}

describe('manifests', () => {
  it('pushes and pulls docker v2, OCI, manifest list and nested OCI index, byte for byte', async () => {
    const artifacts = {
      docker: generateImage('m-docker', { format: 'docker' }),
      oci: generateImage('m-oci'),
      list: generateMultiArch('m-list', { format: 'docker' }),
      nested: generateNestedIndex('m-nested'),
    };
    for (const [name, artifact] of Object.entries(artifacts)) {
      await pushArtifact(client, `kinds/${name}`, artifact, ['v1'], { mode: 'monolithic' });
      const pulled = await client.send('GET', `/v2/kinds/${name}/manifests/v1`, {
        headers: { Accept: artifact.root.mediaType },
      });
      expect(pulled.status).toBe(200);
      expect(pulled.headers['content-type']).toBe(artifact.root.mediaType);
      expect(pulled.headers['docker-content-digest']).toBe(artifact.root.digest);
      expect(pulled.body.equals(artifact.root.bytes)).toBe(true);
    }
    const head = await client.send('HEAD', `/v2/kinds/oci/manifests/${artifacts.oci.root.digest}`);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(artifacts.oci.root.size));
    expect(head.body.length).toBe(0);
  });

  it('negotiates: a docker list resolves to linux/amd64 for a v2-only client; an OCI index needs its type accepted', async () => {
    const list = await client.send('GET', '/v2/kinds/list/manifests/v1', { headers: { Accept: DOCKER_V2 } });
    expect(list.status).toBe(200);
    expect(list.headers['content-type']).toBe(DOCKER_V2);
    expect(json<{ config: unknown }>(list.body).config).toBeDefined();
    const refused = await client.send('GET', '/v2/kinds/nested/manifests/v1', { headers: { Accept: DOCKER_V2 } });
    expect(refused.status).toBe(404);
    expect(errorCodes(refused.body)).toEqual(['MANIFEST_UNKNOWN']);
    const anything = await client.send('GET', '/v2/kinds/nested/manifests/v1', { headers: { Accept: '*/*' } });
    expect(anything.headers['content-type']).toBe(OCI_INDEX);
  });

  it('serves a stored schema1 manifest as is, whatever the Accept header', async () => {
    const legacy = generateSchema1('legacy');
    writeArtifact(registry.store, 'legacy', legacy, ['v1']);
    const pulled = await client.send('GET', '/v2/legacy/manifests/v1', { headers: { Accept: DOCKER_V2 } });
    expect(pulled.status).toBe(200);
    expect(pulled.headers['content-type']).toBe('application/vnd.docker.distribution.manifest.v1+prettyjws');
    expect(pulled.body.equals(legacy.root.bytes)).toBe(true);
  });

  it('answers MANIFEST_BLOB_UNKNOWN for each missing layer, and for missing index children', async () => {
    const image = generateImage('missing-layers', { extraLayers: 1 });
    await pushBlob(client, 'missing', image.blobs[0]!);
    const response = await put('missing', 'v1', image.root.bytes, image.root.mediaType);
    expect(response.status).toBe(400);
    const body = json<{ errors: Array<{ code: string; detail: { digest: string } }> }>(response.body);
    expect(body.errors.map((error) => error.code)).toEqual([
      'MANIFEST_BLOB_UNKNOWN',
      'MANIFEST_BLOB_UNKNOWN',
      'MANIFEST_BLOB_UNKNOWN',
    ]);
    expect(body.errors.map((error) => error.detail.digest)).toEqual(image.blobs.slice(1).map((blob) => blob.digest));
    const index = generateMultiArch('missing-children');
    const indexResponse = await put('missing', 'index', index.root.bytes, OCI_INDEX);
    expect(indexResponse.status).toBe(400);
    expect(errorCodes(indexResponse.body)).toEqual(['MANIFEST_BLOB_UNKNOWN', 'MANIFEST_BLOB_UNKNOWN']);
  });

  it('rejects a digest mismatch, junk, an unknown media type, a bad tag and an oversized manifest', async () => {
    const image = generateImage('checks');
    await pushArtifact(client, 'checks', image);
    const mismatch = await put('checks', sha256('other'), image.root.bytes, image.root.mediaType);
    expect(errorCodes(mismatch.body)).toEqual(['DIGEST_INVALID']);
    const junk = await put('checks', 'junk', Buffer.from('not json'), image.root.mediaType);
    expect([junk.status, errorCodes(junk.body)]).toEqual([400, ['MANIFEST_INVALID']]);
    const unknownType = buildManifest('application/x-unknown', {
      schemaVersion: 2,
      mediaType: 'application/x-unknown',
    });
    expect((await put('checks', 'odd', unknownType.bytes, 'application/x-unknown')).status).toBe(400);
    const badTag = await put('checks', '-bad', image.root.bytes, image.root.mediaType);
    expect(errorCodes(badTag.body)).toEqual(['TAG_INVALID']);
    const huge = Buffer.from(JSON.stringify({ schemaVersion: 2, padding: 'x'.repeat(4 * 1024 * 1024) }));
    const tooLarge = await put('checks', 'huge', huge, 'application/vnd.oci.image.manifest.v1+json');
    expect(tooLarge.status).toBe(413);
    expect(errorCodes(tooLarge.body)).toEqual(['MANIFEST_INVALID']);
    const badName = await put('Upper/Case', 'v1', image.root.bytes, image.root.mediaType);
    expect(errorCodes(badName.body)).toEqual(['NAME_INVALID']);
  });

  it('answers OCI-Subject for a manifest with a subject, even before the subject exists', async () => {
    const subject = generateImage('subject-later');
    const signature = generateSignature('early', subject.root);
    for (const blob of signature.blobs) await pushBlob(client, 'subjects', blob);
    const response = await put('subjects', signature.root.digest, signature.root.bytes, signature.root.mediaType);
    expect(response.status).toBe(201);
    expect(response.headers['oci-subject']).toBe(subject.root.digest);
    expect(response.headers.location).toBe(`/v2/subjects/manifests/${signature.root.digest}`);
  });

  it('deletes by digest (tags go with it) and by tag (only the tag); unknown is MANIFEST_UNKNOWN', async () => {
    const image = generateImage('deletions');
    await pushArtifact(client, 'deletions', image, ['a', 'b']);
    expect((await client.send('DELETE', '/v2/deletions/manifests/a')).status).toBe(202);
    expect(registry.store.listTags('deletions').map((tag) => tag.name)).toEqual(['b']);
    expect((await client.send('DELETE', `/v2/deletions/manifests/${image.root.digest}`)).status).toBe(202);
    expect(registry.store.getRepository('deletions')).toBeUndefined();
    const again = await client.send('DELETE', `/v2/deletions/manifests/${image.root.digest}`);
    expect([again.status, errorCodes(again.body)]).toEqual([404, ['MANIFEST_UNKNOWN']]);
    expect(registry.log.at(-1)?.kind).toBe('acr:delete');
  });

  it('enforces locks: writeEnabled=false on a repository, a tag or a manifest; deleteEnabled=false on delete', async () => {
    const first = generateImage('lock-1');
    const second = generateImage('lock-2');
    await pushArtifact(client, 'locks', first, ['v1']);
    for (const blob of second.blobs) await pushBlob(client, 'locks', blob);
    registry.store.setTagAttributes('locks', 'v1', { writeEnabled: false });
    const overwrite = await put('locks', 'v1', second.root.bytes, second.root.mediaType);
    expect([overwrite.status, errorCodes(overwrite.body)]).toEqual([405, ['REGISTRY_DISALLOWED_OPERATION']]);
    expect((await put('locks', 'v2', second.root.bytes, second.root.mediaType)).status).toBe(201);
    expect((await client.send('DELETE', '/v2/locks/manifests/v1')).status).toBe(405);
    registry.store.setManifestAttributes('locks', second.root.digest, { deleteEnabled: false });
    expect((await client.send('DELETE', `/v2/locks/manifests/${second.root.digest}`)).status).toBe(405);
    registry.store.setManifestAttributes('locks', second.root.digest, { readEnabled: false });
    expect((await client.send('GET', '/v2/locks/manifests/v2')).status).toBe(405);
    registry.store.setRepositoryAttributes('locks', { writeEnabled: false });
    expect((await put('locks', 'v3', first.root.bytes, first.root.mediaType)).status).toBe(405);
    expect((await client.send('POST', '/v2/locks/blobs/uploads/')).status).toBe(405);
  });
});
