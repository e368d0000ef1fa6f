/**
 * Is an item really in the target? Checked after every import, and for items the target lists but
 * the progress file does not vouch for:
 * - each tag resolves to the item's digest (HEAD by tag), unless the caller read the tags already;
 * - the manifest and every manifest below it (index children, recursively) are served by digest, and
 *   their bytes hash to that digest (GET: byte-identical, not merely "some manifest is there");
 * - every image's config blob exists (HEAD), and with `blobs: 'all'` every layer (foreign layers
 *   with `urls` excepted: registries do not hold them).
 * Checking the config blob catches an import that left blobs behind at one request per image; the
 * layers cost one request each and are opt-in (server import copies blobs before it commits the
 * manifest, and a registry refuses a pushed manifest whose blobs are missing).
 */
import { RelocationError } from '../errors.js';
import { headBlob } from '../oci/blobs.js';
import type { RegistryClient } from '../oci/client.js';
import { parseManifest, type Descriptor } from '../oci/manifest.js';
import { findManifest, headManifest } from '../oci/manifests.js';
import { mapWithLimit } from '../util/pool.js';
import type { WorkItem } from './model.js';

export type BlobCheck = 'none' | 'config' | 'all';

export interface VerifyOptions {
  /** HEAD every tag (false when the caller just listed the tags). */
  checkTags: boolean;
  blobs: BlobCheck;
  /** Requests in flight for one item. */
  concurrency?: number;
}

function blobsToCheck(descriptors: { config?: Descriptor; layers: Descriptor[] }, blobs: BlobCheck): Descriptor[] {
  if (blobs === 'none') return [];
  const layers = blobs === 'all' ? descriptors.layers.filter((l) => !l.urls?.length) : [];
  return descriptors.config ? [descriptors.config, ...layers] : layers;
}

async function checkTags(client: RegistryClient, item: WorkItem, result: Verification, concurrency: number) {
  await mapWithLimit(item.tags, concurrency, async (tag) => {
    const head = await headManifest(client, item.repository, tag);
    if (!head) {
      result.problems.push(`tag ${tag} is missing`);
      result.missingTags.push(tag);
    } else if (head.digest !== item.digest) {
      result.problems.push(`tag ${tag} points at ${head.digest}, not ${item.digest}`);
      result.wrongTags.push({ tag, targetDigest: head.digest });
    }
  });
}

async function checkTree(client: RegistryClient, item: WorkItem, options: VerifyOptions, problems: string[]) {
  const seen = new Set<string>();
  const concurrency = options.concurrency ?? 4;
  const visit = async (digest: string): Promise<void> => {
    if (seen.has(digest)) return;
    seen.add(digest);
    let found;
    try {
      found = await findManifest(client, item.repository, digest);
    } catch (error) {
      // A digest mismatch is a finding about the target, not a reason to stop the run.
      if (error instanceof RelocationError && error.code === 'REMOTE_ERROR') {
        problems.push(`manifest ${digest}: ${error.message}`);
        return;
      }
      throw error;
    }
    if (!found) {
      problems.push(`manifest ${digest} is missing`);
      return;
    }
    const parsed = parseManifest(found.bytes, found.mediaType);
    await mapWithLimit(blobsToCheck(parsed, options.blobs), concurrency, async (blob) => {
      if ((await headBlob(client, item.repository, blob.digest)) === undefined) {
        problems.push(`blob ${blob.digest} of manifest ${digest} is missing`);
      }
    });
    await mapWithLimit(parsed.children, concurrency, (child) => visit(child.digest));
  };
  await visit(item.digest);
  // Children the plan knows but the stored manifests do not name cannot happen with identical bytes;
  // checked anyway so that "every child digest is present" never rests on that reasoning alone.
  await mapWithLimit(
    item.closure.filter((digest) => !seen.has(digest)),
    concurrency,
    async (digest) => {
      if (!(await headManifest(client, item.repository, digest))) problems.push(`manifest ${digest} is missing`);
    },
  );
}

export interface Verification {
  /** Everything wrong, for people; empty: verified. */
  problems: string[];
  /** Tags that do not exist in the target. */
  missingTags: string[];
  /** Tags that point at another digest. */
  wrongTags: Array<{ tag: string; targetDigest: string }>;
}

/** What is wrong with the item in the target. */
export async function verifyItem(
  client: RegistryClient,
  item: WorkItem,
  options: VerifyOptions,
): Promise<Verification> {
  const result: Verification = { problems: [], missingTags: [], wrongTags: [] };
  if (options.checkTags) await checkTags(client, item, result, options.concurrency ?? 4);
  await checkTree(client, item, options, result.problems);
  result.problems.sort();
  result.missingTags.sort();
  result.wrongTags.sort((a, b) => (a.tag < b.tag ? -1 : 1));
  return result;
}
