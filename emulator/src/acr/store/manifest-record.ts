/**
 * Turns a parsed manifest into the record the store indexes: what ACR's /acr/v1 metadata shows
 * (imageSize, architecture/os from the image config, references of an index, configMediaType) and
 * what the referrers API needs (artifactType, subject, annotations).
 */
import { platformOf, type ParsedManifest } from './manifest-parse.js';
import {
  DEFAULT_ATTRIBUTES,
  MEDIA_TYPES,
  type ManifestRecord,
  type ManifestReference,
  type Platform,
} from './types.js';

/** Image configs are small; anything bigger is not read for its platform. */
const MAX_CONFIG_BYTES = 1024 * 1024;
const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.dockerConfig, MEDIA_TYPES.ociConfig]);

export interface RecordSource {
  digest: string;
  size: number;
  parsed: ParsedManifest;
  time: string;
  /** Reads a config blob when it is available (undefined when it is not stored). */
  readBlob: (digest: string, size: number) => Buffer | undefined;
}

export function buildManifestRecord(source: RecordSource): ManifestRecord {
  const { parsed } = source;
  const record: ManifestRecord = {
    digest: source.digest,
    mediaType: parsed.mediaType,
    size: source.size,
    createdTime: source.time,
    lastUpdateTime: source.time,
    attributes: { ...DEFAULT_ATTRIBUTES },
    imageSize: imageSizeOf(parsed),
    layers: parsed.layers.map((layer) => layer.digest),
    children: parsed.manifests.map((child) => child.digest),
  };
  if (parsed.config) {
    record.configDigest = parsed.config.digest;
    record.configMediaType = parsed.config.mediaType;
  }
  if (parsed.kind === 'index') record.references = parsed.manifests.map(referenceOf);
  const platform = parsed.platform ?? platformFromConfig(parsed, source.readBlob);
  if (platform && (platform.architecture || platform.os)) record.platform = platform;
  const artifactType = parsed.artifactType ?? (parsed.kind === 'image' ? parsed.config?.mediaType : undefined);
  if (artifactType) record.artifactType = artifactType;
  if (parsed.subject) record.subject = parsed.subject.digest;
  if (parsed.annotations) record.annotations = parsed.annotations;
  return record;
}

function imageSizeOf(parsed: ParsedManifest): number {
  const descriptors = [...(parsed.config ? [parsed.config] : []), ...parsed.layers, ...parsed.manifests];
  return descriptors.reduce((total, descriptor) => total + descriptor.size, 0);
}

function referenceOf(child: { digest: string; platform?: Platform }): ManifestReference {
  const reference: ManifestReference = { digest: child.digest };
  if (child.platform?.architecture) reference.architecture = child.platform.architecture;
  if (child.platform?.os) reference.os = child.platform.os;
  return reference;
}

function platformFromConfig(parsed: ParsedManifest, readBlob: RecordSource['readBlob']): Platform | undefined {
  const config = parsed.config;
  if (!config || !IMAGE_CONFIG_TYPES.has(config.mediaType) || config.size > MAX_CONFIG_BYTES) return undefined;
  const bytes = readBlob(config.digest, config.size);
  if (!bytes) return undefined;
  try {
    const json = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof json === 'object' && json !== null ? platformOf(json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
