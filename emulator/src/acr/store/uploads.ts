/**
 * Blob upload sessions (POST/PATCH/PUT of the distribution API). Each session appends to its own
 * temp file in the blob pool and hashes as it goes, so a blob of any size is streamed to disk and
 * verified without being held in memory; completion renames the file into the pool.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobPool } from './blob-pool.js';

export interface UploadSession {
  readonly id: string;
  readonly repository: string;
  readonly tempPath: string;
  readonly startedAt: string;
  /** Bytes received so far. */
  offset: number;
  hash: Hash;
  /** A chunk is being written; a second concurrent write would corrupt the order. */
  busy: boolean;
}

export type CompleteResult = { ok: true; digest: string; size: number } | { ok: false; actual: string };

export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();

  constructor(private readonly pool: BlobPool) {}

  start(repository: string, now: Date): UploadSession {
    const session: UploadSession = {
      id: randomUUID(),
      repository,
      tempPath: this.pool.newTempPath(),
      startedAt: now.toISOString(),
      offset: 0,
      hash: createHash('sha256'),
      busy: false,
    };
    writeFileSync(session.tempPath, '');
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): UploadSession | undefined {
    return this.sessions.get(id);
  }

  /** Appends a request body to the session's file (the caller checked the offset). */
  async append(session: UploadSession, body: Readable): Promise<void> {
    session.busy = true;
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        session.hash.update(chunk);
        session.offset += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      await pipeline(body, hashing, createWriteStream(session.tempPath, { flags: 'a' }));
    } catch (error) {
      // A broken chunk leaves hash, offset and file possibly out of step: the session is unusable.
      this.cancel(session.id);
      throw error;
    } finally {
      session.busy = false;
    }
  }

  /** Finishes the upload when the content matches `expected`; on a mismatch the session stays open. */
  complete(session: UploadSession, expected: string): CompleteResult {
    const actual = `sha256:${session.hash.copy().digest('hex')}`;
    if (actual !== expected) return { ok: false, actual };
    this.sessions.delete(session.id);
    this.pool.adoptTempFile(session.tempPath, actual);
    return { ok: true, digest: actual, size: session.offset };
  }

  cancel(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    this.sessions.delete(id);
    this.pool.removeTemp(session.tempPath);
    return true;
  }
}
