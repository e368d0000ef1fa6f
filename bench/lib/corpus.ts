/**
 * The images of case 3, deterministic (same bytes and digests every run): `count` images over
 * repositories of ten, built like real ones — every image of a platform on the same OS base layer,
 * half of them on one of two shared runtime layers, and a small layer of its own; every 20th image
 * a multi-arch index (amd64 + arm64). Shared layers are what a copier should read once.
 */
import {
  AMD64,
  ARM64,
  buildLayer,
  buildManifest,
  combine,
  descriptorOf,
  jsonBlob,
  seededBytes,
  type GeneratedArtifact,
  type GeneratedLayer,
  type Platform,
} from '../../emulator/src/seed/images.js';
import type { ExpectedImage } from './plain-registry.js';

const OCI = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

/** Sizes of the layers (random bytes: gzip does not shrink them). */
export const CORPUS_LAYERS = { baseBytes: 2 * 1024 * 1024, runtimeBytes: 1024 * 1024, appBytes: 32 * 1024 };
const IMAGES_PER_REPOSITORY = 10;
const MULTI_ARCH_EVERY = 20;
const RUNTIMES = ['python', 'node'];

function layer(key: string, bytes: number): GeneratedLayer {
  return buildLayer(
    key,
    () => [
      { path: 'data/' },
      { path: `data/${key.replace(/[^a-z0-9]/gi, '-')}.bin`, content: seededBytes(key, bytes) },
    ],
    OCI.layer,
  );
}

function arch(platform: Platform): string {
  return `${platform.architecture}${platform.variant ?? ''}`;
}

function image(seed: string, number: number, platform: Platform): GeneratedArtifact {
  const layers = [layer(`bench-base-${arch(platform)}`, CORPUS_LAYERS.baseBytes)];
  const runtime = RUNTIMES[number % 4];
  if (runtime) layers.push(layer(`bench-runtime-${runtime}-${arch(platform)}`, CORPUS_LAYERS.runtimeBytes));
  layers.push(layer(`bench-app-${seed}-${arch(platform)}`, CORPUS_LAYERS.appBytes));
  const config = jsonBlob(OCI.config, {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: '2020-01-01T00:00:00Z',
    config: { Cmd: ['/app/run'], Labels: { 'bench.image': seed } },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
  });
  const root = buildManifest(
    OCI.manifest,
    {
      schemaVersion: 2,
      mediaType: OCI.manifest,
      config: descriptorOf(config),
      layers: layers.map((l) => descriptorOf(l)),
    },
    { platform },
  );
  return { root, manifests: [root], blobs: [config, ...layers] };
}

function multiArch(seed: string, number: number): GeneratedArtifact {
  const children = [AMD64, ARM64].map((platform) => image(seed, number, platform));
  const root = buildManifest(OCI.index, {
    schemaVersion: 2,
    mediaType: OCI.index,
    manifests: children.map((child) => descriptorOf(child.root, true)),
  });
  return combine(root, children);
}

/** `count` images: repository `bench/svc-NN`, tags `1.<k>` (the newest of each repository also `latest`). */
export function generateCorpus(count: number): ExpectedImage[] {
  const images: ExpectedImage[] = [];
  for (let number = 0; number < count; number += 1) {
    const repository = `bench/svc-${String(Math.floor(number / IMAGES_PER_REPOSITORY)).padStart(2, '0')}`;
    const local = number % IMAGES_PER_REPOSITORY;
    const last = local === IMAGES_PER_REPOSITORY - 1 || number === count - 1;
    const seed = `bench-image-${number}`;
    const artifact =
      number % MULTI_ARCH_EVERY === MULTI_ARCH_EVERY - 1 ? multiArch(seed, number) : image(seed, number, AMD64);
    images.push({ repository, artifact, tags: last ? [`1.${local}`, 'latest'] : [`1.${local}`] });
  }
  return images;
}

/** Bytes of the distinct blobs and manifests: what a copier that reads everything once must read. */
export function distinctBytes(images: readonly ExpectedImage[]): number {
  const seen = new Map<string, number>();
  for (const { artifact } of images) {
    for (const blob of artifact.blobs) seen.set(blob.digest, blob.size);
    for (const manifest of artifact.manifests) seen.set(manifest.digest, manifest.size);
  }
  return [...seen.values()].reduce((sum, size) => sum + size, 0);
}

/** The manifests a copy reads: one per repository and digest. */
function manifestsByRepository(images: readonly ExpectedImage[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const { repository, artifact } of images) {
    for (const manifest of artifact.manifests) seen.set(`${repository}@${manifest.digest}`, manifest.size);
  }
  return seen;
}

export function manifestCount(images: readonly ExpectedImage[]): number {
  return manifestsByRepository(images).size;
}

/** Bytes of those manifests (bodies only). */
export function manifestBytes(images: readonly ExpectedImage[]): number {
  return [...manifestsByRepository(images).values()].reduce((sum, size) => sum + size, 0);
}
