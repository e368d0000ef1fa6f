/**
 * Building blocks for generated images: deterministic bytes from a seed, gzip-compressed tar
 * layers (with their uncompressed diff_id), JSON blobs, and manifests as exact bytes with digests.
 * Same seed, same bytes, same digests — on every run.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tarArchive, type TarEntry } from './oci-tar.js';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Content-addressed bytes: a layer, a config, any blob. */
export interface GeneratedBlob {
  mediaType: string;
  digest: string;
  size: number;
  data: Buffer;
}

export interface GeneratedLayer extends GeneratedBlob {
  /** sha256 of the uncompressed tar (the config's rootfs.diff_ids entry). */
  diffId: string;
}

/** A manifest as exact bytes. */
export interface GeneratedManifest {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
  platform?: Platform;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** What to push for one artifact: the root to tag, every manifest (children first) and every blob. */
export interface GeneratedArtifact {
  root: GeneratedManifest;
  manifests: GeneratedManifest[];
  blobs: GeneratedBlob[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** `length` pseudo-random bytes determined by `seed` alone. */
export function seededBytes(seed: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * 32 < length; counter += 1) {
    blocks.push(createHash('sha256').update(`${seed}\u0000${counter}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** A small integer in [0, bound) determined by `seed`. */
export function seededInt(seed: string, bound: number): number {
  return seededBytes(seed, 4).readUInt32BE(0) % bound;
}

const layerCache = new Map<string, GeneratedLayer>();

/** A gzip-compressed tar layer; identical (seed, entries, mediaType) give the identical layer. */
export function buildLayer(cacheKey: string, entries: () => TarEntry[], mediaType: string): GeneratedLayer {
  const key = `${mediaType}\u0000${cacheKey}`;
  const cached = layerCache.get(key);
  if (cached) return cached;
  const tar = tarArchive(entries());
  const data = gzipSync(tar, { level: 6 });
  const layer: GeneratedLayer = { mediaType, digest: sha256(data), size: data.length, data, diffId: sha256(tar) };
  if (layerCache.size > 10_000) layerCache.clear();
  layerCache.set(key, layer);
  return layer;
}

export function jsonBlob(mediaType: string, value: unknown): GeneratedBlob {
  const data = Buffer.from(JSON.stringify(value));
  return { mediaType, digest: sha256(data), size: data.length, data };
}

export function rawBlob(mediaType: string, data: Buffer): GeneratedBlob {
  return { mediaType, digest: sha256(data), size: data.length, data };
}

/** Serializes a manifest once; its digest is of exactly these bytes. */
export function buildManifest(
  mediaType: string,
  body: Record<string, unknown>,
  extras: Pick<GeneratedManifest, 'platform' | 'artifactType' | 'annotations'> = {},
): GeneratedManifest {
  const bytes = Buffer.from(JSON.stringify(body));
  return { mediaType, digest: sha256(bytes), size: bytes.length, bytes, ...extras };
}

export function descriptorOf(item: GeneratedBlob | GeneratedManifest, withPlatform = false): Descriptor {
  const descriptor: Descriptor = { mediaType: item.mediaType, digest: item.digest, size: item.size };
  if (withPlatform && 'platform' in item && item.platform) descriptor.platform = item.platform;
  return descriptor;
}

/** Merges artifacts' manifests and blobs without duplicates (children keep their push order). */
export function combine(
  root: GeneratedManifest,
  parts: readonly GeneratedArtifact[],
  blobs: GeneratedBlob[] = [],
): GeneratedArtifact {
  const manifests = new Map<string, GeneratedManifest>();
  const allBlobs = new Map<string, GeneratedBlob>();
  for (const part of parts) {
    for (const manifest of part.manifests) manifests.set(manifest.digest, manifest);
    for (const blob of part.blobs) allBlobs.set(blob.digest, blob);
  }
  for (const blob of blobs) allBlobs.set(blob.digest, blob);
  manifests.set(root.digest, root);
  return { root, manifests: [...manifests.values()], blobs: [...allBlobs.values()] };
}
