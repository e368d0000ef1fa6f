/**
 * Digest verification while bytes flow. The check runs in flush(): a mismatch surfaces as a stream
 * error after the last chunk and before 'end', so `pipeline()` rejects and a consumer never sees a
 * successful end for bad data. Consumers that persist data write to a temporary place and commit only
 * after the pipeline resolved (see blobs.ts downloadBlobToFile).
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { RelocationError } from '../errors.js';
import { assertDigest, sha256Digest } from './names.js';

export function digestMismatch(what: string, expected: string, actual: string): RelocationError {
  return new RelocationError(
    'REMOTE_ERROR',
    `${what}: content digest ${actual} does not match the expected ${expected}; the data was discarded.`,
    'The registry served corrupted or different content. Retry; if it persists, the source copy is damaged and must be repaired (or re-pushed) before it can be moved.',
  );
}

/** Throw unless bytes hash to `expected` (a sha256 digest). */
export function verifyBytes(what: string, bytes: Uint8Array, expected: string): void {
  const actual = sha256Digest(bytes);
  if (actual !== expected) throw digestMismatch(what, expected, actual);
}

/** Counts and hashes everything passing through; fails at the end on a digest or size mismatch. */
export class DigestVerifier extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private received = 0;

  constructor(
    private readonly what: string,
    private readonly expectedDigest: string,
    private readonly expectedSize?: number,
  ) {
    super();
    assertDigest(expectedDigest);
  }

  /** Bytes seen so far (useful for a Range resume or progress). */
  get bytesSeen(): number {
    return this.received;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.expectedSize !== undefined && this.received > this.expectedSize) {
      callback(this.sizeError());
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expectedSize !== undefined && this.received !== this.expectedSize) {
      callback(this.sizeError());
      return;
    }
    const actual = `sha256:${this.hash.digest('hex')}`;
    callback(actual === this.expectedDigest ? null : digestMismatch(this.what, this.expectedDigest, actual));
  }

  private sizeError(): RelocationError {
    return new RelocationError(
      'REMOTE_ERROR',
      `${this.what}: received ${this.received} bytes, expected ${this.expectedSize}; the data was discarded.`,
      'The transfer was cut short or the registry served different content. Retry the operation.',
    );
  }
}

/** Incremental sha256 for data we send (uploads check what they sent against the digest they commit). */
export class RunningDigest {
  private readonly hash: Hash = createHash('sha256');
  size = 0;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.length;
  }

  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}
