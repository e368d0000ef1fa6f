import type { ManifestRecord, RepositoryRecord } from '../../../src/core/plan/model.js';
import {
  closureSize,
  inventoryTotals,
  oversizedImages,
  referenceOf,
  schema1Manifests,
} from '../../../src/core/inventory/facts.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';
const IMAGE = 'application/vnd.oci.image.manifest.v1+json';
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

function image(n: number, extra: Partial<ManifestRecord> = {}): ManifestRecord {
  return { digest: digest(n), mediaType: IMAGE, size: 100, imageSize: 1000, tags: [], ...extra };
}
function index(n: number, children: number[], tags: string[] = []): ManifestRecord {
  return { digest: digest(n), mediaType: INDEX, size: 50, imageSize: 7, tags, children: children.map(digest) };
}
function repository(name: string, manifests: ManifestRecord[]): RepositoryRecord {
  return { name, reportedTagCount: 0, reportedManifestCount: manifests.length, manifests };
}
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('oversizedImages', () => {
  it('flags an index whose closure holds 51 manifests, not one with exactly 50', () => {
    const artifacts = {
      repositories: [
        repository('at-limit', [index(1, range(100, 49), ['ok']), ...range(100, 49).map((n) => image(n))]),
        repository('over', [index(1, range(100, 50), ['alias', 'big']), ...range(100, 50).map((n) => image(n))]),
      ],
    };
    expect(oversizedImages(artifacts)).toEqual(['over:alias']);
    expect(oversizedImages(artifacts, 49)).toEqual(['at-limit:ok', 'over:alias']);
  });

  it('counts nested indexes and shared children once, and names untagged roots by digest', () => {
    // Outer (untagged) -> inner index (30 images) + 25 images, one of which the inner index also holds.
    const inner = index(2, range(100, 30));
    const outer = index(1, [2, ...range(129, 25)]);
    const manifests = [outer, inner, ...range(100, 54).map((n) => image(n))];
    expect(closureSize(outer, new Map(manifests.map((m) => [m.digest, m])))).toBe(1 + 1 + 54);
    expect(oversizedImages({ repositories: [repository('r', manifests)] })).toEqual([`r@${digest(1)}`]);
  });

  it('also judges a tagged index that another index contains, and counts children it cannot see', () => {
    const inner = index(2, range(100, 60), ['inner']);
    const outer = index(1, [2], ['outer']);
    expect(oversizedImages({ repositories: [repository('r', [outer, inner])] })).toEqual(['r:outer', 'r:inner']);
  });
});

describe('schema1Manifests and referenceOf', () => {
  it('lists signed and unsigned schema1 manifests as repo:tag or repo@digest', () => {
    const signed = image(1, { mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws', tags: ['v1'] });
    const unsigned = image(2, { mediaType: 'application/vnd.docker.distribution.manifest.v1+json' });
    const artifacts = { repositories: [repository('legacy', [signed, unsigned, image(3, { tags: ['new'] })])] };
    expect(schema1Manifests(artifacts)).toEqual(['legacy:v1', `legacy@${digest(2)}`]);
    expect(referenceOf('a/b', image(4, { tags: ['x', 'y'] }))).toBe('a/b:x');
  });
});

describe('inventoryTotals', () => {
  it('counts repositories, manifests, tags and referrers, and adds image sizes plus index sizes', () => {
    const totals = inventoryTotals([
      repository('a', [index(1, [2], ['multi']), image(2), image(3, { tags: ['x', 'y'], imageSize: undefined })]),
      repository('b', [image(4, { subject: digest(9), imageSize: 5 }), image(5, { tags: ['z'] })]),
      repository('empty', []),
    ]);
    expect(totals).toEqual({ repositories: 3, manifests: 5, tags: 4, referrers: 1, bytes: 50 + 1000 + 100 + 5 + 1000 });
  });
});
