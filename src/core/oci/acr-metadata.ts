/**
 * ACR's metadata API (/acr/v1/, api-version 2021-07-01): repository attributes with the registry's own
 * tagCount and manifestCount (the inventory cross-checks against them), paged tag and manifest listings
 * with attributes, and PATCH of changeable attributes (writeEnabled, deleteEnabled, …) used to freeze a
 * source repository during the final sync. Field names follow the spec's wire format.
 */
import type { RegistryClient } from './client.js';
import {
  isDigest,
  isRepositoryName,
  isTag,
  assertDigest,
  assertRepositoryName,
  assertTag,
  CATALOG_SCOPE,
  quoteForMessage,
  registryPath,
  repositoryScope,
} from './names.js';
import { collectPages, malformedPage, paginate } from './paging.js';
import { readBody } from './transport.js';

export const ACR_API_VERSION = '2021-07-01';

export interface ChangeableAttributes {
  deleteEnabled?: boolean;
  writeEnabled?: boolean;
  listEnabled?: boolean;
  readEnabled?: boolean;
}

export interface AcrRepositoryAttributes {
  registry?: string;
  imageName: string;
  createdTime?: string;
  lastUpdateTime?: string;
  manifestCount: number;
  tagCount: number;
  changeableAttributes: ChangeableAttributes;
}

export interface AcrTagAttributes {
  name: string;
  digest: string;
  createdTime?: string;
  lastUpdateTime?: string;
  signed?: boolean;
  changeableAttributes: ChangeableAttributes;
}

export interface AcrManifestAttributes {
  digest: string;
  imageSize?: number;
  createdTime?: string;
  lastUpdateTime?: string;
  architecture?: string;
  os?: string;
  mediaType?: string;
  configMediaType?: string;
  tags: string[];
  references?: { digest: string; architecture?: string; os?: string }[];
  changeableAttributes: ChangeableAttributes;
}

export const ACR_CATALOG_PAGE_SIZE = 100;
export const ACR_TAGS_PAGE_SIZE = 1000;
export const ACR_MANIFESTS_PAGE_SIZE = 100;

const BODY_LIMIT = 1024 * 1024;
const api = { 'api-version': ACR_API_VERSION };

function acrPath(repository?: string, ...rest: string[]): string {
  return repository === undefined
    ? registryPath('acr', 'v1', ...rest)
    : registryPath('acr', 'v1', ...assertRepositoryName(repository).split('/'), ...rest);
}

function listOf(body: unknown, field: string, what: string, host: string): Record<string, unknown>[] {
  const value = (body as Record<string, unknown> | null)?.[field];
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw malformedPage(what, host, `"${field}" is not a list`);
  return value.map((v) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}));
}

/** Pages of repository names from /acr/v1/_catalog. */
export function acrCatalogPages(client: RegistryClient, pageSize = ACR_CATALOG_PAGE_SIZE): AsyncGenerator<string[]> {
  const what = 'list repositories (/acr/v1/_catalog)';
  return paginate({
    client,
    path: acrPath(undefined, '_catalog'),
    query: api,
    pageSize,
    scopes: [CATALOG_SCOPE],
    what,
    items: (body) => {
      const names = (body as { repositories?: unknown } | null)?.repositories ?? [];
      if (!Array.isArray(names)) throw malformedPage(what, client.host, '"repositories" is not a list');
      const bad = names.find((n) => typeof n !== 'string' || !isRepositoryName(n));
      if (bad !== undefined)
        throw malformedPage(what, client.host, `invalid repository name ${quoteForMessage(String(bad))}`);
      return names as string[];
    },
    cursor: (name) => name,
  });
}

export async function getAcrRepository(client: RegistryClient, repository: string): Promise<AcrRepositoryAttributes> {
  const what = `get attributes of ${repository}`;
  const response = await client.request({
    method: 'GET',
    target: acrPath(repository),
    query: api,
    scopes: [repositoryScope(repository, ['metadata_read'])],
    what,
    expect: [200],
  });
  return repositoryFrom(await readJson(response, what, client.host), what, client.host);
}

/** Pages of tag attributes from /acr/v1/<name>/_tags. */
export function acrTagPages(client: RegistryClient, repository: string, pageSize = ACR_TAGS_PAGE_SIZE) {
  const what = `list tag attributes of ${assertRepositoryName(repository)}`;
  return paginate<AcrTagAttributes>({
    client,
    path: acrPath(repository, '_tags'),
    query: api,
    pageSize,
    scopes: [repositoryScope(repository, ['metadata_read'])],
    what,
    items: (body) =>
      listOf(body, 'tags', what, client.host).map((t) => {
        if (typeof t.name !== 'string' || !isTag(t.name) || typeof t.digest !== 'string' || !isDigest(t.digest)) {
          throw malformedPage(what, client.host, `invalid tag entry ${quoteForMessage(String(t.name))}`);
        }
        return { ...t, changeableAttributes: attributes(t.changeableAttributes) } as AcrTagAttributes;
      }),
    cursor: (tag) => tag.name,
  });
}

/** Pages of manifest attributes (tagged and untagged) from /acr/v1/<name>/_manifests. */
export function acrManifestPages(client: RegistryClient, repository: string, pageSize = ACR_MANIFESTS_PAGE_SIZE) {
  const what = `list manifest attributes of ${assertRepositoryName(repository)}`;
  return paginate<AcrManifestAttributes>({
    client,
    path: acrPath(repository, '_manifests'),
    query: api,
    pageSize,
    scopes: [repositoryScope(repository, ['metadata_read'])],
    what,
    items: (body) =>
      listOf(body, 'manifests', what, client.host).map((m) => {
        const tags = Array.isArray(m.tags) ? m.tags : [];
        if (
          typeof m.digest !== 'string' ||
          !isDigest(m.digest) ||
          !tags.every((t) => typeof t === 'string' && isTag(t))
        ) {
          throw malformedPage(what, client.host, `invalid manifest entry ${quoteForMessage(String(m.digest))}`);
        }
        return { ...m, tags, changeableAttributes: attributes(m.changeableAttributes) } as AcrManifestAttributes;
      }),
    cursor: (manifest) => manifest.digest,
  });
}

export const listAcrRepositories = (client: RegistryClient) => collectPages(acrCatalogPages(client));
export const listAcrTags = (client: RegistryClient, repository: string) =>
  collectPages(acrTagPages(client, repository));
export const listAcrManifests = (client: RegistryClient, repository: string) =>
  collectPages(acrManifestPages(client, repository));

/** What a PATCH targets: a repository, one of its tags, or one of its manifests. */
export type AttributeTarget = { repository: string; tag?: string; digest?: string };

/** PATCH changeable attributes; returns the body the registry sent back (the updated attributes). */
export async function updateAcrAttributes(
  client: RegistryClient,
  target: AttributeTarget,
  value: ChangeableAttributes,
): Promise<Record<string, unknown>> {
  const { repository, tag, digest } = target;
  const path =
    tag !== undefined
      ? acrPath(repository, '_tags', assertTag(tag))
      : digest !== undefined
        ? acrPath(repository, '_manifests', assertDigest(digest))
        : acrPath(repository);
  const what = `update attributes of ${repository}${tag ? `:${tag}` : digest ? `@${digest}` : ''}`;
  const response = await client.request({
    method: 'PATCH',
    target: path,
    query: api,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(value)),
    scopes: [repositoryScope(repository, ['metadata_write'])],
    what,
    expect: [200],
  });
  const body = await readJson(response, what, client.host);
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

async function readJson(response: Parameters<typeof readBody>[0], what: string, host: string): Promise<unknown> {
  const text = await readBody(response, BODY_LIMIT, what);
  try {
    return JSON.parse(text.toString('utf8'));
  } catch {
    throw malformedPage(what, host, 'not JSON');
  }
}

function attributes(value: unknown): ChangeableAttributes {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const result: ChangeableAttributes = {};
  for (const key of ['deleteEnabled', 'writeEnabled', 'listEnabled', 'readEnabled'] as const) {
    if (typeof v[key] === 'boolean') result[key] = v[key];
  }
  return result;
}

function repositoryFrom(body: unknown, what: string, host: string): AcrRepositoryAttributes {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const count = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
  const manifestCount = count(b.manifestCount);
  const tagCount = count(b.tagCount);
  if (typeof b.imageName !== 'string' || manifestCount === undefined || tagCount === undefined) {
    throw malformedPage(what, host, 'repository attributes without imageName, manifestCount and tagCount');
  }
  return {
    ...(typeof b.registry === 'string' ? { registry: b.registry } : {}),
    imageName: b.imageName,
    ...(typeof b.createdTime === 'string' ? { createdTime: b.createdTime } : {}),
    ...(typeof b.lastUpdateTime === 'string' ? { lastUpdateTime: b.lastUpdateTime } : {}),
    manifestCount,
    tagCount,
    changeableAttributes: attributes(b.changeableAttributes),
  };
}
