/**
 * Test content: random blobs, small images pushed with our own client, and skopeo as the independent
 * referee (`skopeo inspect --raw`, `skopeo copy`) that checks what our client wrote.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RegistryClient } from '../../../../src/core/oci/client.js';
import { MediaTypes, type Descriptor } from '../../../../src/core/oci/manifest.js';
import { putManifest } from '../../../../src/core/oci/manifests.js';
import { sha256Digest } from '../../../../src/core/oci/names.js';
import { uploadBlob } from '../../../../src/core/oci/upload.js';
import type { Distribution } from '../../../helpers/distribution.js';

const run = promisify(execFile);

export interface Blob {
  bytes: Buffer;
  descriptor: Descriptor;
}

export function blob(size: number, mediaType = 'application/vnd.oci.image.layer.v1.tar'): Blob {
  const bytes = randomBytes(size);
  return { bytes, descriptor: { mediaType, digest: sha256Digest(bytes), size } };
}

export interface PushedImage {
  digest: string;
  bytes: Buffer;
  mediaType: string;
  config: Blob;
  layers: Blob[];
}

/** An OCI image manifest over random layers; optionally an artifact with a subject. */
export function imageManifest(config: Blob, layers: Blob[], extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      config: config.descriptor,
      layers: layers.map((l) => l.descriptor),
      ...extra,
    }),
  );
}

export async function pushImage(
  client: RegistryClient,
  repository: string,
  tag: string,
  layerSizes: number[] = [1024],
  extra: Record<string, unknown> = {},
): Promise<PushedImage> {
  const config = blob(64, (extra.configMediaType as string) ?? 'application/vnd.oci.image.config.v1+json');
  delete extra.configMediaType;
  const layers = layerSizes.map((size) => blob(size));
  for (const b of [config, ...layers]) await uploadBlob(client, repository, b.descriptor, b.bytes);
  const bytes = imageManifest(config, layers, extra);
  const { digest } = await putManifest(client, repository, tag, bytes, MediaTypes.ociManifest);
  return { digest, bytes, mediaType: MediaTypes.ociManifest, config, layers };
}

export interface SkopeoAuth {
  username: string;
  password: string;
}

function transportArgs(registry: Distribution, auth?: SkopeoAuth, prefix = ''): string[] {
  const args = registry.certDir ? [`--${prefix}cert-dir`, registry.certDir] : [`--${prefix}tls-verify=false`];
  if (auth) args.push(`--${prefix}creds`, `${auth.username}:${auth.password}`);
  return args;
}

/** Raw manifest bytes as skopeo reads them (an independent client). */
export async function skopeoInspectRaw(registry: Distribution, reference: string, auth?: SkopeoAuth): Promise<Buffer> {
  const { stdout } = await run(
    'skopeo',
    ['inspect', '--raw', ...transportArgs(registry, auth), `docker://${registry.host}/${reference}`],
    {
      encoding: 'buffer',
      maxBuffer: 8 * 1024 * 1024,
    },
  );
  return stdout;
}

/** skopeo copy between two registries, preserving digests; returns nothing, throws on failure. */
export async function skopeoCopy(from: Distribution, fromRef: string, to: Distribution, toRef: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'skopeo-policy-'));
  const policy = join(dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  await run('skopeo', [
    '--policy',
    policy,
    'copy',
    '--all',
    '--preserve-digests',
    ...transportArgs(from, undefined, 'src-'),
    ...transportArgs(to, undefined, 'dest-'),
    `docker://${from.host}/${fromRef}`,
    `docker://${to.host}/${toRef}`,
  ]);
}
