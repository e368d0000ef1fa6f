/**
 * A quick digest of what a registry holds, for retire-source to prove that the source did not change
 * since the verify report: sha256 over the sorted lines (repository, tag, digest) for every tag and
 * (repository, digest) for every untagged manifest. It changes when a tag is added, deleted or moved,
 * or a manifest appears or disappears; it does not change with attributes, sizes or listing order.
 */
import { createHash } from 'node:crypto';
import type { Artifacts } from '../plan/model.js';

export function inventoryFingerprint(artifacts: Pick<Artifacts, 'repositories'>): string {
  const lines: string[] = [];
  for (const repository of artifacts.repositories) {
    for (const manifest of repository.manifests) {
      if (manifest.tags.length === 0) lines.push(JSON.stringify([repository.name, manifest.digest]));
      for (const tag of manifest.tags) lines.push(JSON.stringify([repository.name, tag, manifest.digest]));
    }
  }
  lines.sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return `sha256:${hash.digest('hex')}`;
}
