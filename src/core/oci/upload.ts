/**
 * Blob uploads: skip when the blob is already there, cross-repository mount when possible, one PUT for
 * blobs that fit in one chunk, PATCH chunks (Content-Range) for the rest. Each chunk is a bounded
 * Buffer, so memory is at most one chunk whatever the blob size, and every request can be retried.
 * What was sent is hashed and compared with the digest BEFORE the committing PUT: a corrupt source
 * cancels the session and nothing is stored.
 */
import { RelocationError } from '../errors.js';
import { headBlob } from './blobs.js';
import type { RegistryClient } from './client.js';
import { digestMismatch, RunningDigest } from './digest.js';
import { assertDigest, assertRepositoryName, isDigest, registryPath, repositoryScope } from './names.js';
import { header, type HttpResponse } from './transport.js';

export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

export type UploadOutcome = 'exists' | 'mounted' | 'uploaded';

/** Bytes to upload: a Buffer, or a factory opened only when an upload is really needed. */
export type BlobSource = Buffer | (() => Promise<AsyncIterable<Uint8Array>>);

export interface UploadOptions {
  /** PATCH chunk size; blobs up to this size go in one PUT. Default 8 MiB. */
  chunkSize?: number;
  /** Another repository on the same registry that holds the blob: try a cross-repository mount. */
  mountFrom?: string;
  /** HEAD first and skip when present (default true). */
  skipExisting?: boolean;
}

interface Session {
  client: RegistryClient;
  repository: string;
  digest: string;
  what: string;
  scopes: string[];
  location: URL;
}

export async function uploadBlob(
  client: RegistryClient,
  repository: string,
  blob: { digest: string; size?: number },
  source: BlobSource,
  options: UploadOptions = {},
): Promise<UploadOutcome> {
  assertRepositoryName(repository);
  const digest = assertDigest(blob.digest);
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1)
    throw new RelocationError('INTERNAL', 'chunkSize must be positive');
  if ((options.skipExisting ?? true) && (await headBlob(client, repository, digest)) !== undefined) return 'exists';
  const mountFrom =
    options.mountFrom && options.mountFrom !== repository ? assertRepositoryName(options.mountFrom) : undefined;
  const scopes = [repositoryScope(repository, ['pull', 'push'])];
  if (mountFrom) scopes.push(repositoryScope(mountFrom, ['pull']));
  const what = `upload blob ${repository}@${digest}`;
  const started = await client.request({
    method: 'POST',
    target: registryPath('v2', ...repository.split('/'), 'blobs', 'uploads', ''),
    query: mountFrom ? { mount: digest, from: mountFrom } : undefined,
    scopes,
    what: mountFrom ? `mount blob ${digest} from ${mountFrom} into ${repository}` : what,
    expect: [201, 202],
  });
  started.discard();
  if (started.status === 201) {
    checkCommitted(started, digest, what, client.host);
    return 'mounted';
  }
  const session: Session = { client, repository, digest, what, scopes, location: nextLocation(client, started, what) };
  try {
    if (Buffer.isBuffer(source) && source.length <= chunkSize) {
      await verifyThenCommit(session, source, blob.size, digestOf(source));
    } else {
      const stream = Buffer.isBuffer(source) ? [source] : await source();
      await sendChunks(session, stream, chunkSize, blob.size);
    }
  } catch (error) {
    await cancel(session);
    throw error;
  }
  return 'uploaded';
}

function digestOf(bytes: Buffer): RunningDigest {
  const running = new RunningDigest();
  running.update(bytes);
  return running;
}

/**
 * Stream the source into one reused chunk buffer: allocating (or concatenating) a fresh buffer per
 * chunk left several chunk-sized garbage buffers alive between collections, which is what the peak
 * memory of a large layer copy was made of. The chunk is refilled only after its PATCH was answered.
 */
async function sendChunks(
  session: Session,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  chunkSize: number,
  size?: number,
) {
  const running = new RunningDigest();
  // A blob known to be smaller than a chunk gets a buffer of its own size (a wrong size still fits:
  // the buffer is flushed when full and the size check fails before the commit).
  const capacity = size !== undefined && size >= 0 && size < chunkSize ? Math.max(size, 1) : chunkSize;
  const chunk = Buffer.allocUnsafe(capacity);
  let filled = 0;
  let offset = 0;
  for await (const piece of source) {
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    running.update(bytes);
    let read = 0;
    while (read < bytes.length) {
      // Flushed only when more bytes arrive, so a blob that fits in one chunk goes in one PUT.
      if (filled === capacity) {
        await patch(session, chunk, offset);
        offset += capacity;
        filled = 0;
      }
      const copied = bytes.copy(chunk, filled, read);
      read += copied;
      filled += copied;
    }
  }
  if (offset === 0) {
    await verifyThenCommit(session, chunk.subarray(0, filled), size, running);
    return;
  }
  if (filled > 0) await patch(session, chunk.subarray(0, filled), offset);
  await verifyThenCommit(session, undefined, size, running);
}

async function patch(session: Session, bytes: Buffer, offset: number): Promise<void> {
  const response = await session.client.request({
    method: 'PATCH',
    target: session.location,
    headers: {
      'content-type': 'application/octet-stream',
      'content-range': `${offset}-${offset + bytes.length - 1}`,
    },
    body: bytes,
    scopes: session.scopes,
    what: `${session.what} (chunk at ${offset})`,
    expect: [202],
  });
  response.discard();
  session.location = nextLocation(session.client, response, session.what);
}

/** Compare what was read with the digest and size, then PUT ?digest= (with the last bytes, if any). */
async function verifyThenCommit(
  session: Session,
  body: Buffer | undefined,
  size: number | undefined,
  sent: RunningDigest,
) {
  const actual = sent.digest();
  if (actual !== session.digest) throw digestMismatch(session.what, session.digest, actual);
  if (size !== undefined && size >= 0 && sent.size !== size) {
    throw new RelocationError(
      'REMOTE_ERROR',
      `${session.what}: read ${sent.size} bytes, the descriptor says ${size}.`,
      'The source holds different content under this digest; the copy was cancelled.',
    );
  }
  const response = await session.client.request({
    method: 'PUT',
    target: session.location,
    query: { digest: session.digest },
    headers: { 'content-type': 'application/octet-stream' },
    body,
    scopes: session.scopes,
    what: `${session.what} (commit)`,
    expect: [201],
  });
  response.discard();
  checkCommitted(response, session.digest, session.what, session.client.host);
}

function checkCommitted(response: HttpResponse, digest: string, what: string, host: string): void {
  const stored = header(response.headers, 'docker-content-digest')?.trim();
  if (stored && isDigest(stored) && stored !== digest) {
    throw new RelocationError('REMOTE_ERROR', `${what}: ${host} committed ${stored} instead of ${digest}.`);
  }
}

function nextLocation(client: RegistryClient, response: HttpResponse, what: string): URL {
  const location = header(response.headers, 'location');
  if (!location) throw new RelocationError('REMOTE_ERROR', `${what}: ${client.host} gave no upload location.`);
  return client.sameOriginUrl(location, client.origin, 'an upload location');
}

/** Best effort: an abandoned session would otherwise linger until the registry purges it. */
async function cancel(session: Session): Promise<void> {
  try {
    const response = await session.client.request({
      method: 'DELETE',
      target: session.location,
      scopes: session.scopes,
      what: `${session.what} (cancel)`,
      expect: [200, 202, 204, 404],
    });
    response.discard();
  } catch {
    // The original error matters more than a failed clean-up.
  }
}
