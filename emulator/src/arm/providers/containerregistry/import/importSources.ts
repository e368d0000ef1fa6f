/**
 * Where importImage copies from. Both kinds resolve the source reference and its whole closure (index
 * children recursively, configs, layers; never referrers) before anything is copied, so every refusal
 * (missing image, too many manifests, tag conflicts) leaves the target untouched:
 * - a registry of this emulator by resource id: store to store (shared blob pool: no bytes move);
 * - any registry by URI: manifests fetched now, blobs fetched while copying, over HTTP(S).
 */
import {
  copyManifest,
  manifestClosure,
  parseManifest,
  type ParsedManifest,
  type RegistryStore,
} from '../../../../acr/index.js';
import { RemoteRegistryError, type RemoteRegistry } from './remoteRegistry.js';

/** A reason the import fails, worded for the operation's error (see importErrors.ts). */
export class ImportFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportFailure';
  }
}

export interface SourceImage {
  /** Digest of the manifest the source reference names. */
  digest: string;
  /** Manifests in its closure (more than the limit means: at least limit + 1). */
  manifestCount: number;
  /** Digests of the manifests in its closure (as far as they were read). */
  manifestDigests: readonly string[];
  /** Copies the closure into `repository` of `target` and points `tags` there; blobs left out with skipBlobs. */
  copyInto(target: RegistryStore, repository: string, tags: readonly string[], skipBlobs: boolean): Promise<void>;
  close(): void;
}

export function invalidSource(message: string): ImportFailure {
  return new ImportFailure(400, 'InvalidParameters', message);
}

/** A repository and reference of this emulator's registry `store`. */
export function localSource(store: RegistryStore, repository: string, reference: string, display: string): SourceImage {
  const record = store.resolveReference(repository, reference);
  if (!record) throw invalidSource(`Source image ${display} not found.`);
  const closure = manifestClosure(store, repository, record.digest);
  if (closure.missing.length > 0) {
    throw invalidSource(
      `Source image ${display} is incomplete in the source registry; missing ${closure.missing.join(', ')}.`,
    );
  }
  return {
    digest: record.digest,
    manifestCount: closure.manifests.length,
    manifestDigests: closure.manifests.map((m) => m.digest),
    copyInto: (target, targetRepository, tags, skipBlobs) => {
      copyManifest({ store, repository }, { store: target, repository: targetRepository }, record.digest, {
        tags,
        skipBlobs,
      });
      return Promise.resolve();
    },
    close: () => undefined,
  };
}

interface FetchedManifest {
  digest: string;
  bytes: Buffer;
  mediaType: string;
  parsed: ParsedManifest;
}

/** A repository and reference of a registry reached over the network. */
export async function remoteSource(
  client: RemoteRegistry,
  repository: string,
  reference: string,
  display: string,
  maxManifests: number,
): Promise<SourceImage> {
  const ordered: FetchedManifest[] = [];
  const seen = new Set<string>();
  let total = 0;
  const visit = async (ref: string): Promise<string> => {
    const { bytes, mediaType, digest } = await fetchManifest(client, repository, ref, display);
    if (seen.has(digest)) return digest;
    seen.add(digest);
    total += 1;
    const parsed = parseOrFail(bytes, mediaType, display);
    // Stop fetching once the limit is exceeded: the import is refused anyway.
    if (total <= maxManifests) for (const child of parsed.manifests) await visit(child.digest);
    ordered.push({ digest, bytes, mediaType: parsed.mediaType, parsed });
    return digest;
  };
  const digest = await visit(reference);
  const blobs = [
    ...new Set(
      ordered.flatMap((m) =>
        [...(m.parsed.config ? [m.parsed.config] : []), ...m.parsed.layers]
          .filter((d) => !d.urls?.length)
          .map((d) => d.digest),
      ),
    ),
  ];
  return {
    digest,
    manifestCount: total,
    manifestDigests: ordered.map((m) => m.digest),
    copyInto: async (target, targetRepository, tags, skipBlobs) => {
      if (!skipBlobs) {
        for (const blob of blobs)
          if (!target.blobs.has(blob)) target.blobs.writeBuffer(await fetchBlob(client, repository, blob, display));
      }
      target.batch(() => {
        if (!skipBlobs) for (const blob of blobs) target.linkBlob(targetRepository, blob);
        for (const manifest of ordered)
          target.putManifest(targetRepository, manifest.bytes, {
            contentType: manifest.mediaType,
            parsed: manifest.parsed,
          });
        for (const tag of tags) target.setTag(targetRepository, tag, digest);
      });
    },
    close: () => client.close(),
  };
}

async function fetchManifest(client: RemoteRegistry, repository: string, reference: string, display: string) {
  try {
    return await client.manifest(repository, reference);
  } catch (err) {
    throw sourceError(err, display);
  }
}

async function fetchBlob(client: RemoteRegistry, repository: string, digest: string, display: string): Promise<Buffer> {
  try {
    return await client.blob(repository, digest);
  } catch (err) {
    throw sourceError(err, `${display} (blob ${digest})`);
  }
}

function parseOrFail(bytes: Buffer, mediaType: string, display: string): ParsedManifest {
  try {
    return parseManifest(bytes, mediaType);
  } catch (err) {
    throw invalidSource(`The source registry returned an invalid manifest for ${display}: ${(err as Error).message}`);
  }
}

/** The source registry's refusal as the import's failure (its own wording kept, as ACR does). */
function sourceError(err: unknown, display: string): ImportFailure {
  if (err instanceof RemoteRegistryError) {
    if (err.status === 404) return invalidSource(`Source image ${display} not found. ${err.code}: ${err.message}`);
    if (err.status === 401 || err.status === 403)
      return invalidSource(
        `The source registry refused access to ${display}: ${err.status} ${err.code}: ${err.message}`,
      );
    return invalidSource(
      `Error copying ${display} from the source registry: ${err.status} ${err.code}: ${err.message}`,
    );
  }
  return invalidSource(`Error copying ${display} from the source registry: ${(err as Error).message}`);
}
