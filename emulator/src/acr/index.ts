/**
 * The ACR data plane of the emulator: a content store per registry (sharing one blob pool) and the
 * HTTP handler the core mounts on each registry's login server. See README.md in this folder.
 */
export { BlobPool, type ByteRange } from './store/blob-pool.js';
export {
  RegistryStore,
  compareNames,
  type RegistryStoreOptions,
  type PutManifestOptions,
} from './store/registry-store.js';
export {
  copyManifest,
  manifestClosure,
  IncompleteClosureError,
  type ClosureBlob,
  type CopyOptions,
  type CopyResult,
  type ManifestClosure,
  type RepositoryRef,
} from './store/copy.js';
export { parseManifest, ManifestError, type Descriptor, type ParsedManifest } from './store/manifest-parse.js';
export { sha256Digest, isSha256Digest } from './store/digest.js';
export {
  DEFAULT_ATTRIBUTES,
  MEDIA_TYPES,
  isIndexMediaType,
  type AttributePatch,
  type ChangeableAttributes,
  type DeletedRepository,
  type ManifestRecord,
  type ManifestReference,
  type Platform,
  type RepositoryInfo,
  type TagRecord,
} from './store/types.js';
export { createDataPlaneHandler, operationKind } from './http/handler.js';
export type { DataPlaneHooks } from './http/context.js';
export { PAGE_LIMITS } from './http/paging.js';
export { MAX_MANIFEST_BYTES } from './http/manifests.js';
export { challengeHeader } from './http/authorize.js';
