/**
 * Reads the parts of a manifest the registry needs: which blobs and child manifests it references,
 * its subject (OCI 1.1 referrers) and its media type. Anything malformed is a ManifestError, which
 * the HTTP layer reports as MANIFEST_INVALID like a distribution registry does.
 */
import { isSha256Digest } from './digest.js';
import { MEDIA_TYPES, type Platform } from './types.js';

/** The pre-1.1 OCI artifact manifest ACR accepted (blobs instead of config + layers). */
export const OCI_ARTIFACT_MANIFEST = 'application/vnd.oci.artifact.manifest.v1+json';

export const MANIFEST_MEDIA_TYPES: ReadonlySet<string> = new Set([
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
  MEDIA_TYPES.dockerSchema1,
  MEDIA_TYPES.dockerSchema1Signed,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  OCI_ARTIFACT_MANIFEST,
]);

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  artifactType?: string;
  annotations?: Record<string, string>;
  urls?: string[];
}

export interface ParsedManifest {
  mediaType: string;
  kind: 'image' | 'index' | 'schema1';
  config?: Descriptor;
  /** Blobs other than the config (layers, artifact blobs, schema1 fsLayers). */
  layers: Descriptor[];
  /** Child manifests of an index. */
  manifests: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  annotations?: Record<string, string>;
  /** Schema1 only: the architecture it names (other images take it from their config blob). */
  platform?: Platform;
}

export class ManifestError extends Error {
  constructor(
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

type Json = Record<string, unknown>;

export function parseManifest(bytes: Buffer, contentType?: string): ParsedManifest {
  const body = parseJsonObject(bytes);
  const mediaType = resolveMediaType(body, contentType);
  if (mediaType === MEDIA_TYPES.dockerSchema1 || mediaType === MEDIA_TYPES.dockerSchema1Signed) {
    return parseSchema1(body, mediaType);
  }
  if (mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerManifestList) {
    return {
      mediaType,
      kind: 'index',
      layers: [],
      manifests: descriptorList(body.manifests, 'manifests'),
      ...common(body),
    };
  }
  if (mediaType === OCI_ARTIFACT_MANIFEST) {
    return { mediaType, kind: 'image', layers: optionalList(body.blobs, 'blobs'), manifests: [], ...common(body) };
  }
  return {
    mediaType,
    kind: 'image',
    config: descriptor(body.config, 'config'),
    layers: descriptorList(body.layers, 'layers'),
    manifests: [],
    ...common(body),
  };
}

function parseJsonObject(bytes: Buffer): Json {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ManifestError('manifest is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError('manifest is not a JSON object');
  }
  return value as Json;
}

function resolveMediaType(body: Json, contentType: string | undefined): string {
  const declared = typeof body.mediaType === 'string' ? body.mediaType : undefined;
  const header = contentType?.split(';')[0]?.trim().toLowerCase();
  const fromHeader = header && MANIFEST_MEDIA_TYPES.has(header) ? header : undefined;
  if (declared && fromHeader && declared !== fromHeader) {
    throw new ManifestError(`manifest mediaType ${declared} does not match Content-Type ${fromHeader}`);
  }
  const mediaType = declared ?? fromHeader ?? inferMediaType(body);
  if (!MANIFEST_MEDIA_TYPES.has(mediaType)) throw new ManifestError(`unsupported manifest media type ${mediaType}`);
  return mediaType;
}

function inferMediaType(body: Json): string {
  if (body.schemaVersion === 1) {
    return Array.isArray(body.signatures) ? MEDIA_TYPES.dockerSchema1Signed : MEDIA_TYPES.dockerSchema1;
  }
  if (Array.isArray(body.manifests)) return MEDIA_TYPES.ociIndex;
  if (body.config !== undefined) return MEDIA_TYPES.ociManifest;
  throw new ManifestError('cannot tell the manifest media type: no mediaType, Content-Type, config or manifests');
}

function parseSchema1(body: Json, mediaType: string): ParsedManifest {
  if (!Array.isArray(body.fsLayers)) throw new ManifestError('schema1 manifest without fsLayers');
  const layers = body.fsLayers.map((layer: unknown, index: number) => {
    const blobSum = (layer as Json | null)?.blobSum;
    if (typeof blobSum !== 'string' || !isSha256Digest(blobSum)) {
      throw new ManifestError(`fsLayers[${index}].blobSum is not a sha256 digest`);
    }
    return { mediaType: MEDIA_TYPES.dockerLayer, digest: blobSum, size: 0 };
  });
  const parsed: ParsedManifest = { mediaType, kind: 'schema1', layers, manifests: [] };
  if (typeof body.architecture === 'string') parsed.platform = { architecture: body.architecture };
  return parsed;
}

function common(body: Json): Pick<ParsedManifest, 'subject' | 'artifactType' | 'annotations'> {
  const result: Pick<ParsedManifest, 'subject' | 'artifactType' | 'annotations'> = {};
  if (body.subject !== undefined) result.subject = descriptor(body.subject, 'subject');
  if (typeof body.artifactType === 'string') result.artifactType = body.artifactType;
  const annotations = stringMap(body.annotations);
  if (annotations) result.annotations = annotations;
  return result;
}

function optionalList(value: unknown, field: string): Descriptor[] {
  return value === undefined ? [] : descriptorList(value, field);
}

function descriptorList(value: unknown, field: string): Descriptor[] {
  if (!Array.isArray(value)) throw new ManifestError(`manifest field ${field} must be an array`);
  return value.map((item, index) => descriptor(item, `${field}[${index}]`));
}

function descriptor(value: unknown, field: string): Descriptor {
  if (typeof value !== 'object' || value === null) throw new ManifestError(`manifest field ${field} is missing`);
  const item = value as Json;
  if (typeof item.digest !== 'string' || !isSha256Digest(item.digest)) {
    throw new ManifestError(`${field}.digest is not a sha256 digest`, { field });
  }
  if (typeof item.size !== 'number' || !Number.isSafeInteger(item.size) || item.size < 0) {
    throw new ManifestError(`${field}.size is not a non-negative integer`, { field });
  }
  if (typeof item.mediaType !== 'string') throw new ManifestError(`${field}.mediaType is missing`, { field });
  const result: Descriptor = { mediaType: item.mediaType, digest: item.digest, size: item.size };
  const platform = item.platform as Json | undefined;
  if (platform && typeof platform === 'object') result.platform = platformOf(platform);
  if (typeof item.artifactType === 'string') result.artifactType = item.artifactType;
  const annotations = stringMap(item.annotations);
  if (annotations) result.annotations = annotations;
  if (Array.isArray(item.urls)) result.urls = item.urls.filter((url): url is string => typeof url === 'string');
  return result;
}

export function platformOf(source: Json): Platform {
  const platform: Platform = {};
  if (typeof source.architecture === 'string') platform.architecture = source.architecture;
  if (typeof source.os === 'string') platform.os = source.os;
  if (typeof source.variant === 'string') platform.variant = source.variant;
  return platform;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Json).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
