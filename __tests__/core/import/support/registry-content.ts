/**
 * Content on plain OCI registries (CNCF distribution) for client-mode tests: push generated artifacts
 * with our own client, build the plan's Artifacts by reading a registry through the distribution API
 * (prepare's inventory speaks ACR's /acr/v1), and skopeo as the independent referee.
 */
import { walkRepository } from '../../../helpers/walk-registry.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GeneratedArtifact } from '../../../../emulator/src/seed/images.js';
import type { RegistryClient } from '../../../../src/core/oci/client.js';
import { listRepositories } from '../../../../src/core/oci/listing.js';
import { putManifest } from '../../../../src/core/oci/manifests.js';
import { sha256Digest } from '../../../../src/core/oci/names.js';
import { uploadBlob } from '../../../../src/core/oci/upload.js';
import type { Artifacts } from '../../../../src/core/plan/model.js';

const run = promisify(execFile);

export async function pushArtifact(
  client: RegistryClient,
  repository: string,
  artifact: GeneratedArtifact,
  tags: readonly string[] = [],
): Promise<void> {
  for (const blob of artifact.blobs)
    await uploadBlob(client, repository, { digest: blob.digest, size: blob.size }, blob.data);
  for (const manifest of artifact.manifests)
    await putManifest(client, repository, manifest.digest, manifest.bytes, manifest.mediaType);
  for (const tag of tags) await putManifest(client, repository, tag, artifact.root.bytes, artifact.root.mediaType);
}

/** Every tag, every manifest below it (children), as the plan records them. */
export async function registryArtifacts(client: RegistryClient): Promise<Artifacts> {
  const repositories = [];
  for (const name of (await listRepositories(client)).sort()) {
    const manifests = await walkRepository(client, name);
    repositories.push({ name, reportedTagCount: 0, reportedManifestCount: manifests.length, manifests });
  }
  return {
    repositories,
    excludedRepositories: [],
    totals: { repositories: repositories.length, manifests: 0, tags: 0, referrers: 0, bytes: 0 },
  };
}

export interface SkopeoTarget {
  host: string;
  /** Directory with the CA as *.crt; without it TLS verification is off (plain http registries). */
  certDir?: string;
  creds?: string;
}

/** The manifest bytes as skopeo reads them, and their digest. */
export async function skopeoDigest(target: SkopeoTarget, reference: string): Promise<string> {
  const args = ['inspect', '--raw', ...(target.certDir ? ['--cert-dir', target.certDir] : ['--tls-verify=false'])];
  if (target.creds) args.push('--creds', target.creds);
  const { stdout } = await run('skopeo', [...args, `docker://${target.host}/${reference}`], {
    encoding: 'buffer',
    maxBuffer: 8 * 1024 * 1024,
  });
  return sha256Digest(stdout);
}
