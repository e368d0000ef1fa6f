/**
 * "Items lost", decided by the registries themselves rather than by anything the tool reports: every
 * manifest of the source present in the target by digest, every tag pointing at the same digest.
 * Reads the emulator's registry stores directly (no HTTP, no code under test).
 */
import type { RegistryStore } from '../../emulator/src/acr/index.js';

export interface ContentCheck {
  manifests: number;
  tags: number;
  missingManifests: number;
  missingTags: number;
  wrongTags: number;
  /** missingManifests + missingTags + wrongTags */
  lost: number;
  /** A few of the lost ones (repository@digest or repository:tag), for the report. */
  examples: string[];
}

const EXAMPLES = 5;

function emptyCheck(): ContentCheck {
  return { manifests: 0, tags: 0, missingManifests: 0, missingTags: 0, wrongTags: 0, lost: 0, examples: [] };
}

function note(check: ContentCheck, example: string): void {
  check.lost += 1;
  if (check.examples.length < EXAMPLES) check.examples.push(example);
}

/** Every manifest and tag of `source` (all repositories), checked in `target`. */
export function compareStores(source: RegistryStore, target: RegistryStore): ContentCheck {
  const check = emptyCheck();
  for (const repository of source.listRepositories()) {
    for (const manifest of source.listManifests(repository)) {
      check.manifests += 1;
      if (!target.getManifest(repository, manifest.digest)) {
        check.missingManifests += 1;
        note(check, `${repository}@${manifest.digest}`);
      }
    }
    checkTags(
      source,
      target,
      repository,
      source.listTags(repository).map((t) => t.name),
      check,
    );
  }
  return check;
}

/** Only the given tags (the baseline's sample), with the manifests they point at. */
export function compareTags(
  source: RegistryStore,
  target: RegistryStore,
  tags: ReadonlyArray<{ repository: string; tag: string }>,
): ContentCheck {
  const check = emptyCheck();
  for (const { repository, tag } of tags) checkTags(source, target, repository, [tag], check);
  return check;
}

function checkTags(
  source: RegistryStore,
  target: RegistryStore,
  repository: string,
  tags: readonly string[],
  check: ContentCheck,
): void {
  for (const tag of tags) {
    const expected = source.getTag(repository, tag)?.digest;
    if (!expected) continue;
    check.tags += 1;
    const actual = target.getTag(repository, tag)?.digest;
    if (actual === undefined) {
      check.missingTags += 1;
      note(check, `${repository}:${tag}`);
    } else if (actual !== expected) {
      check.wrongTags += 1;
      note(check, `${repository}:${tag} -> ${actual}`);
    }
  }
}

/** Manifests no tag reaches (untagged images, referrers): a by-tag loop can never carry them. */
export function untaggedManifests(store: RegistryStore): number {
  let count = 0;
  for (const repository of store.listRepositories()) {
    const reachable = new Set<string>();
    const visit = (digest: string) => {
      if (reachable.has(digest)) return;
      reachable.add(digest);
      for (const child of store.getManifest(repository, digest)?.children ?? []) visit(child);
    };
    for (const tag of store.listTags(repository)) visit(tag.digest);
    count += store.listManifests(repository).filter((m) => !reachable.has(m.digest)).length;
  }
  return count;
}
