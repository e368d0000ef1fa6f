/**
 * Content-addressed blob files, shared by every registry of one emulator: a blob pushed or imported
 * into any registry is stored once, and "copying" it to another registry is only an index entry
 * (RegistryStore's per-repository blob links). Manifests are stored here too, under their digest.
 *
 * Layout: <dir>/sha256/<first two hex>/<hex>, temp files in <dir>/tmp (same filesystem, so the
 * final rename is atomic: a reader never sees a half-written blob). Files are never removed, so a
 * positive existence check can be cached.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { digestHex, sha256Digest } from './digest.js';

export interface ByteRange {
  start: number;
  /** Inclusive, as in HTTP Range. */
  end: number;
}

export class BlobPool {
  readonly dir: string;
  private readonly tmpDir: string;
  private readonly knownSizes = new Map<string, number>();

  constructor(dir: string) {
    this.dir = resolve(dir);
    this.tmpDir = join(this.dir, 'tmp');
    mkdirSync(join(this.dir, 'sha256'), { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  pathOf(digest: string): string {
    const hex = digestHex(digest);
    return join(this.dir, 'sha256', hex.slice(0, 2), hex);
  }

  has(digest: string): boolean {
    return this.size(digest) !== undefined;
  }

  size(digest: string): number | undefined {
    const cached = this.knownSizes.get(digest);
    if (cached !== undefined) return cached;
    try {
      const size = statSync(this.pathOf(digest)).size;
      this.knownSizes.set(digest, size);
      return size;
    } catch {
      return undefined;
    }
  }

  /** Stores bytes (idempotent) and returns their digest. Meant for small content: manifests, configs. */
  writeBuffer(data: Buffer): string {
    const digest = sha256Digest(data);
    if (this.has(digest)) return digest;
    const temp = this.newTempPath();
    writeFileSync(temp, data);
    this.adoptTempFile(temp, digest);
    return digest;
  }

  /** A fresh path in the pool's temp directory; the caller writes it, then adopts or removes it. */
  newTempPath(): string {
    return join(this.tmpDir, randomUUID());
  }

  /** Moves a fully written temp file into place under `digest` (the caller has verified the digest). */
  adoptTempFile(tempPath: string, digest: string): void {
    const target = this.pathOf(digest);
    if (this.has(digest)) {
      unlinkSync(tempPath);
      return;
    }
    mkdirSync(join(target, '..'), { recursive: true });
    renameSync(tempPath, target);
    this.knownSizes.set(digest, statSync(target).size);
  }

  readBuffer(digest: string): Buffer {
    return readFileSync(this.pathOf(digest));
  }

  createReadStream(digest: string, range?: ByteRange): ReadStream {
    return createReadStream(this.pathOf(digest), range ? { start: range.start, end: range.end } : {});
  }

  /** Makes a blob of another pool available here: nothing when the pools are the same directory. */
  importFrom(source: BlobPool, digest: string): void {
    if (source.dir === this.dir || this.has(digest)) return;
    const temp = this.newTempPath();
    try {
      linkSync(source.pathOf(digest), temp);
    } catch {
      copyFileSync(source.pathOf(digest), temp);
    }
    this.adoptTempFile(temp, digest);
  }

  removeTemp(tempPath: string): void {
    if (existsSync(tempPath)) unlinkSync(tempPath);
  }
}
