/**
 * Client mode reads a shared layer from the source once: items that need it at the same moment wait
 * for the copy in flight and mount what it left in the target, between two real docker-registry
 * processes. Counted at the source client, so every GET that reaches the source is seen.
 */
import { baseLayer, generateImage } from '../../../../emulator/src/seed/images.js';
import { ClientCopier } from '../../../../src/core/import/client/copier.js';
import { runImportEngine } from '../../../../src/core/import/engine.js';
import { buildWorkList } from '../../../../src/core/import/worklist.js';
import { headBlob } from '../../../../src/core/oci/blobs.js';
import { RegistryClient } from '../../../../src/core/oci/client.js';
import { startDistribution, type Distribution } from '../../../helpers/distribution.js';
import { requireTool } from '../../../helpers/tools.js';
import { pushArtifact, registryArtifacts } from '../support/registry-content.js';

const gate = requireTool('docker-registry');
const IMAGES = 12;

/** The source client, with every blob GET it sends counted by path. */
function countingBlobReads(client: RegistryClient): { client: RegistryClient; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const counted = Object.create(client) as RegistryClient;
  counted.request = (options) => {
    const path = String(options.target);
    if (options.method === 'GET' && path.includes('/blobs/')) {
      const digest = path.slice(path.lastIndexOf('/') + 1);
      reads.set(digest, (reads.get(digest) ?? 0) + 1);
    }
    return client.request(options);
  };
  return { client: counted, reads };
}

gate.describe('client mode: a layer shared by concurrent items', () => {
  let source: Distribution;
  let target: Distribution;
  beforeAll(async () => {
    [source, target] = await Promise.all([startDistribution(), startDistribution()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it('is read from the source once and mounted into every other repository', async () => {
    const sourceClient = new RegistryClient({ url: source.url });
    const targetClient = new RegistryClient({ url: target.url });
    try {
      for (let index = 0; index < IMAGES; index += 1) {
        await pushArtifact(sourceClient, `shared/app${index}`, generateImage(`shared-${index}`), ['v1']);
      }
      const artifacts = await registryArtifacts(sourceClient);
      const { client: countedSource, reads } = countingBlobReads(sourceClient);
      const importer = new ClientCopier({ source: countedSource, target: targetClient, blobConcurrency: 4 });
      const report = await runImportEngine({
        workList: buildWorkList(artifacts),
        importer,
        target: targetClient,
        targetListing: 'probe',
        force: false,
        knobs: { maxConcurrency: IMAGES },
      });
      expect(report.items.filter((item) => item.status !== 'imported')).toEqual([]);

      const shared = baseLayer({ os: 'linux', architecture: 'amd64' }).digest;
      expect(reads.get(shared)).toBe(1);
      // every other blob (config, app layer) is each image's own: read once as well
      expect([...reads.values()].every((count) => count === 1)).toBe(true);
      expect(reads.size).toBe(1 + 2 * IMAGES);
      for (let index = 0; index < IMAGES; index += 1) {
        expect(await headBlob(targetClient, `shared/app${index}`, shared)).toBeGreaterThan(0);
      }
    } finally {
      sourceClient.close();
      targetClient.close();
    }
  }, 60_000);
});
