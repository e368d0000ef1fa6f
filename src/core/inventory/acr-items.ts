/**
 * Single-item reads of ACR's metadata API that the inventory needs only for discrepancies:
 * GET /acr/v1/{repo}/_manifests/{digest} (attributes of a manifest the listing did not show, e.g. a
 * hidden index child) and GET /acr/v1/{repo}/_tags/{tag} (is a tag hidden, or was it just written?).
 * Unlike the listings, these answer for items with listEnabled=false. 404 → undefined.
 */
import type { RegistryClient } from '../oci/client.js';
import {
  ACR_API_VERSION,
  assertDigest,
  assertRepositoryName,
  assertTag,
  isDigest,
  isTag,
  quoteForMessage,
  registryPath,
  repositoryScope,
  type ChangeableAttributes,
} from '../oci/index.js';
import { malformedPage } from '../oci/paging.js';
import { readBody } from '../oci/transport.js';

const BODY_LIMIT = 1024 * 1024;

export interface ManifestItem {
  digest: string;
  mediaType?: string;
  imageSize?: number;
  architecture?: string;
  os?: string;
  configMediaType?: string;
  tags: string[];
  changeableAttributes: ChangeableAttributes;
}

export interface TagItem {
  name: string;
  digest: string;
  changeableAttributes: ChangeableAttributes;
}

async function getItem(client: RegistryClient, repository: string, parts: string[], what: string) {
  const response = await client.request({
    method: 'GET',
    target: registryPath('acr', 'v1', ...assertRepositoryName(repository).split('/'), ...parts),
    query: { 'api-version': ACR_API_VERSION },
    scopes: [repositoryScope(repository, ['metadata_read'])],
    what,
    expect: [200, 404],
  });
  if (response.status === 404) {
    response.discard();
    return undefined;
  }
  const text = await readBody(response, BODY_LIMIT, what);
  try {
    const body = JSON.parse(text.toString('utf8')) as unknown;
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    throw malformedPage(what, client.host, 'not JSON');
  }
}

export function changeable(value: unknown): ChangeableAttributes {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const result: ChangeableAttributes = {};
  for (const key of ['deleteEnabled', 'writeEnabled', 'listEnabled', 'readEnabled'] as const) {
    if (typeof v[key] === 'boolean') result[key] = v[key];
  }
  return result;
}

const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

export async function getManifestItem(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<ManifestItem | undefined> {
  const what = `get attributes of ${repository}@${assertDigest(digest)}`;
  const body = await getItem(client, repository, ['_manifests', digest], what);
  if (body === undefined) return undefined;
  const m = (body.manifest ?? {}) as Record<string, unknown>;
  const tags = Array.isArray(m.tags) ? m.tags : [];
  if (m.digest !== digest || !tags.every((t) => typeof t === 'string' && isTag(t))) {
    throw malformedPage(what, client.host, `unexpected manifest attributes for ${quoteForMessage(String(m.digest))}`);
  }
  const size = m.imageSize;
  return {
    digest,
    mediaType: text(m.mediaType),
    imageSize: typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : undefined,
    architecture: text(m.architecture),
    os: text(m.os),
    configMediaType: text(m.configMediaType),
    tags: tags as string[],
    changeableAttributes: changeable(m.changeableAttributes),
  };
}

export async function getTagItem(
  client: RegistryClient,
  repository: string,
  tag: string,
): Promise<TagItem | undefined> {
  const what = `get attributes of ${repository}:${assertTag(tag)}`;
  const body = await getItem(client, repository, ['_tags', tag], what);
  if (body === undefined) return undefined;
  const t = (body.tag ?? {}) as Record<string, unknown>;
  if (t.name !== tag || typeof t.digest !== 'string' || !isDigest(t.digest)) {
    throw malformedPage(what, client.host, `unexpected tag attributes for ${quoteForMessage(String(t.name))}`);
  }
  return { name: tag, digest: t.digest, changeableAttributes: changeable(t.changeableAttributes) };
}
