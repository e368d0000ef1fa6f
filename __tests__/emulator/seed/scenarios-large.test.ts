/** The 'large' scenario: exact counts, tag distribution, untagged images, referrers, speed. */
import { getManifest, listAcrTags, listReferrers } from '../../../src/core/oci/index.js';
import { largeRepositoryName, largeShape } from '../../../emulator/src/seed/scenario-large.js';
import { startTestEmulator } from '../helpers/testEmulator.js';
import { counts, sourceClient, sourceInfo } from './scenarios-harness.js';

describe("seed scenario 'large'", () => {
  it('seeds exactly the requested repositories, tags, digests and referrers', async () => {
    const emulator = await startTestEmulator({ scenarios: ['large:repos=3,tags=20,digests=15,referrers=2'] });
    try {
      const client = sourceClient(emulator);
      // 15 images over 3 repositories; tags 0-19 point at image (tag mod 15): images 0-4 get two tags.
      expect(await counts(client)).toEqual({ repositories: 3, tags: 20, manifests: 17 });
      const shape = largeShape({ repositories: 3, tags: 20, digests: 15, referrers: 2 });
      const first = largeRepositoryName(0, shape);
      expect(first).toBe('bulk/svc-000');
      const tags = await listAcrTags(client, first);
      expect(tags.map((t) => t.name).sort()).toEqual([
        '1.0.0',
        '1.0.0-r1',
        '1.0.1',
        '1.0.1-r1',
        '1.0.2',
        '1.0.3',
        '1.0.4',
      ]);
      const image = await getManifest(client, first, '1.0.0');
      expect(tags.find((t) => t.name === '1.0.0-r1')?.digest).toBe(image.digest);
      const { referrers } = await listReferrers(client, first, image.digest);
      expect(referrers.map((r) => r.artifactType)).toEqual(['application/vnd.cncf.notary.signature']);
    } finally {
      await emulator.stop();
    }
  });

  it('leaves images beyond the tags untagged, and takes { name, params } requests', async () => {
    const emulator = await startTestEmulator({
      scenarios: [{ name: 'large', params: { repositories: 2, tags: 3, digests: 5, referrers: 0 } }],
    });
    try {
      expect(await counts(sourceClient(emulator))).toEqual({ repositories: 2, tags: 3, manifests: 5 });
      expect(emulator.state.appliedScenarios).toEqual(['large:digests=5,referrers=0,repositories=2,tags=3']);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses shapes it cannot seed before anything runs', async () => {
    await expect(startTestEmulator({ scenarios: ['large:repos=10,tags=5,digests=4'] })).rejects.toThrow(
      /digests \(4\) must be at least repositories \(10\)/,
    );
    await expect(startTestEmulator({ scenarios: ['large:repos=1,tags=2,referrers=3'] })).rejects.toThrow(
      /referrers \(3\) must not exceed digests \(2\)/,
    );
  });

  it('seeds the default shape (100 repositories, 10,000 tags, 1.3 tags per digest) well inside a minute', async () => {
    const started = performance.now();
    const emulator = await startTestEmulator({ scenarios: ['large'] });
    const seconds = (performance.now() - started) / 1000;
    try {
      console.log(
        `large (100 repositories, 10,000 tags, 7,692 digests, 10 referrers): emulator up in ${seconds.toFixed(1)} s`,
      );
      expect(seconds).toBeLessThan(60);
      const store = emulator.dataPlanes.get(sourceInfo(emulator).name)?.store;
      const repositories = store?.listRepositories() ?? [];
      const info = repositories.map((name) => store?.getRepository(name));
      expect(repositories).toHaveLength(100);
      expect(info.reduce((sum, r) => sum + (r?.tagCount ?? 0), 0)).toBe(10_000);
      expect(info.reduce((sum, r) => sum + (r?.manifestCount ?? 0), 0)).toBe(7_692 + 10);
    } finally {
      await emulator.stop();
    }
  }, 120_000);
});
