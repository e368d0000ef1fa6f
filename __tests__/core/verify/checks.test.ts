import { checksOf } from '../../../src/core/verify/checks.js';
import type { RepositoryRecord } from '../../../src/core/plan/model.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const m = { mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1 };

describe('checksOf', () => {
  const repository: RepositoryRecord = {
    name: 'app',
    reportedTagCount: 3,
    reportedManifestCount: 5,
    manifests: [
      { ...m, digest: d('a'), tags: ['1.0', 'latest'], children: [d('b'), d('c')] },
      { ...m, digest: d('b'), tags: [] },
      { ...m, digest: d('c'), tags: ['amd64-only'] },
      { ...m, digest: d('e'), tags: [], subject: d('a') },
      { ...m, digest: d('f'), tags: [] },
    ],
  };

  it("checks tags by name and everything untagged by digest, naming each one's role", () => {
    const { checks, manifests, tags, referrers } = checksOf(repository);
    expect(checks).toEqual([
      { kind: 'tag', tag: '1.0', digest: d('a') },
      { kind: 'tag', tag: 'latest', digest: d('a') },
      { kind: 'digest', digest: d('b'), role: 'index-child' },
      { kind: 'tag', tag: 'amd64-only', digest: d('c') },
      { kind: 'digest', digest: d('e'), role: 'referrer', subject: d('a') },
      { kind: 'digest', digest: d('f'), role: 'untagged' },
    ]);
    expect({ manifests, tags, referrers }).toEqual({ manifests: 5, tags: 3, referrers: 1 });
  });
});
