/**
 * Media types and manifest parsing. A manifest is registry-supplied JSON: every descriptor is checked
 * (digest grammar, size a non-negative integer) before callers can use it to build further requests.
 */
import { RelocationError } from '../errors.js';
import { isDigest, quoteForMessage } from './names.js';

export const MediaTypes = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;

const INDEX_TYPES: ReadonlySet<string> = new Set([MediaTypes.ociIndex, MediaTypes.dockerManifestList]);
const IMAGE_TYPES: ReadonlySet<string> = new Set([MediaTypes.ociManifest, MediaTypes.dockerManifest]);
const SCHEMA1_TYPES: ReadonlySet<string> = new Set([MediaTypes.dockerSchema1Signed, MediaTypes.dockerSchema1]);

/**
 * Everything we can copy, best first. Without schema1 in the list a registry would convert or refuse
 * old images; without the index types it would pick one platform of a multi-arch image for us.
 */
export const MANIFEST_ACCEPT = [
  MediaTypes.ociIndex,
  MediaTypes.dockerManifestList,
  MediaTypes.ociManifest,
  MediaTypes.dockerManifest,
  MediaTypes.dockerSchema1Signed,
  MediaTypes.dockerSchema1,
].join(', ');

export type ManifestKind = 'index' | 'image' | 'schema1' | 'unknown';

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: Platform;
  urls?: string[];
}

export interface ParsedManifest {
  mediaType: string;
  kind: ManifestKind;
  /** Index / manifest list entries. */
  children: Descriptor[];
  config?: Descriptor;
  /** Image layers (schema2/OCI), or schema1 fsLayers as blob descriptors of unknown size (-1). */
  layers: Descriptor[];
  subject?: Descriptor;
  /** OCI 1.1: the artifactType field, or for an image manifest its config media type. */
  artifactType?: string;
  annotations?: Record<string, string>;
}

export function manifestKind(mediaType: string): ManifestKind {
  if (INDEX_TYPES.has(mediaType)) return 'index';
  if (IMAGE_TYPES.has(mediaType)) return 'image';
  if (SCHEMA1_TYPES.has(mediaType)) return 'schema1';
  return 'unknown';
}

function invalid(what: string): RelocationError {
  return new RelocationError(
    'REMOTE_ERROR',
    `The registry returned an invalid manifest: ${what}.`,
    'The manifest cannot be copied as is; inspect it with `skopeo inspect --raw` or `oras manifest fetch`.',
  );
}

function parseJson(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw invalid('not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * The media type of a manifest: the Content-Type the registry sent when it names a manifest type,
 * else the body's own mediaType, else what its shape says (schema1 has schemaVersion 1; OCI allows
 * a manifest without mediaType).
 */
export function detectMediaType(contentType: string | undefined, bytes: Uint8Array): string {
  const header = contentType?.split(';')[0]?.trim().toLowerCase();
  if (header && manifestKind(header) !== 'unknown') return header;
  let body: Record<string, unknown>;
  try {
    body = parseJson(bytes);
  } catch {
    return header ?? 'application/octet-stream';
  }
  if (typeof body.mediaType === 'string' && body.mediaType) return body.mediaType;
  if (body.schemaVersion === 1) return 'signatures' in body ? MediaTypes.dockerSchema1Signed : MediaTypes.dockerSchema1;
  if (Array.isArray(body.manifests)) return MediaTypes.ociIndex;
  if (body.config && Array.isArray(body.layers)) return MediaTypes.ociManifest;
  return header ?? 'application/octet-stream';
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return Object.fromEntries(entries);
}

function parsePlatform(value: unknown): Platform | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  if (typeof p.architecture !== 'string' || typeof p.os !== 'string') return undefined;
  const platform: Platform = { architecture: p.architecture, os: p.os };
  if (typeof p.variant === 'string') platform.variant = p.variant;
  if (typeof p['os.version'] === 'string') platform['os.version'] = p['os.version'];
  if (Array.isArray(p['os.features'])) platform['os.features'] = p['os.features'].map(String);
  return platform;
}

/** Check one registry-supplied descriptor; throws on anything a later request could trip over. */
export function parseDescriptor(value: unknown, where: string): Descriptor {
  if (typeof value !== 'object' || value === null) throw invalid(`${where} is not an object`);
  const d = value as Record<string, unknown>;
  if (typeof d.digest !== 'string' || !isDigest(d.digest)) {
    throw invalid(`${where} has digest ${quoteForMessage(String(d.digest))} (only sha256 digests are supported)`);
  }
  if (typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0)
    throw invalid(`${where} has no valid size`);
  const descriptor: Descriptor = {
    mediaType: typeof d.mediaType === 'string' ? d.mediaType : '',
    digest: d.digest,
    size: d.size,
  };
  if (typeof d.artifactType === 'string') descriptor.artifactType = d.artifactType;
  const annotations = stringRecord(d.annotations);
  if (annotations) descriptor.annotations = annotations;
  const platform = parsePlatform(d.platform);
  if (platform) descriptor.platform = platform;
  if (Array.isArray(d.urls)) descriptor.urls = d.urls.map(String);
  return descriptor;
}

function parseSchema1Layers(body: Record<string, unknown>): Descriptor[] {
  const fsLayers = Array.isArray(body.fsLayers) ? body.fsLayers : [];
  const seen = new Set<string>();
  const layers: Descriptor[] = [];
  fsLayers.forEach((layer: unknown, i) => {
    const blobSum = (layer as Record<string, unknown> | null)?.blobSum;
    if (typeof blobSum !== 'string' || !isDigest(blobSum)) throw invalid(`fsLayers[${i}] has no sha256 blobSum`);
    if (seen.has(blobSum)) return;
    seen.add(blobSum);
    layers.push({ mediaType: 'application/vnd.docker.container.image.rootfs.diff+x-gtar', digest: blobSum, size: -1 });
  });
  return layers;
}

export function parseManifest(bytes: Uint8Array, mediaType: string): ParsedManifest {
  const body = parseJson(bytes);
  const kind = manifestKind(mediaType);
  const parsed: ParsedManifest = { mediaType, kind, children: [], layers: [] };
  const annotations = stringRecord(body.annotations);
  if (annotations) parsed.annotations = annotations;
  if (typeof body.artifactType === 'string') parsed.artifactType = body.artifactType;
  if (body.subject !== undefined) parsed.subject = parseDescriptor(body.subject, 'subject');
  if (kind === 'index') {
    if (!Array.isArray(body.manifests)) throw invalid('an index without "manifests"');
    parsed.children = body.manifests.map((m: unknown, i) => parseDescriptor(m, `manifests[${i}]`));
  } else if (kind === 'image') {
    parsed.config = parseDescriptor(body.config, 'config');
    if (!Array.isArray(body.layers)) throw invalid('an image manifest without "layers"');
    parsed.layers = body.layers.map((l: unknown, i) => parseDescriptor(l, `layers[${i}]`));
    parsed.artifactType ??= parsed.config.mediaType || undefined;
  } else if (kind === 'schema1') {
    parsed.layers = parseSchema1Layers(body);
  } else {
    throw invalid(`unsupported media type ${quoteForMessage(mediaType)}`);
  }
  return parsed;
}

/** The blobs a manifest needs in the same repository: config first, then layers (never other manifests). */
export function blobsOf(manifest: ParsedManifest): Descriptor[] {
  return manifest.config ? [manifest.config, ...manifest.layers] : [...manifest.layers];
}

/** "linux/arm64/v8"-style label, or undefined when no platform is known. */
export function platformLabel(platform: Platform | undefined): string | undefined {
  if (!platform) return undefined;
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
