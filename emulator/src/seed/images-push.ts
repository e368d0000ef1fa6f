/**
 * Pushing generated artifacts over HTTP with the distribution API (for tests and for seeding a
 * registry through its front door): blobs monolithic, POST-then-PUT or chunked, cross-repository
 * mounts, manifests children first, then tags.
 */
import type { GeneratedArtifact, GeneratedBlob, GeneratedManifest } from './images-build.js';
import type { RegistryClient, RegistryResponse } from './oci-client.js';

export type BlobUploadMode = 'monolithic' | 'post-put' | 'chunked';

export interface PushOptions {
  mode?: BlobUploadMode;
  /** Chunk size for 'chunked' uploads (default 64 KiB). */
  chunkSize?: number;
}

export class PushError extends Error {
  constructor(
    message: string,
    readonly response: RegistryResponse,
  ) {
    super(`${message}: HTTP ${response.status} ${response.body.toString('utf8').slice(0, 500)}`);
    this.name = 'PushError';
  }
}

function expectStatus(response: RegistryResponse, status: number, what: string): RegistryResponse {
  if (response.status !== status) throw new PushError(what, response);
  return response;
}

/** The path+query of an upload Location with `digest` added (Locations may be relative). */
function withDigest(location: string, digest?: string): string {
  const url = new URL(location, 'https://registry.invalid');
  if (digest) url.searchParams.set('digest', digest);
  return `${url.pathname}${url.search}`;
}

function locationOf(response: RegistryResponse): string {
  const location = response.headers.location;
  if (typeof location !== 'string') throw new PushError('upload response without Location', response);
  return location;
}

export async function pushBlob(
  client: RegistryClient,
  repository: string,
  blob: GeneratedBlob,
  options: PushOptions = {},
): Promise<void> {
  const head = await client.send('HEAD', `/v2/${repository}/blobs/${blob.digest}`);
  if (head.status === 200) return;
  const uploads = `/v2/${repository}/blobs/uploads/`;
  const mode = options.mode ?? 'post-put';
  if (mode === 'monolithic') {
    const response = await client.send('POST', `${uploads}?digest=${blob.digest}`, octets(blob.data));
    expectStatus(response, 201, `monolithic upload of ${blob.digest}`);
    return;
  }
  const started = expectStatus(await client.send('POST', uploads), 202, 'upload start');
  let location = locationOf(started);
  if (mode === 'post-put') {
    expectStatus(await client.send('PUT', withDigest(location, blob.digest), octets(blob.data)), 201, 'upload');
    return;
  }
  const chunkSize = options.chunkSize ?? 64 * 1024;
  for (let start = 0; start < blob.data.length; start += chunkSize) {
    const chunk = blob.data.subarray(start, start + chunkSize);
    const headers = { 'Content-Range': `${start}-${start + chunk.length - 1}` };
    const patched = await client.send('PATCH', withDigest(location), octets(chunk, headers));
    location = locationOf(expectStatus(patched, 202, `chunk at ${start}`));
  }
  expectStatus(await client.send('PUT', withDigest(location, blob.digest)), 201, 'upload completion');
}

/** Tries a cross-repository mount (with a token covering both repositories); returns the status (201 or 202). */
export async function mountBlob(
  client: RegistryClient,
  repository: string,
  from: string,
  digest: string,
): Promise<number> {
  const path = `/v2/${repository}/blobs/uploads/?mount=${digest}&from=${encodeURIComponent(from)}`;
  const response = await client.send('POST', path, {}, [`repository:${from}:pull`]);
  return response.status;
}

export async function pushManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  manifest: GeneratedManifest,
): Promise<RegistryResponse> {
  const response = await client.send('PUT', `/v2/${repository}/manifests/${reference}`, {
    headers: { 'Content-Type': manifest.mediaType },
    body: manifest.bytes,
  });
  return expectStatus(response, 201, `manifest ${reference}`);
}

/** Pushes every blob and manifest of `artifact` (children first) and tags its root. */
export async function pushArtifact(
  client: RegistryClient,
  repository: string,
  artifact: GeneratedArtifact,
  tags: readonly string[] = [],
  options: PushOptions = {},
): Promise<void> {
  for (const blob of artifact.blobs) await pushBlob(client, repository, blob, options);
  for (const manifest of artifact.manifests) {
    if (manifest.digest !== artifact.root.digest) await pushManifest(client, repository, manifest.digest, manifest);
  }
  await pushManifest(client, repository, artifact.root.digest, artifact.root);
  for (const tag of tags) await pushManifest(client, repository, tag, artifact.root);
}

function octets(body: Buffer, headers: Record<string, string> = {}) {
  return { headers: { 'Content-Type': 'application/octet-stream', ...headers }, body };
}
