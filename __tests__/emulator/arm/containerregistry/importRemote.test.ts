/**
 * importImage with source.registryUri: the emulator pulls over HTTP(S) like ACR pulls from any
 * external registry. Against an emulator registry's login server its data plane applies (credentials,
 * anonymous pull, public network access), and its export policy is honoured; against a real CNCF
 * distribution (`docker-registry`, gated by tools.ts) over https with htpasswd and over plain http.
 */
import { generateImage, generateMultiArch, generateSignature } from '../../../../emulator/src/seed/images.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { trustCaInProcess } from '../../../../emulator/src/tls/trust.js';
import type { RegistryRuntime } from '../../../../emulator/src/arm/providers/containerregistry/dataPlaneHost.js';
import {
  DISTRIBUTION_PASSWORD,
  DISTRIBUTION_USER,
  startDistribution,
  type Distribution,
} from '../../../helpers/distribution.js';
import { requireTool } from '../../../helpers/tools.js';
import { FAST, startHarness, type Harness } from './harness.js';
import { pushToDistribution } from './distributionPush.js';

const v1 = generateImage('remote-v1');
const multi = generateMultiArch('remote-multi');
const signature = generateSignature('remote-sig', v1.root);
/** Content only the docker-registry instances hold, so every blob really crosses the wire. */
const distImage = generateImage('remote-dist-only');
const distMulti = generateMultiArch('remote-dist-multi');

let h: Harness;
let source: RegistryRuntime;
let target: RegistryRuntime;

beforeAll(async () => {
  h = await startHarness();
  source = await h.createRegistry('remotesource01');
  target = await h.createRegistry('remotetarget01');
  writeArtifact(source.store, 'app', v1, ['v1']);
  writeArtifact(source.store, 'app', signature);
  writeArtifact(source.store, 'multi', multi, ['1.0']);
});
afterAll(() => h?.stop());

type Credentials = { username?: string; password: string };
const importFrom = (registryUri: string, sourceImage: string, targetTag: string, credentials?: Credentials) =>
  h.client.registries.beginImportImageAndWait(
    h.group,
    'remotetarget01',
    {
      source: { registryUri, sourceImage, ...(credentials ? { credentials } : {}) },
      targetTags: [targetTag],
      mode: 'Force',
    },
    FAST,
  );
const admin = (): Credentials => {
  const credentials = source.control.adminCredentials();
  return { username: credentials?.username ?? '', password: credentials?.passwords[0] ?? '' };
};
const updateSource = (change: Record<string, unknown>) =>
  h.client.registries.beginUpdateAndWait(h.group, 'remotesource01', change, FAST);
const digestOf = (repository: string, tag: string) => target.store.getTag(repository, tag)?.digest;

describe('importImage from an emulator registry by its login server', () => {
  it('pulls with the given credentials through the source data plane', async () => {
    const seq = h.emulator.requests.lastSeq();
    await importFrom(source.loginServer, 'app:v1', 'viauri:v1', admin());
    expect(digestOf('viauri', 'v1')).toBe(v1.root.digest);
    expect(v1.blobs.every((blob) => target.store.hasBlob('viauri', blob.digest))).toBe(true);
    const served = h.emulator.requests.list({ service: 'acr:remotesource01', afterSeq: seq });
    expect(served.some((entry) => entry.kind === 'acr:manifest-get' && entry.status === 200)).toBe(true);
    // No blob-get: the emulator's registries share one blob pool, so the target already holds the
    // bytes and, like ACR for layers it has, does not fetch them again (the docker-registry tests do).
    expect(target.store.listReferrers('viauri', v1.root.digest)).toEqual([]);
  });

  it('copies a multi-arch index with all its children', async () => {
    await importFrom(`https://${source.loginServer}`, 'multi:1.0', 'viauri-multi:1.0', admin());
    expect(digestOf('viauri-multi', '1.0')).toBe(multi.root.digest);
    for (const manifest of multi.manifests)
      expect(target.store.getManifest('viauri-multi', manifest.digest)).toBeDefined();
    for (const blob of multi.blobs) expect(target.store.hasBlob('viauri-multi', blob.digest)).toBe(true);
  });

  it('is refused without credentials unless anonymous pull is enabled', async () => {
    await expect(importFrom(source.loginServer, 'app:v1', 'anon:v1')).rejects.toMatchObject({
      code: 'InvalidParameters',
      message: expect.stringContaining('refused access'),
    });
    expect(target.store.getRepository('anon')).toBeUndefined();
    await updateSource({ anonymousPullEnabled: true });
    await importFrom(source.loginServer, 'app:v1', 'anon:v1');
    expect(digestOf('anon', 'v1')).toBe(v1.root.digest);
    await updateSource({ anonymousPullEnabled: false });
  });

  it('is refused when the source disables public network access (ACR firewall message)', async () => {
    await updateSource({ publicNetworkAccess: 'Disabled' });
    await expect(importFrom(source.loginServer, 'app:v1', 'private:v1', admin())).rejects.toMatchObject({
      code: 'InvalidParameters',
      message: expect.stringContaining('is not allowed access'),
    });
    expect(target.store.getRepository('private')).toBeUndefined();
    await updateSource({ publicNetworkAccess: 'Enabled' });
  });

  it('is refused when the source disables exports, and for a missing image', async () => {
    await updateSource({ policies: { exportPolicy: { status: 'disabled' } } });
    await expect(importFrom(source.loginServer, 'app:v1', 'exported:v1', admin())).rejects.toMatchObject({
      message: expect.stringContaining('Exports are disabled'),
    });
    await updateSource({ policies: { exportPolicy: { status: 'enabled' } } });
    await expect(importFrom(source.loginServer, 'app:missing', 'missing:v1', admin())).rejects.toMatchObject({
      code: 'InvalidParameters',
      message: expect.stringContaining('not found'),
    });
    expect(target.store.getRepository('exported')).toBeUndefined();
  });
});

const gate = requireTool('docker-registry', 'openssl');

gate.describe('importImage from a real docker-registry', () => {
  let secure: Distribution;
  let plain: Distribution;

  beforeAll(async () => {
    secure = await startDistribution({ tls: true, htpasswd: true });
    plain = await startDistribution({});
    trustCaInProcess(secure.caPem ?? '');
    const credentials = { username: DISTRIBUTION_USER, password: DISTRIBUTION_PASSWORD };
    await pushToDistribution({ url: secure.url, ca: secure.caPem ?? '', credentials }, 'library/app', distImage, [
      'v1',
    ]);
    await pushToDistribution({ url: secure.url, ca: secure.caPem ?? '', credentials }, 'library/multi', distMulti, [
      '1.0',
    ]);
    await pushToDistribution({ url: plain.url }, 'plain/app', generateImage('remote-plain-only'), ['v1']);
  }, 60_000);
  afterAll(async () => {
    await secure?.stop();
    await plain?.stop();
  });

  it('pulls over https with htpasswd credentials, including a multi-arch index', async () => {
    const credentials = { username: DISTRIBUTION_USER, password: DISTRIBUTION_PASSWORD };
    // Its config and app layer are nowhere in the emulator yet (the base layer is shared by design).
    expect(distImage.blobs.filter((blob) => !target.store.blobs.has(blob.digest)).length).toBeGreaterThanOrEqual(2);
    await importFrom(secure.host, 'library/app:v1', 'dist/app:v1', credentials);
    expect(digestOf('dist/app', 'v1')).toBe(distImage.root.digest);
    expect(distImage.blobs.every((blob) => target.store.hasBlob('dist/app', blob.digest))).toBe(true);
    await importFrom(secure.host, `library/multi@${distMulti.root.digest}`, 'dist/multi:1.0', credentials);
    for (const manifest of distMulti.manifests)
      expect(target.store.getManifest('dist/multi', manifest.digest)).toBeDefined();
    for (const blob of distMulti.blobs) expect(target.store.hasBlob('dist/multi', blob.digest)).toBe(true);
    await expect(
      importFrom(secure.host, 'library/app:v1', 'dist/denied:v1', { username: DISTRIBUTION_USER, password: 'wrong' }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('refused access'),
    });
  });

  it('falls back to plain http for a registry that does not speak TLS', async () => {
    const plainImage = generateImage('remote-plain-only');
    await importFrom(plain.host, 'plain/app:v1', 'plain/app:v1');
    expect(digestOf('plain/app', 'v1')).toBe(plainImage.root.digest);
    expect(plainImage.blobs.every((blob) => target.store.hasBlob('plain/app', blob.digest))).toBe(true);
  });
});
