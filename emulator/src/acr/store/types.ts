/**
 * The records a registry's content store keeps. Names and shapes follow ACR's /acr/v1 metadata API
 * (changeableAttributes, createdTime/lastUpdateTime as ISO strings) so the HTTP layer renders them
 * without translation.
 */

/** ACR's four switches on a repository, a tag or a manifest (all true by default). */
export interface ChangeableAttributes {
  deleteEnabled: boolean;
  writeEnabled: boolean;
  readEnabled: boolean;
  listEnabled: boolean;
}

export type AttributePatch = Partial<ChangeableAttributes>;

export const DEFAULT_ATTRIBUTES: Readonly<ChangeableAttributes> = Object.freeze({
  deleteEnabled: true,
  writeEnabled: true,
  readEnabled: true,
  listEnabled: true,
});

export interface Platform {
  architecture?: string;
  os?: string;
  variant?: string;
}

/** One child of an index, as ACR lists it under `references`. */
export interface ManifestReference {
  digest: string;
  architecture?: string;
  os?: string;
}

/** A manifest stored in one repository. The bytes live in the blob pool under the same digest. */
export interface ManifestRecord {
  digest: string;
  mediaType: string;
  /** Size of the manifest bytes. */
  size: number;
  createdTime: string;
  lastUpdateTime: string;
  attributes: ChangeableAttributes;
  /** Config + layer sizes for images; sum of child descriptor sizes for indexes. */
  imageSize: number;
  configDigest?: string;
  configMediaType?: string;
  /** Layer (and other non-config) blob digests, in manifest order. */
  layers: string[];
  /** Child manifest digests (indexes only), in manifest order. */
  children: string[];
  references?: ManifestReference[];
  platform?: Platform;
  /** OCI 1.1: explicit artifactType, else the config media type for referrer listings. */
  artifactType?: string;
  /** OCI 1.1 subject digest: this manifest is a referrer of that one. */
  subject?: string;
  annotations?: Record<string, string>;
}

export interface TagRecord {
  name: string;
  digest: string;
  createdTime: string;
  lastUpdateTime: string;
  attributes: ChangeableAttributes;
}

/** Repository summary with truthful counts (ACR's GET /acr/v1/{name}). */
export interface RepositoryInfo {
  name: string;
  createdTime: string;
  lastUpdateTime: string;
  attributes: ChangeableAttributes;
  manifestCount: number;
  tagCount: number;
}

export interface DeletedRepository {
  manifestsDeleted: string[];
  tagsDeleted: string[];
}

export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  ociNondistributableLayer: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
} as const;

export const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifestList]);
export const SCHEMA1_MEDIA_TYPES: ReadonlySet<string> = new Set([
  MEDIA_TYPES.dockerSchema1,
  MEDIA_TYPES.dockerSchema1Signed,
]);

export function isIndexMediaType(mediaType: string): boolean {
  return INDEX_MEDIA_TYPES.has(mediaType);
}
