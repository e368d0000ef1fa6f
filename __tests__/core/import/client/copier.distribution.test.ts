/**
 * Client mode against real registries: between two CNCF distribution processes (no referrers API:
 * the OCI tag schema carries the referrers), and from distribution into the emulator's ACR. skopeo,
 * an independent client, checks afterwards that every manifest has the source's digest.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateImage,
  generateManyPlatformIndex,
  generateMultiArch,
  generateNestedIndex,
  generateSignature,
} from '../../../../emulator/src/seed/images.js';
import { ClientCopier } from '../../../../src/core/import/client/copier.js';
import { runImportEngine } from '../../../../src/core/import/engine.js';
import type { Importer } from '../../../../src/core/import/importer.js';
import { buildWorkList } from '../../../../src/core/import/worklist.js';
import { RegistryClient } from '../../../../src/core/oci/client.js';
import { getManifest } from '../../../../src/core/oci/manifests.js';
import { listReferrers } from '../../../../src/core/oci/referrers.js';
import type { Artifacts } from '../../../../src/core/plan/model.js';
import {
  DISTRIBUTION_PASSWORD,
  DISTRIBUTION_USER,
  startDistribution,
  type Distribution,
} from '../../../helpers/distribution.js';
import { requireTool } from '../../../helpers/tools.js';
import { referrersTag, tagSchemaIndex } from '../support/content.js';
import { pushArtifact, registryArtifacts, skopeoDigest, type SkopeoTarget } from '../support/registry-content.js';
import { startWorld, type World } from '../support/world.js';

const gate = requireTool('docker-registry', 'skopeo', 'openssl');

const signed = generateImage('dist-signed');
const signature = generateSignature('dist-sig', signed.root);

async function seed(client: RegistryClient): Promise<void> {
  await pushArtifact(client, 'app/web', generateImage('dist-web', { extraLayers: 2 }), ['v1', 'latest']);
  await pushArtifact(client, 'app/multi', generateMultiArch('dist-multi'), ['1.0']);
  await pushArtifact(client, 'app/docker', generateMultiArch('dist-docker', { format: 'docker' }), ['stable']);
  await pushArtifact(client, 'app/nested', generateNestedIndex('dist-nested'), ['nested']);
  await pushArtifact(client, 'app/signed', signed, ['v1']);
  await pushArtifact(client, 'app/signed', tagSchemaIndex([signature]), [referrersTag(signed.root.digest)]);
  await pushArtifact(client, 'big/many', generateManyPlatformIndex('dist-big', 50), ['all']);
}

/**
 * Every manifest by digest and every tag, as skopeo reads them from the target (the 50 platform
 * images of big/many through our own client, which checks the digest too: skopeo is slow).
 */
async function expectIdentical(target: SkopeoTarget, artifacts: Artifacts, client: RegistryClient): Promise<number> {
  let checked = 0;
  for (const repository of artifacts.repositories) {
    for (const manifest of repository.manifests) {
      if (repository.name === 'big/many' && manifest.tags.length === 0) {
        expect((await getManifest(client, repository.name, manifest.digest)).digest).toBe(manifest.digest);
        checked += 1;
        continue;
      }
      expect(await skopeoDigest(target, `${repository.name}@${manifest.digest}`)).toBe(manifest.digest);
      for (const tag of manifest.tags)
        expect(await skopeoDigest(target, `${repository.name}:${tag}`)).toBe(manifest.digest);
      checked += 1;
    }
  }
  return checked;
}

function counting(importer: Importer): Importer & { runs: number } {
  const wrapper = Object.create(importer) as Importer & { runs: number };
  wrapper.runs = 0;
  wrapper.run = (request, signal, hooks) => {
    wrapper.runs += 1;
    return importer.run(request, signal, hooks);
  };
  return wrapper;
}

gate.describe('client mode between two docker-registry processes', () => {
  let source: Distribution;
  let target: Distribution;
  let sourceClient: RegistryClient;
  let targetClient: RegistryClient;
  let artifacts: Artifacts;
  beforeAll(async () => {
    source = await startDistribution();
    target = await startDistribution({ tls: true, htpasswd: true });
    sourceClient = new RegistryClient({ url: source.url });
    targetClient = new RegistryClient({
      url: target.url,
      caPem: target.caPem,
      credentials: { kind: 'basic', username: DISTRIBUTION_USER, password: DISTRIBUTION_PASSWORD },
    });
    await seed(sourceClient);
    artifacts = await registryArtifacts(sourceClient);
  }, 60_000);
  afterAll(async () => {
    sourceClient?.close();
    targetClient?.close();
    await Promise.all([source?.stop(), target?.stop()]);
  });

  it('copies every manifest byte for byte (all platforms, nested, 51 manifests, tag-schema referrers)', async () => {
    const workList = buildWorkList(artifacts);
    const importer = counting(new ClientCopier({ source: sourceClient, target: targetClient, chunkSize: 4096 }));
    const report = await runImportEngine({
      workList,
      importer,
      target: targetClient,
      targetListing: 'probe',
      force: false,
    });
    expect(report.items.filter((i) => i.status !== 'imported')).toEqual([]);
    const checked = await expectIdentical(
      { host: target.host, certDir: target.certDir, creds: `${DISTRIBUTION_USER}:${DISTRIBUTION_PASSWORD}` },
      artifacts,
      targetClient,
    );
    expect(checked).toBeGreaterThan(60);
    const referrers = await listReferrers(targetClient, 'app/signed', signed.root.digest);
    expect(referrers).toMatchObject({ source: 'tag-schema', referrers: [{ digest: signature.root.digest }] });

    const again = await runImportEngine({
      workList,
      importer,
      target: targetClient,
      targetListing: 'probe',
      force: false,
    });
    expect(again.items.every((i) => i.status === 'skipped')).toBe(true);
    expect(importer.runs).toBe(workList.items.length);
  }, 120_000);
});

gate.describe('client mode from a docker-registry into the emulator (ACR)', () => {
  let source: Distribution;
  let sourceClient: RegistryClient;
  let world: World;
  beforeAll(async () => {
    source = await startDistribution();
    sourceClient = new RegistryClient({ url: source.url });
    await seed(sourceClient);
    world = await startWorld();
  }, 60_000);
  afterAll(async () => {
    sourceClient?.close();
    await Promise.all([source?.stop(), world?.stop()]);
  });

  it('lands byte-identical in ACR, and ACR indexes the referrers for its referrers API', async () => {
    const artifacts = await registryArtifacts(sourceClient);
    const target = world.client('target');
    const importer = new ClientCopier({ source: sourceClient, target });
    const report = await runImportEngine({
      workList: buildWorkList(artifacts),
      importer,
      target,
      targetListing: 'acr',
      force: false,
    });
    expect(report.items.filter((i) => i.status !== 'imported')).toEqual([]);
    const certDir = mkdtempSync(join(tmpdir(), 'emulator-ca-'));
    writeFileSync(join(certDir, 'ca.crt'), world.emulator.tls.caCertPem);
    await expectIdentical(
      { host: world.target.loginServer, certDir, creds: world.target.adminCreds },
      artifacts,
      target,
    );
    const referrers = await listReferrers(target, 'app/signed', signed.root.digest);
    expect(referrers.source).toBe('api');
    expect(referrers.referrers.map((r) => r.digest)).toEqual([signature.root.digest]);
  }, 120_000);
});
