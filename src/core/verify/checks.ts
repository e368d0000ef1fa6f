/**
 * The content checks of one repository, derived from the plan (pure): every tag must resolve to its
 * digest in the target; every manifest without a tag (plain untagged images, index children,
 * referrers) must exist there by digest. A tagged manifest is proven by its tags: a tag that
 * resolves to the digest means the manifest with those exact bytes is there.
 */
import type { RepositoryRecord } from '../plan/model.js';
import type { ManifestRole } from './model.js';

export type ContentCheck =
  | { kind: 'tag'; tag: string; digest: string }
  | { kind: 'digest'; digest: string; role: Exclude<ManifestRole, 'tagged'>; subject?: string };

export interface RepositoryChecks {
  checks: ContentCheck[];
  manifests: number;
  tags: number;
  referrers: number;
}

export function roleOf(manifest: RepositoryRecord['manifests'][number], children: ReadonlySet<string>): ManifestRole {
  if (manifest.tags.length > 0) return 'tagged';
  if (manifest.subject) return 'referrer';
  return children.has(manifest.digest) ? 'index-child' : 'untagged';
}

export function checksOf(repository: RepositoryRecord): RepositoryChecks {
  const children = new Set(repository.manifests.flatMap((m) => m.children ?? []));
  const checks: ContentCheck[] = [];
  let tags = 0;
  let referrers = 0;
  for (const manifest of repository.manifests) {
    if (manifest.subject) referrers += 1;
    const role = roleOf(manifest, children);
    if (role === 'tagged') {
      for (const tag of manifest.tags) checks.push({ kind: 'tag', tag, digest: manifest.digest });
      tags += manifest.tags.length;
    } else {
      checks.push({
        kind: 'digest',
        digest: manifest.digest,
        role,
        ...(manifest.subject ? { subject: manifest.subject } : {}),
      });
    }
  }
  return { checks, manifests: repository.manifests.length, tags, referrers };
}
