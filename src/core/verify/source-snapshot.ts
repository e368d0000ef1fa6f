/**
 * What the source holds now, read through ACR's metadata API only: the catalog, then one paged
 * /acr/v1/{repo}/_manifests listing per repository (digests with their tags).
 *
 * Why not a full re-inventory (src/core/inventory): that reads manifests with GET, and every such
 * GET is a pull in the registry's SuccessfulPullCount metric. retire-source refuses while that metric
 * is not zero (require-idle), counting from when verify started; if verify pulled from the source,
 * its own reads would block the retirement. Listings are not pulls. The same function gives verify
 * its drift and retire-source its "did the source change since the report?" fingerprint, so both
 * sides read the same thing the same way (manifests hidden with listEnabled=false are absent from
 * both, consistently).
 *
 * Cost: ⌈repositories/100⌉ catalog pages + ⌈manifests/100⌉ listing pages per repository.
 * Memory: digests and tags of the source, the same order of size as the plan.
 */
import { RelocationError } from '../errors.js';
import { inventoryFingerprint } from '../inventory/index.js';
import { acrManifestPages, listAcrRepositories } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import type { Artifacts } from '../plan/model.js';
import { mapWithLimit } from '../util/pool.js';

export interface ListedManifest {
  digest: string;
  tags: string[];
}

export interface ListedRepository {
  name: string;
  manifests: ListedManifest[];
}

export interface SourceSnapshot {
  repositories: ListedRepository[];
  /** inventoryFingerprint over (repository, tag, digest) and untagged (repository, digest). */
  fingerprint: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** inventoryFingerprint reads only repository names, digests and tags, which a listing has. */
export function listingFingerprint(repositories: readonly ListedRepository[]): string {
  return inventoryFingerprint({ repositories } as unknown as Pick<Artifacts, 'repositories'>);
}

async function listRepository(client: RegistryClient, name: string): Promise<ListedRepository> {
  const manifests: ListedManifest[] = [];
  try {
    for await (const page of acrManifestPages(client, name)) {
      for (const entry of page) manifests.push({ digest: entry.digest, tags: [...entry.tags].sort(byText) });
    }
  } catch (error) {
    // Deleted between the catalog and its listing: it holds nothing now.
    if (!(error instanceof RelocationError && error.code === 'NOT_FOUND')) throw error;
  }
  manifests.sort((a, b) => byText(a.digest, b.digest));
  return { name, manifests };
}

/**
 * The source's repositories except those the plan left out on purpose (excludedRepositories): a
 * repository created after prepare is in scope, so what it holds shows up as drift, never silently.
 */
export async function readSourceSnapshot(
  client: RegistryClient,
  excluded: readonly string[],
  concurrency: number,
): Promise<SourceSnapshot> {
  const leftOut = new Set(excluded);
  const names = (await listAcrRepositories(client)).filter((name) => !leftOut.has(name)).sort(byText);
  const repositories = await mapWithLimit(names, concurrency, (name) => listRepository(client, name));
  return { repositories, fingerprint: listingFingerprint(repositories) };
}
