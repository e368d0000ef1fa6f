/**
 * skopeo (Debian 1.9.3, containers/image) against the emulator's data plane: the token flow with
 * admin credentials, copying a multi-arch OCI index in from an OCI layout and back out, tag listing,
 * and digests byte-identical after the round trip. Skipped with a notice when skopeo is missing;
 * with CI=true a missing skopeo fails.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireTool } from '../../helpers/tools.js';
import { ADMIN, startRegistry, type TestRegistry } from './harness.js';
import { generateMultiArch, sha256, type GeneratedArtifact } from '../../../emulator/src/seed/images.js';

const run = promisify(execFile);
const gate = requireTool('skopeo');

/** Writes `artifact` as an OCI image layout whose index.json names it `tag`. */
function writeOciLayout(dir: string, artifact: GeneratedArtifact, tag: string): void {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const write = (digest: string, data: Buffer) => writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), data);
  for (const blob of artifact.blobs) write(blob.digest, blob.data);
  for (const manifest of artifact.manifests) write(manifest.digest, manifest.bytes);
  const root = artifact.root;
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: root.mediaType,
          digest: root.digest,
          size: root.size,
          annotations: { 'org.opencontainers.image.ref.name': tag },
        },
      ],
    }),
  );
}

gate.describe('skopeo against the emulator', () => {
  let registry: TestRegistry;
  let work: string;
  let certDir: string;
  const index = generateMultiArch('skopeo-index');

  const skopeo = async (...args: string[]): Promise<string> => {
    const { stdout } = await run('skopeo', ['--insecure-policy', ...args], { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  };
  const creds = `${ADMIN.username}:${ADMIN.password}`;

  beforeAll(async () => {
    registry = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'acr-skopeo-'));
    certDir = join(work, 'certs');
    mkdirSync(certDir);
    writeFileSync(join(certDir, 'ca.crt'), registry.tls.caCertPem);
    writeOciLayout(join(work, 'in'), index, 'v1');
  });

  afterAll(async () => {
    await registry?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  it('copies an OCI index in with --all, keeping every digest', async () => {
    await skopeo(
      'copy',
      '--all',
      '--dest-cert-dir',
      certDir,
      '--dest-creds',
      creds,
      `oci:${join(work, 'in')}:v1`,
      `docker://${registry.loginServer}/skopeo/app:v1`,
    );
    expect(registry.store.getTag('skopeo/app', 'v1')?.digest).toBe(index.root.digest);
    for (const manifest of index.manifests)
      expect(registry.store.getManifest('skopeo/app', manifest.digest)).toBeDefined();
    const raw = await skopeo(
      'inspect',
      '--raw',
      '--cert-dir',
      certDir,
      '--creds',
      creds,
      `docker://${registry.loginServer}/skopeo/app:v1`,
    );
    expect(sha256(Buffer.from(raw))).toBe(index.root.digest);
    expect(
      registry.log.some((entry) => entry.kind === 'acr:token' && entry.principal === `admin:${ADMIN.username}`),
    ).toBe(true);
  }, 60_000);

  it('copies it between repositories and out to an OCI layout, byte-identical', async () => {
    await skopeo(
      'copy',
      '--all',
      '--src-cert-dir',
      certDir,
      '--src-creds',
      creds,
      '--dest-cert-dir',
      certDir,
      '--dest-creds',
      creds,
      `docker://${registry.loginServer}/skopeo/app:v1`,
      `docker://${registry.loginServer}/skopeo/copy:v1`,
    );
    expect(registry.store.getTag('skopeo/copy', 'v1')?.digest).toBe(index.root.digest);
    const out = join(work, 'out');
    await skopeo(
      'copy',
      '--all',
      '--src-cert-dir',
      certDir,
      '--src-creds',
      creds,
      `docker://${registry.loginServer}/skopeo/copy:v1`,
      `oci:${out}:v1`,
    );
    const layout = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
      manifests: Array<{ digest: string }>;
    };
    expect(layout.manifests[0]?.digest).toBe(index.root.digest);
    for (const blob of index.blobs) {
      expect(sha256(readFileSync(join(out, 'blobs', 'sha256', blob.digest.slice(7))))).toBe(blob.digest);
    }
  }, 60_000);

  it('lists tags', async () => {
    registry.store.setTag('skopeo/app', 'v2', index.root.digest);
    const listed = JSON.parse(
      await skopeo('list-tags', '--cert-dir', certDir, '--creds', creds, `docker://${registry.loginServer}/skopeo/app`),
    ) as {
      Repository: string;
      Tags: string[];
    };
    expect(listed.Tags).toEqual(['v1', 'v2']);
  }, 30_000);

  it('fails with wrong credentials', async () => {
    await expect(
      skopeo(
        'inspect',
        '--raw',
        '--cert-dir',
        certDir,
        '--creds',
        `${ADMIN.username}:wrong`,
        `docker://${registry.loginServer}/skopeo/app:v1`,
      ),
    ).rejects.toThrow();
  }, 30_000);
});
