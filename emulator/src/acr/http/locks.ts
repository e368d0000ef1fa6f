/**
 * ACR's changeable attributes as enforced on the data plane: writeEnabled=false locks against
 * overwrite and delete, deleteEnabled=false against delete, readEnabled=false against pull,
 * listEnabled=false hides from listings. A refused operation is ACR's 405
 * REGISTRY_DISALLOWED_OPERATION.
 */
import type { RegistryStore } from '../store/registry-store.js';
import { DEFAULT_ATTRIBUTES, type ChangeableAttributes, type ManifestRecord, type TagRecord } from '../store/types.js';
import { RegistryError } from './errors.js';

function disallowed(): RegistryError {
  return new RegistryError('REGISTRY_DISALLOWED_OPERATION');
}

export function repositoryAttributes(store: RegistryStore, repository: string): ChangeableAttributes {
  return store.getRepository(repository)?.attributes ?? DEFAULT_ATTRIBUTES;
}

/** Pushing into the repository (blobs or manifests). */
export function assertRepositoryWritable(store: RegistryStore, repository: string): void {
  if (!repositoryAttributes(store, repository).writeEnabled) throw disallowed();
}

/** Pulling: the repository, the manifest and (when pulled by tag) the tag must be readable. */
export function assertReadable(
  store: RegistryStore,
  repository: string,
  manifest?: ManifestRecord,
  tag?: TagRecord,
): void {
  if (!repositoryAttributes(store, repository).readEnabled) throw disallowed();
  if (manifest && !manifest.attributes.readEnabled) throw disallowed();
  if (tag && !tag.attributes.readEnabled) throw disallowed();
}

/** Overwriting a tag or re-pushing a manifest that is locked. */
export function assertOverwritable(existingTag?: TagRecord, existingManifest?: ManifestRecord): void {
  if (existingTag && !existingTag.attributes.writeEnabled) throw disallowed();
  if (existingManifest && !existingManifest.attributes.writeEnabled) throw disallowed();
}

/** Deleting needs both deleteEnabled and writeEnabled on everything involved. */
export function assertDeletable(...holders: Array<{ attributes: ChangeableAttributes } | undefined>): void {
  for (const holder of holders) {
    if (holder && (!holder.attributes.deleteEnabled || !holder.attributes.writeEnabled)) throw disallowed();
  }
}
