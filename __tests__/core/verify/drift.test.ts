import { diffSource, isOutstanding } from '../../../src/core/verify/drift.js';
import type { DriftItem } from '../../../src/core/verify/model.js';
import { listingFingerprint, type ListedRepository } from '../../../src/core/verify/source-snapshot.js';
import type { RepositoryRecord } from '../../../src/core/plan/model.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

function planned(name: string, manifests: Array<[string, string[]]>): RepositoryRecord {
  return {
    name,
    reportedTagCount: 0,
    reportedManifestCount: manifests.length,
    manifests: manifests.map(([digest, tags]) => ({
      digest,
      tags,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 1,
    })),
  };
}

function listed(name: string, manifests: Array<[string, string[]]>): ListedRepository {
  return { name, manifests: manifests.map(([digest, tags]) => ({ digest, tags })) };
}

function snapshot(repositories: ListedRepository[]) {
  return { repositories, fingerprint: listingFingerprint(repositories) };
}

describe('diffSource', () => {
  it('finds nothing when the source lists what the plan has', () => {
    const plan = {
      repositories: [
        planned('app', [
          [d('a'), ['v1', 'latest']],
          [d('b'), []],
        ]),
      ],
    };
    expect(
      diffSource(
        plan,
        snapshot([
          listed('app', [
            [d('b'), []],
            [d('a'), ['latest', 'v1']],
          ]),
        ]),
      ),
    ).toEqual([]);
  });

  it('tells added, moved and removed tags apart, with both digests for a move', () => {
    const plan = {
      repositories: [
        planned('app', [
          [d('a'), ['v1', 'latest']],
          [d('b'), ['old']],
        ]),
      ],
    };
    const now = snapshot([
      listed('app', [
        [d('a'), ['v1']],
        [d('c'), ['latest', 'v2']],
        [d('b'), []],
      ]),
    ]);
    expect(diffSource(plan, now)).toEqual([
      { repository: 'app', change: 'moved', tag: 'latest', digest: d('c'), previousDigest: d('a'), inTarget: false },
      { repository: 'app', change: 'removed', tag: 'old', digest: d('b'), inTarget: false },
      { repository: 'app', change: 'added', tag: 'v2', digest: d('c'), inTarget: false },
    ]);
  });

  it('reports untagged manifests that appeared (a new signature) or disappeared', () => {
    const plan = {
      repositories: [
        planned('app', [
          [d('a'), ['v1']],
          [d('b'), []],
        ]),
      ],
    };
    const now = snapshot([
      listed('app', [
        [d('a'), ['v1']],
        [d('e'), []],
      ]),
    ]);
    expect(diffSource(plan, now)).toEqual([
      { repository: 'app', change: 'removed', digest: d('b'), inTarget: false },
      { repository: 'app', change: 'added', digest: d('e'), inTarget: false },
    ]);
  });

  it('reports a repository created after the plan and one deleted since', () => {
    const plan = { repositories: [planned('gone', [[d('a'), ['v1']]])] };
    const now = snapshot([listed('new', [[d('f'), ['1.0']]])]);
    expect(diffSource(plan, now).map((i) => `${i.change} ${i.repository}:${i.tag}`)).toEqual([
      'removed gone:v1',
      'added new:1.0',
    ]);
  });

  it("does not call a tag that lost its manifest's other tags a new untagged manifest", () => {
    const plan = { repositories: [planned('app', [[d('a'), ['v1']]])] };
    expect(diffSource(plan, snapshot([listed('app', [[d('a'), []]])]))).toEqual([
      { repository: 'app', change: 'removed', tag: 'v1', digest: d('a'), inTarget: false },
    ]);
  });
});

describe('isOutstanding', () => {
  const item = (change: DriftItem['change'], inTarget: boolean): DriftItem => ({
    repository: 'r',
    change,
    digest: d('a'),
    tag: 't',
    inTarget,
  });
  it.each([
    ['added', false, true],
    ['moved', false, true],
    ['added', true, false],
    ['moved', true, false],
    ['removed', false, false],
  ] as const)('%s, in target %s → %s', (change, inTarget, expected) => {
    expect(isOutstanding(item(change, inTarget))).toBe(expected);
  });
});

describe('listingFingerprint', () => {
  it('depends on tags and digests, not on listing order', () => {
    const a = [
      listed('app', [
        [d('a'), ['v1', 'v2']],
        [d('b'), []],
      ]),
    ];
    const b = [
      listed('app', [
        [d('b'), []],
        [d('a'), ['v2', 'v1']],
      ]),
    ];
    expect(listingFingerprint(a)).toBe(listingFingerprint(b));
    expect(listingFingerprint(a)).not.toBe(
      listingFingerprint([
        listed('app', [
          [d('a'), ['v1']],
          [d('b'), []],
        ]),
      ]),
    );
  });
});
