/**
 * Copy one blob from one registry (or repository) to another: skip when the target has it, mount
 * within the same registry, otherwise stream GET -> chunked upload. The download is verified while it
 * flows and the upload re-checks what it sent before committing, so memory stays at one chunk and a
 * corrupted source never becomes a committed target blob.
 */
import { getBlob } from './blobs.js';
import type { RegistryClient } from './client.js';
import { uploadBlob, type UploadOutcome } from './upload.js';

export interface CopyBlobOptions {
  /** PATCH chunk size for the upload (memory per copy is about one chunk). */
  chunkSize?: number;
  /**
   * A repository on the target registry that may already hold the blob (for example the image's
   * other repository). Within one registry the source repository is always tried first.
   */
  mountFrom?: string;
}

export async function copyBlob(
  source: RegistryClient,
  sourceRepository: string,
  target: RegistryClient,
  targetRepository: string,
  blob: { digest: string; size?: number },
  options: CopyBlobOptions = {},
): Promise<UploadOutcome> {
  const sameRegistry = source.origin.origin === target.origin.origin;
  const mountFrom = sameRegistry && sourceRepository !== targetRepository ? sourceRepository : options.mountFrom;
  const open = async () => (await getBlob(source, sourceRepository, blob)).stream;
  return uploadBlob(target, targetRepository, blob, open, { chunkSize: options.chunkSize, mountFrom });
}
