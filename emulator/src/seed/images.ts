/**
 * Deterministic container images for seeding and tests: real gzip'd tar layers, valid image
 * configs (rootfs.diff_ids match the uncompressed layers), docker v2 and OCI manifests, multi-arch
 * OCI indexes and docker manifest lists, nested indexes and indexes with many platforms. Every
 * image of one platform shares that platform's base layer, so registries see deduplicated blobs.
 * Artifacts (signatures, SBOMs, Helm charts, schema1) are in images-artifacts.ts.
 */
import {
  buildLayer,
  buildManifest,
  combine,
  descriptorOf,
  jsonBlob,
  seededBytes,
  type GeneratedArtifact,
  type GeneratedLayer,
  type GeneratedManifest,
  type Platform,
} from './images-build.js';

export * from './images-build.js';
export * from './images-artifacts.js';

export type ImageFormat = 'oci' | 'docker';

export const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
export const ARM64: Platform = { os: 'linux', architecture: 'arm64', variant: 'v8' };

const TYPES = {
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
} as const;

export interface ImageOptions {
  format?: ImageFormat;
  platform?: Platform;
  /** Extra unique layers on top of the shared base layer and the app layer (default 0). */
  extraLayers?: number;
  /** Bytes of seeded content in the app layer (default 1024). */
  appBytes?: number;
  annotations?: Record<string, string>;
}

function platformKey(platform: Platform): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

/** The base layer every image of `platform` shares (seed-independent on purpose: dedup). */
export function baseLayer(platform: Platform, format: ImageFormat = 'oci'): GeneratedLayer {
  const key = `base:${platformKey(platform)}`;
  return buildLayer(
    key,
    () => [
      { path: 'etc/' },
      { path: 'etc/os-release', content: Buffer.from(`NAME="emulator-base"\nPLATFORM="${platformKey(platform)}"\n`) },
      { path: 'lib/' },
      { path: 'lib/libbase.so', content: seededBytes(key, 4096) },
    ],
    TYPES[format].layer,
  );
}

function appLayer(seed: string, index: number, bytes: number, format: ImageFormat): GeneratedLayer {
  const key = `app:${seed}:${index}`;
  return buildLayer(
    key,
    () => [
      { path: 'app/' },
      { path: `app/layer-${index}.bin`, content: seededBytes(key, bytes) },
      { path: 'app/VERSION', content: Buffer.from(`${seed}#${index}\n`) },
    ],
    TYPES[format].layer,
  );
}

/** A single-platform image: base layer + app layer (+ extras), config and manifest. */
export function generateImage(seed: string, options: ImageOptions = {}): GeneratedArtifact {
  const format = options.format ?? 'oci';
  const platform = options.platform ?? AMD64;
  const layers = [baseLayer(platform, format)];
  for (let index = 0; index <= (options.extraLayers ?? 0); index += 1) {
    layers.push(appLayer(seed, index, options.appBytes ?? 1024, format));
  }
  const config = jsonBlob(TYPES[format].config, {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: '2020-01-01T00:00:00Z',
    config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'], Cmd: ['/app/run'], Labels: { 'emulator.seed': seed } },
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
    history: layers.map((_, index) => ({ created: '2020-01-01T00:00:00Z', created_by: `layer ${index}` })),
  });
  const body: Record<string, unknown> = {
    schemaVersion: 2,
    mediaType: TYPES[format].manifest,
    config: descriptorOf(config),
    layers: layers.map((layer) => descriptorOf(layer)),
  };
  if (options.annotations && format === 'oci') body.annotations = options.annotations;
  const root = buildManifest(TYPES[format].manifest, body, { platform });
  return { root, manifests: [root], blobs: [config, ...layers] };
}

export interface IndexOptions {
  format?: ImageFormat;
  platforms?: readonly Platform[];
}

/** A multi-arch index (OCI) or manifest list (docker), amd64 + arm64 by default. */
export function generateMultiArch(seed: string, options: IndexOptions = {}): GeneratedArtifact {
  const format = options.format ?? 'oci';
  const children = (options.platforms ?? [AMD64, ARM64]).map((platform) =>
    generateImage(`${seed}/${platformKey(platform)}`, { format, platform }),
  );
  return indexOf(format, children);
}

function indexOf(format: ImageFormat, children: readonly GeneratedArtifact[]): GeneratedArtifact {
  const root = buildManifest(TYPES[format].index, {
    schemaVersion: 2,
    mediaType: TYPES[format].index,
    manifests: children.map((child) => descriptorOf(child.root, true)),
  });
  return combine(root, children);
}

/** An OCI index whose children are another multi-arch index and a single image (index of index). */
export function generateNestedIndex(seed: string): GeneratedArtifact {
  const inner = generateMultiArch(`${seed}/inner`);
  const single = generateImage(`${seed}/single`, { platform: { os: 'linux', architecture: 's390x' } });
  return indexOf('oci', [inner, single]);
}

const ARCHITECTURES = ['amd64', 'arm64', 'arm', 'ppc64le', 's390x', '386', 'riscv64', 'mips64le'];

/**
 * An OCI index with `count` distinct platform manifests (e.g. 51, one past ACR's import limit of 50
 * manifests per operation); platforms cycle through architectures with numbered variants.
 */
export function generateManyPlatformIndex(seed: string, count: number): GeneratedArtifact {
  const children: GeneratedArtifact[] = [];
  for (let index = 0; index < count; index += 1) {
    const architecture = ARCHITECTURES[index % ARCHITECTURES.length] ?? 'amd64';
    const platform: Platform = { os: 'linux', architecture, variant: `v${index}` };
    children.push(generateImage(`${seed}/p${index}`, { platform, appBytes: 64 }));
  }
  return indexOf('oci', children);
}

/** The platform images of an artifact's root index, if it is one (tests and seed reports use it). */
export function childManifests(artifact: GeneratedArtifact): GeneratedManifest[] {
  return artifact.manifests.filter((manifest) => manifest.digest !== artifact.root.digest);
}
