/**
 * Manifest content negotiation, following distribution: a manifest is served as stored when the
 * client accepts its media type (or sends no Accept, or accepts anything); schema1 is always served as stored;
 * a docker manifest list asked for by a client that only takes single manifests resolves to its
 * linux/amd64 child; anything else the client cannot take is MANIFEST_UNKNOWN.
 */
import type { RegistryStore } from '../store/registry-store.js';
import { MEDIA_TYPES, SCHEMA1_MEDIA_TYPES, type ManifestRecord } from '../store/types.js';
import { RegistryError } from './errors.js';

export function acceptedTypes(header: string | string[] | undefined): Set<string> {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  const types = new Set<string>();
  for (const value of values) {
    for (const part of value.split(',')) {
      const type = part.split(';')[0]?.trim().toLowerCase();
      if (type) types.add(type);
    }
  }
  return types;
}

export function negotiateManifest(
  store: RegistryStore,
  repository: string,
  record: ManifestRecord,
  accept: Set<string>,
): ManifestRecord {
  if (
    accept.size === 0 ||
    accept.has('*/*') ||
    accept.has(record.mediaType) ||
    SCHEMA1_MEDIA_TYPES.has(record.mediaType)
  ) {
    return record;
  }
  if (record.mediaType === MEDIA_TYPES.dockerManifestList && accept.has(MEDIA_TYPES.dockerManifest)) {
    const child = defaultPlatformChild(store, repository, record);
    if (child && accept.has(child.mediaType)) return child;
  }
  throw new RegistryError('MANIFEST_UNKNOWN', {
    message: `manifest found, but its media type ${record.mediaType} is not in the Accept header`,
    detail: { digest: record.digest, mediaType: record.mediaType },
  });
}

function defaultPlatformChild(
  store: RegistryStore,
  repository: string,
  index: ManifestRecord,
): ManifestRecord | undefined {
  const reference = index.references?.find((ref) => ref.os === 'linux' && ref.architecture === 'amd64');
  return reference ? store.getManifest(repository, reference.digest) : undefined;
}
