/**
 * The 'small' scenario, read back the way a relocation tool reads a real registry: ARM through
 * @azure/arm-containerregistry, content through src/core/oci with the admin user of registries[0].
 */
import {
  getManifest,
  listAcrManifests,
  listReferrers,
  listRepositories,
  listTags,
} from '../../../src/core/oci/index.js';
import { SOURCE_TAGS } from '../../../emulator/src/seed/scenario-source.js';
import {
  CACHE_RULE_NAME,
  SCOPE_MAP_NAME,
  TOKEN_NAME,
  WEBHOOK_HEADER,
  WEBHOOK_NAME,
} from '../../../emulator/src/seed/scenario-small.js';
import { startTestEmulator, type Emulator } from '../helpers/testEmulator.js';
import { collect, registryClient, sourceClient, sourceInfo, tagDigests } from './scenarios-harness.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startTestEmulator({ scenarios: ['small'] });
});
afterAll(() => emulator.stop());

describe("seed scenario 'small'", () => {
  it('creates one Premium source with the admin user, tags, a replication, a webhook, a token and a cache rule', async () => {
    const info = emulator.connectionInfo();
    expect(info.registries).toHaveLength(1);
    const source = sourceInfo(emulator);
    expect(source.adminUser).toBe(source.name);
    const acr = registryClient(emulator);
    const registry = await acr.registries.get(source.resourceGroup, source.name);
    expect(registry).toMatchObject({
      location: 'westeurope',
      sku: { name: 'Premium' },
      adminUserEnabled: true,
      tags: SOURCE_TAGS,
    });
    const replications = await collect(acr.replications.list(source.resourceGroup, source.name));
    expect(replications.map((r) => r.location).sort()).toEqual(['northeurope', 'westeurope']);
    expect(replications.find((r) => r.location === 'northeurope')?.status?.displayStatus).toBe('Ready');
    const webhook = await acr.webhooks.get(source.resourceGroup, source.name, WEBHOOK_NAME);
    expect(webhook).toMatchObject({ actions: ['push', 'delete'], scope: 'team/app/*:*', status: 'enabled' });
    const callback = await acr.webhooks.getCallbackConfig(source.resourceGroup, source.name, WEBHOOK_NAME);
    expect(Object.keys(callback.customHeaders ?? {})).toEqual([WEBHOOK_HEADER]);
    const scopeMap = await acr.scopeMaps.get(source.resourceGroup, source.name, SCOPE_MAP_NAME);
    expect(scopeMap.actions).toContain('repositories/team/app/api/content/read');
    const token = await acr.tokens.get(source.resourceGroup, source.name, TOKEN_NAME);
    expect(token.scopeMapId?.toLowerCase()).toBe(scopeMap.id?.toLowerCase());
    expect(token.credentials?.passwords?.map((p) => p.name)).toEqual(['password1']);
    const rule = await acr.cacheRules.get(source.resourceGroup, source.name, CACHE_RULE_NAME);
    expect(rule).toMatchObject({ sourceRepository: 'docker.io/library/nginx', targetRepository: 'cache/nginx' });
    const credentialSet = await acr.credentialSets.get(
      source.resourceGroup,
      source.name,
      rule.credentialSetResourceId?.split('/').pop() ?? '',
    );
    expect(credentialSet).toMatchObject({ loginServer: 'docker.io', identity: { type: 'SystemAssigned' } });
  });

  it('serves the repositories: tags, untagged manifests, nested paths', async () => {
    const client = sourceClient(emulator);
    expect(await listRepositories(client)).toEqual([
      'charts/web-app',
      'hello-world',
      'platform/base',
      'platform/runtime',
      'platform/toolchain',
      'team/app/api',
      'team/app/worker',
    ]);
    expect(await listTags(client, 'hello-world')).toEqual(['latest', 'v0', 'v1']);
    const [latest, v1, v0] = await Promise.all(
      ['latest', 'v1', 'v0'].map((tag) => getManifest(client, 'hello-world', tag)),
    );
    expect(latest?.digest).toBe(v1?.digest);
    expect(v0?.digest).not.toBe(latest?.digest);
    const api = await listAcrManifests(client, 'team/app/api');
    expect(api).toHaveLength(6); // 1.0.0, 1.1.0, two untagged builds, a signature and an SBOM
    expect(api.filter((m) => m.tags.length === 0)).toHaveLength(4);
    const docker = await getManifest(client, 'team/app/api', '1.0.0');
    expect(docker.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
  });

  it('serves a multi-arch OCI index, a Docker manifest list, a nested index and a Helm chart', async () => {
    const client = sourceClient(emulator);
    const platforms = (bytes: Buffer) =>
      (JSON.parse(bytes.toString()) as { manifests: Array<{ mediaType: string; platform?: { architecture: string } }> })
        .manifests;
    const oci = await getManifest(client, 'platform/base', '1.0');
    expect(oci.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(platforms(oci.bytes).map((m) => m.platform?.architecture)).toEqual(['amd64', 'arm64']);
    const list = await getManifest(client, 'platform/runtime', '3.12');
    expect(list.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(platforms(list.bytes).map((m) => m.platform?.architecture)).toEqual(['amd64', 'arm64']);
    const nested = await getManifest(client, 'platform/toolchain', '2024.1');
    expect(platforms(nested.bytes)[0]?.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    const chart = JSON.parse((await getManifest(client, 'charts/web-app', '0.1.0')).bytes.toString()) as {
      config: { mediaType: string };
    };
    expect(chart.config.mediaType).toBe('application/vnd.cii.helm.config.v1+json');
  });

  it('attaches a Notation signature and an SPDX SBOM to team/app/api:1.1.0', async () => {
    const client = sourceClient(emulator);
    const subject = await getManifest(client, 'team/app/api', '1.1.0');
    const { referrers } = await listReferrers(client, 'team/app/api', subject.digest);
    expect(referrers.map((r) => r.artifactType).sort()).toEqual([
      'application/spdx+json',
      'application/vnd.cncf.notary.signature',
    ]);
  });

  it('gives the same digests for the same seed and other digests for another seed', async () => {
    const twin = await startTestEmulator({ scenarios: ['small'] });
    const other = await startTestEmulator({ scenarios: ['small'], seed: 'another-seed' });
    try {
      const mine = await tagDigests(sourceClient(emulator));
      expect(Object.keys(mine)).toHaveLength(10);
      expect(await tagDigests(sourceClient(twin))).toEqual(mine);
      const theirs = await tagDigests(sourceClient(other));
      expect(Object.keys(theirs).sort()).toEqual(Object.keys(mine).sort());
      expect(theirs['hello-world:latest']).not.toBe(mine['hello-world:latest']);
    } finally {
      await Promise.all([twin.stop(), other.stop()]);
    }
  });
});
