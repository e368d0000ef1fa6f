/**
 * Blob reads: existence checks and downloads whose sha256 (and size) is verified while streaming.
 * Memory stays bounded whatever the blob size: bytes flow through with backpressure, never buffered.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { RelocationError } from '../errors.js';
import type { RegistryClient } from './client.js';
import { DigestVerifier } from './digest.js';
import { assertDigest, assertRepositoryName, registryPath, repositoryScope } from './names.js';
import { header } from './transport.js';

export interface BlobRef {
  digest: string;
  /** Expected size in bytes when known (from a descriptor); checked against what arrives. */
  size?: number;
}

export interface BlobDownload {
  /** The verified content: errors (before 'end') when digest or size do not match. */
  stream: DigestVerifier;
  /** Size announced by the registry (Content-Length), when given. */
  size?: number;
}

export function blobPath(repository: string, digest: string): string {
  return registryPath('v2', ...assertRepositoryName(repository).split('/'), 'blobs', assertDigest(digest));
}

/** HEAD a blob: its size when it exists in the repository, undefined when not. */
export async function headBlob(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<number | undefined> {
  const response = await client.request({
    method: 'HEAD',
    target: blobPath(repository, digest),
    scopes: [repositoryScope(repository, ['pull'])],
    what: `HEAD blob ${repository}@${digest}`,
    expect: [200, 404],
    followRedirects: true,
  });
  response.discard();
  if (response.status === 404) return undefined;
  const size = Number(header(response.headers, 'content-length'));
  return Number.isSafeInteger(size) ? size : -1;
}

/**
 * GET a blob as a verified stream. Consume it with pipeline() and treat the data as complete only
 * when that pipeline resolves (or use downloadBlobToFile / copyBlob, which do exactly that).
 */
export async function getBlob(client: RegistryClient, repository: string, blob: BlobRef): Promise<BlobDownload> {
  const what = `GET blob ${repository}@${blob.digest}`;
  const verifier = new DigestVerifier(
    what,
    blob.digest,
    blob.size !== undefined && blob.size >= 0 ? blob.size : undefined,
  );
  const response = await client.request({
    method: 'GET',
    target: blobPath(repository, blob.digest),
    scopes: [repositoryScope(repository, ['pull'])],
    what,
    expect: [200],
    followRedirects: true,
  });
  const declared = Number(header(response.headers, 'content-length'));
  const size = Number.isSafeInteger(declared) ? declared : undefined;
  if (size !== undefined && blob.size !== undefined && blob.size >= 0 && size !== blob.size) {
    response.stream.destroy();
    throw new RelocationError(
      'REMOTE_ERROR',
      `${what} on ${client.host}: the registry announces ${size} bytes, the manifest says ${blob.size}.`,
      'The registry holds different content under this digest; the source copy is damaged.',
    );
  }
  // A failure of the response (reset, stall) reaches the caller through the verifier it reads, as a
  // RelocationError; a caller that gives up (destroys the verifier) releases the connection.
  const source = response.stream;
  source.on('error', (error) => verifier.destroy(client.streamFailure(error, what)));
  verifier.on('close', () => {
    if (!source.readableEnded) source.destroy();
  });
  source.pipe(verifier);
  return { stream: verifier, size };
}

/**
 * Download a blob to `path`: written to a temporary sibling and renamed only once the digest matched,
 * so `path` never holds unverified or partial data.
 */
export async function downloadBlobToFile(
  client: RegistryClient,
  repository: string,
  blob: BlobRef,
  path: string,
): Promise<void> {
  const temporary = `${path}.partial-${randomBytes(6).toString('hex')}`;
  try {
    const { stream } = await getBlob(client, repository, blob);
    await pipelineAsync(stream, createWriteStream(temporary, { flags: 'wx' }));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** DELETE a blob (registries that allow it); false when it was already gone. */
export async function deleteBlob(client: RegistryClient, repository: string, digest: string): Promise<boolean> {
  const response = await client.request({
    method: 'DELETE',
    target: blobPath(repository, digest),
    scopes: [repositoryScope(repository, ['delete'])],
    what: `DELETE blob ${repository}@${digest}`,
    expect: [200, 202, 404],
  });
  response.discard();
  return response.status !== 404;
}
