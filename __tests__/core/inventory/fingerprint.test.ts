import type { ManifestRecord, RepositoryRecord } from '../../../src/core/plan/model.js';
import { inventoryFingerprint } from '../../../src/core/inventory/fingerprint.js';

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const manifest = (n: number, tags: string[], extra: Partial<ManifestRecord> = {}): ManifestRecord => ({
  digest: digest(n),
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  size: 10,
  tags,
  ...extra,
});
const repo = (name: string, manifests: ManifestRecord[]): RepositoryRecord => ({
  name,
  reportedTagCount: 0,
  reportedManifestCount: manifests.length,
  manifests,
});
const base = () => [
  repo('app', [manifest(1, ['1.0', 'latest']), manifest(2, ['0.9']), manifest(3, [])]),
  repo('b', [manifest(1, ['x'])]),
];
const fingerprint = (repositories: RepositoryRecord[]) => inventoryFingerprint({ repositories });

describe('inventoryFingerprint', () => {
  const original = fingerprint(base());

  it('is a sha256 digest, stable for the same content', () => {
    expect(original).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(fingerprint(base())).toBe(original);
  });

  it('changes when a tag moves, is added or is deleted, or a manifest appears or goes', () => {
    const moved = base();
    moved[0]!.manifests = [manifest(1, ['1.0']), manifest(2, ['0.9', 'latest']), manifest(3, [])];
    const added = base();
    added[1]!.manifests[0]!.tags.push('y');
    const deleted = base();
    deleted[0]!.manifests[1]!.tags = [];
    const untaggedGone = base();
    untaggedGone[0]!.manifests.pop();
    const newUntagged = base();
    newUntagged[1]!.manifests.push(manifest(7, []));
    const sameTagOtherRepository = base();
    sameTagOtherRepository[1]!.name = 'c';
    const variants = [moved, added, deleted, untaggedGone, newUntagged, sameTagOtherRepository].map(fingerprint);
    expect(new Set([original, ...variants]).size).toBe(7);
  });

  it('ignores order, attributes, sizes and platforms', () => {
    const shuffled = base().reverse();
    shuffled[1]!.manifests = [
      manifest(3, [], { changeableAttributes: { writeEnabled: false } }),
      manifest(2, ['0.9'], { size: 99, imageSize: 5 }),
      manifest(1, ['latest', '1.0'], { platform: { os: 'linux', architecture: 'arm64' } }),
    ];
    expect(fingerprint(shuffled)).toBe(original);
  });
});
