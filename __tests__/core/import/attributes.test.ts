/**
 * What the target must end with: the plan's recorded attributes per repository and manifest; for a
 * repository this relocation froze, writeEnabled from the plan (else the freeze record), never the
 * frozen source's "false" that a refreshed inventory reads back.
 */
import { differing, wantedAttributes } from '../../../src/core/import/attributes.js';
import type { FreezeRecord } from '../../../src/core/import/freeze.js';
import type { Artifacts, RepositoryRecord } from '../../../src/core/plan/model.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const OPEN = { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true };

function repository(name: string, attributes: Record<string, boolean> | undefined): RepositoryRecord {
  return {
    name,
    reportedTagCount: 1,
    reportedManifestCount: 1,
    ...(attributes ? { changeableAttributes: attributes } : {}),
    manifests: [
      {
        digest: d('1'),
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 1,
        tags: ['v1'],
        changeableAttributes: { ...OPEN, deleteEnabled: false, somethingNew: true },
      },
    ],
  };
}

function artifacts(...repositories: RepositoryRecord[]): Artifacts {
  return {
    repositories,
    excludedRepositories: [],
    totals: { repositories: repositories.length, manifests: 0, tags: 0, referrers: 0, bytes: 0 },
  };
}

const freeze = (names: Array<[string, boolean]>): FreezeRecord => ({
  schemaVersion: 1,
  relocationId: 'r',
  sourceId: '/s',
  repositories: names.map(([name, previousWriteEnabled]) => ({ name, previousWriteEnabled, frozenAt: 'now' })),
});

describe('wantedAttributes', () => {
  const plan = artifacts(repository('app/web', OPEN), repository('app/locked', { ...OPEN, writeEnabled: false }));

  it('takes the recorded attributes (the four known ones) of repositories and manifests', () => {
    const wanted = wantedAttributes(plan, plan);
    expect(wanted.get('app/locked')!.repository).toEqual({ ...OPEN, writeEnabled: false });
    expect(wanted.get('app/web')!.manifests.get(d('1'))).toEqual({ ...OPEN, deleteEnabled: false });
  });

  it('a refreshed inventory of a source frozen by this relocation: the plan’s writeEnabled wins', () => {
    const frozenNow = artifacts(
      repository('app/web', { ...OPEN, writeEnabled: false }),
      repository('app/locked', { ...OPEN, writeEnabled: false }),
      repository('app/new', { ...OPEN, writeEnabled: false }), // not in the plan: the freeze record's value
      repository('app/other', { ...OPEN, writeEnabled: false }), // not frozen by us: the source's value
    );
    const record = freeze([
      ['app/web', true],
      ['app/locked', false],
      ['app/new', true],
    ]);
    const wanted = wantedAttributes(frozenNow, plan, record);
    expect(wanted.get('app/web')!.repository.writeEnabled).toBe(true);
    expect(wanted.get('app/locked')!.repository.writeEnabled).toBe(false);
    expect(wanted.get('app/new')!.repository.writeEnabled).toBe(true);
    expect(wanted.get('app/other')!.repository.writeEnabled).toBe(false);
    expect(wantedAttributes(frozenNow, plan).get('app/web')!.repository.writeEnabled).toBe(false);
  });
});

describe('differing', () => {
  it('keeps the wanted values the current ones lack (absent counts as different, as in verify)', () => {
    expect(differing({ writeEnabled: false, readEnabled: true }, { writeEnabled: true })).toEqual({
      writeEnabled: false,
      readEnabled: true,
    });
    expect(differing({ writeEnabled: true }, OPEN)).toEqual({});
  });
});
