import { buildWorkList } from '../../../src/core/import/worklist.js';
import { compileTagFilter } from '../../../src/core/import/tag-filter.js';
import { itemKey } from '../../../src/core/import/model.js';
import type { Artifacts, ManifestRecord, RepositoryRecord } from '../../../src/core/plan/model.js';

const OCI = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';
const d = (c: string) => `sha256:${c.repeat(64)}`;
const m = (c: string, extra: Partial<ManifestRecord> = {}): ManifestRecord => ({
  digest: d(c),
  mediaType: OCI,
  size: 100,
  imageSize: 1000,
  tags: [],
  ...extra,
});

function repo(name: string, manifests: ManifestRecord[]): RepositoryRecord {
  return { name, reportedTagCount: 0, reportedManifestCount: manifests.length, manifests };
}

function artifacts(...repositories: RepositoryRecord[]): Artifacts {
  return {
    repositories,
    excludedRepositories: ['prepare/excluded'],
    totals: { repositories: 0, manifests: 0, tags: 0, referrers: 0, bytes: 0 },
  };
}

/**
 * app: an OCI index (tag 1.0) of two platform images (one also tagged 1.0-amd64), an untagged older
 * image, a signature of the index, an SBOM of the arm64 child, a signature of the SBOM, and a
 * tag-schema referrers index for the old image holding one more signature.
 */
const APP = repo('app', [
  m('1', { mediaType: INDEX, size: 300, tags: ['1.0'], children: [d('2'), d('3')] }),
  m('2', { tags: ['1.0-amd64'], platform: { os: 'linux', architecture: 'amd64' } }),
  m('3', { platform: { os: 'linux', architecture: 'arm64' } }),
  m('4'),
  m('5', { subject: d('1'), artifactType: 'application/vnd.cncf.notary.signature' }),
  m('6', { subject: d('3'), artifactType: 'application/spdx+json' }),
  m('7', { subject: d('6'), artifactType: 'application/vnd.cncf.notary.signature' }),
  m('8', { mediaType: INDEX, size: 200, tags: [`sha256-${'4'.repeat(64)}`], children: [d('9')] }),
  m('9', { subject: d('4') }),
]);

describe('buildWorkList', () => {
  it('one item per distinct digest with all its tags; children come with their index; referrers after subjects', () => {
    const { items } = buildWorkList(artifacts(APP));
    const view = items.map((i) => [i.digest.slice(7, 8), i.tags, i.phase, i.dependsOn?.slice(-1)]);
    expect(view).toEqual([
      ['1', ['1.0'], 0, undefined],
      ['2', ['1.0-amd64'], 0, undefined],
      ['4', [], 0, undefined],
      ['5', [], 1, '1'],
      ['6', [], 1, '1'], // its subject (3) comes with the index 1
      ['8', [`sha256-${'4'.repeat(64)}`], 1, '4'],
      ['7', [], 2, '6'],
    ]);
    const index = items[0]!;
    expect(index.closure).toEqual([d('2'), d('3')]);
    expect(index.bytes).toBe(300 + 1000 + 1000);
    expect(items.find((i) => i.digest === d('8'))!.closure).toEqual([d('9')]);
  });

  it('keeps the tag schema where the plan has it, and asks for it elsewhere', () => {
    const { items } = buildWorkList(artifacts(APP));
    expect(items.find((i) => i.digest === d('5'))!.maintainTagSchema).toBe(true);
    expect(items.find((i) => i.digest === d('8'))!.maintainTagSchema).toBeUndefined();
  });

  it('never leaves a manifest behind without a filter', () => {
    const { items, filtered } = buildWorkList(artifacts(APP));
    const carried = new Set(items.flatMap((i) => [i.digest, ...i.closure]));
    expect([...carried].sort()).toEqual(APP.manifests.map((x) => x.digest).sort());
    expect(filtered.excludedManifests).toEqual([]);
    expect(filtered.excludedRepositories).toEqual(['prepare/excluded']);
  });

  it('include-tags filters tags, reports them, and leaves behind only what nothing needs', () => {
    const extra = repo('app', [...APP.manifests, m('a', { tags: ['nightly-1'] }), m('b', { subject: d('a') })]);
    const { items, filtered } = buildWorkList(artifacts(extra), { tagFilter: compileTagFilter(['1.*'])! });
    expect(items.map((i) => i.digest.slice(7, 8)).sort()).toEqual(['1', '2', '4', '5', '6', '7', '8']);
    expect(filtered.excludedTags).toEqual(['app:nightly-1']);
    // The nightly image stays behind, and so does its signature (its subject does not move).
    expect(filtered.excludedManifests).toEqual([`app@${d('a')}`, `app@${d('b')}`]);
  });

  it('a dangling referrer (subject not in the repository) moves like any untagged manifest', () => {
    const { items } = buildWorkList(artifacts(repo('x', [m('c', { subject: d('f') })])));
    expect(items).toMatchObject([{ digest: d('c'), phase: 0, subject: d('f') }]);
    expect(items[0]!.dependsOn).toBeUndefined();
  });

  it('filters repositories by include/exclude globs and reports the rest', () => {
    const input = artifacts(
      repo('team/a', [m('1', { tags: ['v1'] })]),
      repo('team/b', [m('2', { tags: ['v1'] })]),
      repo('other', [m('3', { tags: ['v1'] })]),
    );
    const list = buildWorkList(input, { includeRepositories: ['team/*'], excludeRepositories: ['team/b'] });
    expect(list.repositories).toEqual(['team/a']);
    expect(list.filtered.excludedRepositories).toEqual(['other', 'prepare/excluded', 'team/b']);
  });

  it('with n=4 shards: disjoint, and together exactly the whole work list', () => {
    const repositories = Array.from({ length: 40 }, (_, i) => repo(`r${i}`, [m(String(i % 10), { tags: [`t${i}`] })]));
    const whole = buildWorkList(artifacts(...repositories)).items.map(itemKey);
    const parts = [1, 2, 3, 4].map((index) =>
      buildWorkList(artifacts(...repositories), { shard: { index, count: 4 } }),
    );
    const union = parts.flatMap((p) => p.items.map(itemKey));
    expect(new Set(union).size).toBe(union.length);
    expect(union.sort()).toEqual([...whole].sort());
    expect(parts.map((p) => p.filtered.otherShardRepositories + p.repositories.length)).toEqual([40, 40, 40, 40]);
    expect(parts.every((p) => p.items.length > 0)).toBe(true);
  });

  it('with a previous plan, records where moved tags pointed before', () => {
    const before = artifacts(repo('app', [m('1', { tags: ['latest', 'v1'] })]));
    const after = artifacts(repo('app', [m('1', { tags: ['v1'] }), m('2', { tags: ['latest', 'v2'] })]));
    const { items } = buildWorkList(after, { previous: before });
    expect(items.find((i) => i.digest === d('2'))!.previousDigests).toEqual({ latest: d('1') });
    expect(items.find((i) => i.digest === d('1'))!.previousDigests).toBeUndefined();
  });

  it('is deterministic whatever the order of the plan', () => {
    const shuffled = repo('app', [...APP.manifests].reverse());
    expect(buildWorkList(artifacts(shuffled))).toEqual(buildWorkList(artifacts(APP)));
  });
});
