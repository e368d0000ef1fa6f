/**
 * A plain registry's repository as the plan records it: every tag and every manifest below it
 * (index children, referrers' subjects), walked through the distribution API. For registries that
 * have no ACR metadata API (CNCF distribution), where src/core/inventory cannot run.
 */
import { getManifest, listTags, parseManifest, type RegistryClient } from '../../src/core/oci/index.js';
import type { ManifestRecord } from '../../src/core/plan/model.js';

/** Manifests sorted by digest, each with its tags sorted. */
export async function walkRepository(client: RegistryClient, name: string): Promise<ManifestRecord[]> {
  const records = new Map<string, ManifestRecord>();
  const visit = async (reference: string, tag?: string): Promise<void> => {
    const manifest = await getManifest(client, name, reference);
    const known = records.get(manifest.digest);
    if (known) {
      if (tag) known.tags.push(tag);
      return;
    }
    const parsed = parseManifest(manifest.bytes, manifest.mediaType);
    const record: ManifestRecord = {
      digest: manifest.digest,
      mediaType: manifest.mediaType,
      size: manifest.size,
      tags: tag ? [tag] : [],
    };
    if (parsed.children.length > 0) record.children = parsed.children.map((c) => c.digest);
    if (parsed.subject) record.subject = parsed.subject.digest;
    records.set(manifest.digest, record);
    for (const child of parsed.children) await visit(child.digest);
  };
  for (const tag of (await listTags(client, name)).sort()) await visit(tag, tag);
  const manifests = [...records.values()].sort((a, b) => (a.digest < b.digest ? -1 : 1));
  manifests.forEach((m) => m.tags.sort());
  return manifests;
}
