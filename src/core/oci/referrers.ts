/**
 * Referrers (signatures, SBOMs, attestations) of a manifest.
 * - OCI 1.1 referrers API: GET /v2/<name>/referrers/<digest>[?artifactType=], an image index, paged
 *   by Link. Registries that implement it never answer 404 (an unknown subject gets an empty index).
 * - Otherwise (404: e.g. distribution 2.8) the OCI 1.1 tag schema: the index stored under the tag
 *   `sha256-<hex>` of the subject digest; no such tag means no referrers.
 * The artifactType filter is sent to the API and always applied here as well: registries may ignore
 * it (they then omit OCI-Filters-Applied), and the tag schema has no filter at all.
 */
import { RelocationError } from '../errors.js';
import type { RegistryClient } from './client.js';
import { parseNextLink } from './headers.js';
import { MediaTypes, parseManifest, type Descriptor } from './manifest.js';
import { findManifest, MANIFEST_SIZE_LIMIT, putManifest } from './manifests.js';
import { assertDigest, assertRepositoryName, referrersTagFor, registryPath, repositoryScope } from './names.js';
import { malformedPage } from './paging.js';
import { readBody } from './transport.js';

export interface ReferrersResult {
  referrers: Descriptor[];
  /** Where they came from: the referrers API or the tag schema fallback. */
  source: 'api' | 'tag-schema';
}

export interface ReferrersOptions {
  artifactType?: string;
  /** Skip the API and read the tag schema directly (registries known to lack the API). */
  tagSchemaOnly?: boolean;
}

const MAX_PAGES = 10_000;

export async function listReferrers(
  client: RegistryClient,
  repository: string,
  digest: string,
  options: ReferrersOptions = {},
): Promise<ReferrersResult> {
  assertRepositoryName(repository);
  assertDigest(digest);
  const viaApi = options.tagSchemaOnly ? undefined : await fromApi(client, repository, digest, options.artifactType);
  const referrers = viaApi ?? (await fromTagSchema(client, repository, digest));
  const wanted = options.artifactType;
  return {
    referrers: wanted ? referrers.filter((d) => d.artifactType === wanted) : referrers,
    source: viaApi ? 'api' : 'tag-schema',
  };
}

/** All referrers from the API, or undefined when the registry has no referrers API (404). */
async function fromApi(client: RegistryClient, repository: string, digest: string, artifactType?: string) {
  const path = registryPath('v2', ...repository.split('/'), 'referrers', digest);
  const what = `list referrers of ${repository}@${digest}`;
  const all: Descriptor[] = [];
  let target: string | URL = path;
  let query: Record<string, string> | undefined = artifactType ? { artifactType } : undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await client.request({
      method: 'GET',
      target,
      query,
      headers: { accept: MediaTypes.ociIndex },
      scopes: [repositoryScope(repository, ['pull'])],
      what,
      expect: [200, 404],
    });
    if (response.status === 404) {
      response.discard();
      if (page === 0) return undefined;
      throw malformedPage(what, client.host, 'a later page answered 404');
    }
    const body = await readBody(response, MANIFEST_SIZE_LIMIT, what);
    all.push(...parseManifest(body, MediaTypes.ociIndex).children);
    const link = parseNextLink(response.headers.link);
    if (link === undefined) return all;
    const next = client.sameOriginUrl(link, client.origin, 'a referrers page link');
    if (next.pathname !== path) throw malformedPage(what, client.host, 'Link points to another listing');
    target = next;
    query = undefined;
  }
  throw malformedPage(what, client.host, `more than ${MAX_PAGES} pages`);
}

async function fromTagSchema(client: RegistryClient, repository: string, digest: string): Promise<Descriptor[]> {
  const found = await findManifest(client, repository, referrersTagFor(digest), MediaTypes.ociIndex);
  if (!found) return [];
  if (found.mediaType !== MediaTypes.ociIndex) {
    throw new RelocationError(
      'REMOTE_ERROR',
      `Tag ${referrersTagFor(digest)} in ${repository} on ${client.host} is not an OCI index (${found.mediaType}).`,
      'The OCI tag schema reserves sha256-<hex> tags for referrer indexes; this one holds something else.',
    );
  }
  return parseManifest(found.bytes, found.mediaType).children;
}

/**
 * Record a referrer in the tag schema (for registries without the referrers API): read the index
 * under sha256-<hex>, add the descriptor if absent, write it back. Not atomic: two writers racing on
 * the same subject can lose one entry, so callers serialise per subject (and verify re-reads it).
 */
export async function addReferrerToTagSchema(
  client: RegistryClient,
  repository: string,
  subjectDigest: string,
  referrer: Descriptor,
): Promise<boolean> {
  const tag = referrersTagFor(subjectDigest);
  const current = await fromTagSchema(client, repository, subjectDigest);
  if (current.some((d) => d.digest === referrer.digest)) return false;
  const index = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociIndex,
    manifests: [...current, referrer].map(stripUndefined),
  };
  await putManifest(client, repository, tag, Buffer.from(JSON.stringify(index)), MediaTypes.ociIndex);
  return true;
}

function stripUndefined(descriptor: Descriptor): Descriptor {
  return JSON.parse(JSON.stringify(descriptor)) as Descriptor;
}
