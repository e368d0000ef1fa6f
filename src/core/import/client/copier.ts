/**
 * Client mode: this runner copies each item with the OCI client, an explicit opt-in (copy-mode:
 * client) for sources outside Azure and images beyond importImage's limits — never a silent way
 * around an export policy or a network rule.
 *
 * For one item: the manifest is read from the source by digest (its bytes verified against it),
 * its children are copied first (recursively; a child the target already has is skipped with its
 * subtree, since a registry holds no manifest without its content), then its config and layers —
 * streamed through copyBlob: skipped when the target has them, cross-repository mounted when an
 * earlier copy put them in another target repository (a copy of the same blob still in flight is
 * waited for, so a shared layer is read from the source once), otherwise uploaded in chunks with the digest
 * checked before the committing PUT, so corrupt bytes are never written — and finally the exact
 * source bytes are PUT under the digest with the source's media type (byte-identical: same digest,
 * signatures stay valid), then under each tag. Referrers are separate items that run after their
 * subject; on a target without the referrers API (no OCI-Subject answer) they are also recorded in
 * the OCI tag schema, unless the plan carries that tag-schema index itself.
 *
 * Memory is bounded by design: at most `blobConcurrency` blob copies run at once in the whole
 * engine, each holding about two upload chunks (chunkSize) plus stream buffers; manifests are at
 * most 4 MiB each. Defaults: 4 × 8 MiB chunks → under 100 MB whatever the image sizes.
 */
import { RelocationError } from '../../errors.js';
import type { RegistryClient } from '../../oci/client.js';
import { copyBlob } from '../../oci/copy.js';
import { blobsOf, parseManifest, type Descriptor } from '../../oci/manifest.js';
import { getManifest, headManifest, putManifest } from '../../oci/manifests.js';
import { addReferrerToTagSchema } from '../../oci/referrers.js';
import { DEFAULT_CHUNK_SIZE } from '../../oci/upload.js';
import type { ClassifiedFailure, Importer, ImportHooks, ImportRequest } from '../importer.js';
import { Semaphore } from '../throttle/semaphore.js';

export interface ClientCopierOptions {
  source: RegistryClient;
  target: RegistryClient;
  /** Upload chunk size (default 8 MiB). */
  chunkSize?: number;
  /** Blob copies in flight across all items (default 4). */
  blobConcurrency?: number;
  /** Blobs remembered for cross-repository mounts (default 100,000 digests). */
  mountMemory?: number;
}

interface Copied {
  bytes: Buffer;
  mediaType: string;
  descriptor: Descriptor;
  ociSubject?: string;
}

export class ClientCopier implements Importer {
  readonly mode = 'client' as const;
  readonly shaped = false;
  private readonly blobs: Semaphore;
  /** Blob digest -> a target repository known to hold it (insertion-ordered: oldest evicted first). */
  private readonly holders = new Map<string, string>();
  /** Blob digest -> its copy in flight (settles, never rejects, when that copy ends). */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly options: ClientCopierOptions) {
    this.blobs = new Semaphore(options.blobConcurrency ?? 4);
  }

  async run(request: ImportRequest, signal: AbortSignal, hooks: ImportHooks): Promise<void> {
    const { item, tags } = request;
    const root = await this.copyTree(item.repository, item.digest, signal);
    hooks.onAccepted();
    for (const tag of tags) {
      checkAborted(signal);
      await putManifest(this.options.target, item.repository, tag, root.bytes, root.mediaType);
    }
    if (item.subject && item.maintainTagSchema && !root.ociSubject) {
      await addReferrerToTagSchema(this.options.target, item.repository, item.subject, root.descriptor);
    }
  }

  classify(error: unknown): ClassifiedFailure {
    if (error instanceof RelocationError) {
      // REMOTE_ERROR: 5xx after the client's own retries, broken transfers, digest mismatches.
      const kind = error.code === 'REMOTE_ERROR' ? 'transient' : 'permanent';
      return { kind, message: error.message, hint: error.hint };
    }
    return { kind: 'permanent', message: error instanceof Error ? error.message : String(error) };
  }

  close(): void {
    this.options.source.close();
    this.options.target.close();
  }

  /** A child the target already has is skipped with everything below it. */
  private async copyChild(repository: string, digest: string, signal: AbortSignal): Promise<void> {
    checkAborted(signal);
    if (await headManifest(this.options.target, repository, digest)) return;
    await this.copyTree(repository, digest, signal);
  }

  private async copyTree(repository: string, digest: string, signal: AbortSignal): Promise<Copied> {
    checkAborted(signal);
    const { source, target } = this.options;
    const manifest = await getManifest(source, repository, digest);
    const parsed = parseManifest(manifest.bytes, manifest.mediaType);
    for (const child of parsed.children) await this.copyChild(repository, child.digest, signal);
    for (const blob of blobsOf(parsed)) {
      if (blob.urls?.length) continue; // foreign layers live elsewhere by design
      checkAborted(signal);
      await this.copyBlob(repository, blob);
    }
    checkAborted(signal);
    const put = await putManifest(target, repository, digest, manifest.bytes, manifest.mediaType);
    const descriptor: Descriptor = { mediaType: manifest.mediaType, digest, size: manifest.size };
    if (parsed.artifactType) descriptor.artifactType = parsed.artifactType;
    if (parsed.annotations) descriptor.annotations = parsed.annotations;
    return { bytes: manifest.bytes, mediaType: manifest.mediaType, descriptor, ociSubject: put.ociSubject };
  }

  /**
   * Items that need the same layer at the same moment share one copy of it: a later one waits for
   * the copy in flight, then mounts (or finds) what it left in the target, so a shared blob is read
   * from the source once. A failed copy is its own item's failure; the waiter then copies it itself.
   */
  private async copyBlob(repository: string, blob: Descriptor): Promise<void> {
    for (let running = this.inFlight.get(blob.digest); running; running = this.inFlight.get(blob.digest)) {
      await running;
    }
    const copy = this.blobs.use(() => this.copyBlobNow(repository, blob));
    const settled = copy.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.set(blob.digest, settled);
    try {
      await copy;
    } finally {
      if (this.inFlight.get(blob.digest) === settled) this.inFlight.delete(blob.digest);
    }
  }

  private async copyBlobNow(repository: string, blob: Descriptor): Promise<void> {
    const { source, target, chunkSize } = this.options;
    // Looked up once a slot is free: a copy that finished meanwhile can be mounted instead of read.
    const holder = this.holders.get(blob.digest);
    const mountFrom = holder !== undefined && holder !== repository ? holder : undefined;
    await copyBlob(
      source,
      repository,
      target,
      repository,
      { digest: blob.digest, size: blob.size >= 0 ? blob.size : undefined },
      { chunkSize: chunkSize ?? DEFAULT_CHUNK_SIZE, ...(mountFrom ? { mountFrom } : {}) },
    );
    this.remember(blob.digest, repository);
  }

  private remember(digest: string, repository: string): void {
    this.holders.delete(digest);
    this.holders.set(digest, repository);
    const limit = this.options.mountMemory ?? 100_000;
    while (this.holders.size > limit) this.holders.delete(this.holders.keys().next().value as string);
  }
}

function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason ?? new Error('aborted');
}
