/**
 * JSON shapes of ACR's /acr/v1 metadata API (containerregistry.json 2021-07-01: RepositoryAttributes,
 * TagAttributesBase, ManifestAttributesBase and their wrappers), property names and order as in the
 * spec's examples.
 */
import type { RegistryStore } from '../store/registry-store.js';
import type { ChangeableAttributes, ManifestRecord, RepositoryInfo, TagRecord } from '../store/types.js';

export function changeableAttributes(attributes: ChangeableAttributes): ChangeableAttributes {
  return {
    deleteEnabled: attributes.deleteEnabled,
    writeEnabled: attributes.writeEnabled,
    readEnabled: attributes.readEnabled,
    listEnabled: attributes.listEnabled,
  };
}

export function repositoryShape(loginServer: string, repository: RepositoryInfo): Record<string, unknown> {
  return {
    registry: loginServer,
    imageName: repository.name,
    createdTime: repository.createdTime,
    lastUpdateTime: repository.lastUpdateTime,
    manifestCount: repository.manifestCount,
    tagCount: repository.tagCount,
    changeableAttributes: changeableAttributes(repository.attributes),
  };
}

export function tagShape(tag: TagRecord): Record<string, unknown> {
  return {
    name: tag.name,
    digest: tag.digest,
    createdTime: tag.createdTime,
    lastUpdateTime: tag.lastUpdateTime,
    changeableAttributes: changeableAttributes(tag.attributes),
  };
}

/** A manifest as ACR lists it: platform only for images, references only for indexes, tags when tagged. */
export function manifestShape(
  store: RegistryStore,
  repository: string,
  record: ManifestRecord,
): Record<string, unknown> {
  const shape: Record<string, unknown> = {
    digest: record.digest,
    imageSize: record.imageSize,
    createdTime: record.createdTime,
    lastUpdateTime: record.lastUpdateTime,
  };
  if (record.platform?.architecture) shape.architecture = record.platform.architecture;
  if (record.platform?.os) shape.os = record.platform.os;
  shape.mediaType = record.mediaType;
  if (record.configMediaType) shape.configMediaType = record.configMediaType;
  if (record.references) shape.references = record.references.map((reference) => ({ ...reference }));
  const tags = store.tagsOf(repository, record.digest);
  if (tags.length > 0) shape.tags = tags;
  shape.changeableAttributes = changeableAttributes(record.attributes);
  return shape;
}
