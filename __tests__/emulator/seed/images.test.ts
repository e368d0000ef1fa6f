import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseManifest } from '../../../emulator/src/acr/index.js';
import {
  AMD64,
  ARM64,
  HELM_CHART_LAYER,
  HELM_CONFIG,
  NOTARY_SIGNATURE,
  SPDX_SBOM,
  baseLayer,
  childManifests,
  generateHelmChart,
  generateImage,
  generateManyPlatformIndex,
  generateMultiArch,
  generateNestedIndex,
  generateSbom,
  generateSchema1,
  generateSignature,
  sha256,
  type GeneratedArtifact,
} from '../../../emulator/src/seed/images.js';
import { tarArchive } from '../../../emulator/src/seed/oci-tar.js';

function json<T = Record<string, unknown>>(bytes: Buffer): T {
  return JSON.parse(bytes.toString('utf8')) as T;
}

function blobOf(artifact: GeneratedArtifact, digest: string): Buffer {
  const blob = artifact.blobs.find((candidate) => candidate.digest === digest);
  if (!blob) throw new Error(`no blob ${digest}`);
  return blob.data;
}

describe('generated images', () => {
  it('is deterministic: same seed, same bytes; other seeds share only the base layer', () => {
    const a = generateImage('same');
    const b = generateImage('same');
    const c = generateImage('other');
    expect(a.root.digest).toBe(b.root.digest);
    expect(a.blobs.map((blob) => blob.digest)).toEqual(b.blobs.map((blob) => blob.digest));
    expect(c.root.digest).not.toBe(a.root.digest);
    const layersOf = (artifact: GeneratedArtifact) =>
      json<{ layers: Array<{ digest: string }> }>(artifact.root.bytes).layers.map((l) => l.digest);
    expect(layersOf(c)[0]).toBe(layersOf(a)[0]);
    expect(layersOf(c)[1]).not.toBe(layersOf(a)[1]);
    expect(layersOf(a)[0]).toBe(baseLayer(AMD64).digest);
  });

  it('builds real gzip tar layers whose diff_ids are in the config, and a valid manifest', () => {
    const image = generateImage('valid', { format: 'docker', platform: ARM64, extraLayers: 2 });
    const manifest = json<{
      config: { digest: string; size: number };
      layers: Array<{ digest: string; size: number }>;
    }>(image.root.bytes);
    const config = json<{ architecture: string; os: string; variant: string; rootfs: { diff_ids: string[] } }>(
      blobOf(image, manifest.config.digest),
    );
    expect(config).toMatchObject({ architecture: 'arm64', os: 'linux', variant: 'v8' });
    expect(config.rootfs.diff_ids).toEqual(
      manifest.layers.map((layer) => sha256(gunzipSync(blobOf(image, layer.digest)))),
    );
    for (const descriptor of [manifest.config, ...manifest.layers]) {
      const data = blobOf(image, descriptor.digest);
      expect([sha256(data), data.length]).toEqual([descriptor.digest, descriptor.size]);
    }
    expect(parseManifest(image.root.bytes).mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
  });

  it('writes tar archives the system tar reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-tar-'));
    try {
      const long = `${'deep/'.repeat(25)}file.txt`;
      const archive = tarArchive([
        { path: 'dir/' },
        { path: 'dir/a.txt', content: Buffer.from('hello') },
        { path: long, content: Buffer.from('x') },
      ]);
      writeFileSync(join(dir, 'layer.tar'), archive);
      const listing = execFileSync('tar', ['-tf', join(dir, 'layer.tar')], { encoding: 'utf8' })
        .trim()
        .split('\n');
      expect(listing).toEqual(['dir/', 'dir/a.txt', long]);
      expect(execFileSync('tar', ['-xOf', join(dir, 'layer.tar'), 'dir/a.txt'], { encoding: 'utf8' })).toBe('hello');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds a multi-arch OCI index and a docker manifest list (amd64 + arm64)', () => {
    const oci = generateMultiArch('multi');
    const index = json<{ mediaType: string; manifests: Array<{ platform: { architecture: string }; digest: string }> }>(
      oci.root.bytes,
    );
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests.map((m) => m.platform.architecture)).toEqual(['amd64', 'arm64']);
    expect(childManifests(oci).map((m) => m.digest)).toEqual(index.manifests.map((m) => m.digest));
    const docker = generateMultiArch('multi', { format: 'docker' });
    expect(docker.root.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(json<{ manifests: Array<{ mediaType: string }> }>(docker.root.bytes).manifests[0]?.mediaType).toBe(
      'application/vnd.docker.distribution.manifest.v2+json',
    );
  });

  it('builds an index of an index, and an index with 51 distinct platforms', () => {
    const nested = generateNestedIndex('nested');
    const children = json<{ manifests: Array<{ mediaType: string }> }>(nested.root.bytes).manifests;
    expect(children.map((child) => child.mediaType)).toEqual([
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.oci.image.manifest.v1+json',
    ]);
    expect(nested.manifests).toHaveLength(5);
    const many = generateManyPlatformIndex('limit', 51);
    const platforms = json<{ manifests: Array<{ platform: { architecture: string; variant: string } }> }>(
      many.root.bytes,
    ).manifests;
    expect(platforms).toHaveLength(51);
    expect(new Set(platforms.map((p) => `${p.platform.architecture}/${p.platform.variant}`)).size).toBe(51);
    expect(new Set(childManifests(many).map((m) => m.digest)).size).toBe(51);
  });

  it('builds referrers with a subject: a Notation signature and an SPDX SBOM', () => {
    const subject = generateImage('subject');
    for (const [artifact, type] of [
      [generateSignature('sig', subject.root), NOTARY_SIGNATURE],
      [generateSbom('sbom', subject.root), SPDX_SBOM],
    ] as const) {
      const parsed = parseManifest(artifact.root.bytes);
      expect(parsed.subject).toEqual({
        mediaType: subject.root.mediaType,
        digest: subject.root.digest,
        size: subject.root.size,
      });
      expect(parsed.artifactType).toBe(type);
      expect(parsed.config?.mediaType).toBe('application/vnd.oci.empty.v1+json');
    }
    const sbomDocument = json<{ spdxVersion: string }>(generateSbom('sbom', subject.root).blobs[1]!.data);
    expect(sbomDocument.spdxVersion).toBe('SPDX-2.3');
  });

  it('builds a Helm chart with the Helm config and chart layer media types', () => {
    const chart = generateHelmChart('chart', { name: 'web', version: '1.2.3' });
    const parsed = parseManifest(chart.root.bytes);
    expect(parsed.config?.mediaType).toBe(HELM_CONFIG);
    expect(parsed.layers.map((layer) => layer.mediaType)).toEqual([HELM_CHART_LAYER]);
    expect(json<{ name: string; version: string }>(blobOf(chart, parsed.config!.digest))).toMatchObject({
      name: 'web',
      version: '1.2.3',
    });
  });

  it('builds a schema1 signed manifest the store recognises', () => {
    const legacy = generateSchema1('legacy');
    const parsed = parseManifest(legacy.root.bytes);
    expect(parsed).toMatchObject({
      kind: 'schema1',
      mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
    });
    expect(parsed.layers.map((layer) => layer.digest)).toEqual([legacy.blobs[0]!.digest]);
  });
});
