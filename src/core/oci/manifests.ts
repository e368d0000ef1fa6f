/**
 * Manifests by tag or digest: raw bytes, media type and digest, verified against the digest asked for
 * and against Docker-Content-Digest. Bytes are kept as received: re-serialising JSON would change the
 * digest and break every signature and index that points at it.
 */
import { RelocationError } from '../errors.js';
import type { RegistryClient } from './client.js';
import { verifyBytes } from './digest.js';
import { detectMediaType, MANIFEST_ACCEPT } from './manifest.js';
import {
  assertReference,
  assertRepositoryName,
  isDigest,
  registryPath,
  repositoryScope,
  sha256Digest,
} from './names.js';
import { header, readBody, type HttpResponse } from './transport.js';

/** Registries cap manifests at 4 MiB; a small margin, then refuse rather than buffer without bound. */
export const MANIFEST_SIZE_LIMIT = 4 * 1024 * 1024 + 64 * 1024;

export interface ManifestResult {
  bytes: Buffer;
  mediaType: string;
  digest: string;
  size: number;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

function manifestPath(repository: string, reference: string): string {
  return registryPath('v2', ...assertRepositoryName(repository).split('/'), 'manifests', assertReference(reference));
}

function label(repository: string, reference: string): string {
  return isDigest(reference) ? `${repository}@${reference}` : `${repository}:${reference}`;
}

/** The Docker-Content-Digest header when it is a sha256 digest we can check against. */
function headerDigest(response: HttpResponse): string | undefined {
  const value = header(response.headers, 'docker-content-digest')?.trim();
  return value && isDigest(value) ? value : undefined;
}

/** GET a manifest; undefined when the registry says it does not exist (404). */
export async function findManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  accept: string = MANIFEST_ACCEPT,
): Promise<ManifestResult | undefined> {
  const what = `GET manifest ${label(repository, reference)}`;
  const response = await client.request({
    method: 'GET',
    target: manifestPath(repository, reference),
    headers: { accept },
    scopes: [repositoryScope(repository, ['pull'])],
    what,
    expect: [200, 404],
  });
  if (response.status === 404) {
    response.discard();
    return undefined;
  }
  const bytes = await readBody(response, MANIFEST_SIZE_LIMIT, what);
  const digest = sha256Digest(bytes);
  if (isDigest(reference)) verifyBytes(what, bytes, reference);
  const announced = headerDigest(response);
  if (announced) verifyBytes(`${what} (Docker-Content-Digest)`, bytes, announced);
  const mediaType = detectMediaType(header(response.headers, 'content-type'), bytes);
  return { bytes, mediaType, digest, size: bytes.length };
}

/** GET a manifest; NOT_FOUND error when it does not exist. */
export async function getManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  accept?: string,
): Promise<ManifestResult> {
  const found = await findManifest(client, repository, reference, accept);
  if (found) return found;
  throw new RelocationError(
    'NOT_FOUND',
    `Manifest ${label(repository, reference)} does not exist on ${client.host}.`,
    'It may have been deleted or re-tagged since the inventory; run prepare again to refresh the plan.',
  );
}

/**
 * HEAD a manifest: digest, media type and size without the body; undefined on 404. Registries that
 * omit Docker-Content-Digest on HEAD get a GET instead, so the digest is always computed, never guessed.
 */
export async function headManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<ManifestHead | undefined> {
  const response = await client.request({
    method: 'HEAD',
    target: manifestPath(repository, reference),
    headers: { accept: MANIFEST_ACCEPT },
    scopes: [repositoryScope(repository, ['pull'])],
    what: `HEAD manifest ${label(repository, reference)}`,
    expect: [200, 404],
  });
  response.discard();
  if (response.status === 404) return undefined;
  const digest = headerDigest(response);
  const contentType = header(response.headers, 'content-type');
  const size = Number(header(response.headers, 'content-length'));
  if (!digest || !contentType || !Number.isSafeInteger(size) || (isDigest(reference) && digest !== reference)) {
    const full = await findManifest(client, repository, reference);
    return full && { digest: full.digest, mediaType: full.mediaType, size: full.size };
  }
  return { digest, mediaType: contentType.split(';')[0]!.trim(), size };
}

export interface PutManifestResult {
  digest: string;
  /** OCI 1.1: the registry's OCI-Subject header: it indexed the manifest's subject for the referrers API. */
  ociSubject?: string;
}

/** PUT a manifest under a tag or its digest; returns the digest, checked against the registry's. */
export async function putManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  bytes: Buffer,
  mediaType: string,
): Promise<PutManifestResult> {
  const digest = sha256Digest(bytes);
  if (isDigest(reference) && reference !== digest) {
    throw new RelocationError('INTERNAL', `Manifest bytes hash to ${digest}, not to the reference ${reference}.`);
  }
  if (bytes.length > MANIFEST_SIZE_LIMIT) {
    throw new RelocationError('REFUSED', `Manifest ${label(repository, reference)} is larger than registries accept.`);
  }
  const response = await client.request({
    method: 'PUT',
    target: manifestPath(repository, reference),
    headers: { 'content-type': mediaType },
    body: bytes,
    scopes: [repositoryScope(repository, ['pull', 'push'])],
    what: `PUT manifest ${label(repository, reference)}`,
    expect: [200, 201],
  });
  response.discard();
  const stored = headerDigest(response);
  if (stored && stored !== digest) {
    throw new RelocationError(
      'REMOTE_ERROR',
      `${client.host} stored manifest ${label(repository, reference)} as ${stored}, but its bytes hash to ${digest}.`,
      'The registry rewrote the manifest (for example converted its format); the copy is not byte-identical.',
    );
  }
  const ociSubject = header(response.headers, 'oci-subject')?.trim();
  return ociSubject && isDigest(ociSubject) ? { digest, ociSubject } : { digest };
}

/** DELETE a manifest (by digest) or a tag (OCI 1.1); false when it was already gone. */
export async function deleteManifest(client: RegistryClient, repository: string, reference: string): Promise<boolean> {
  const response = await client.request({
    method: 'DELETE',
    target: manifestPath(repository, reference),
    scopes: [repositoryScope(repository, ['delete'])],
    what: `DELETE manifest ${label(repository, reference)}`,
    expect: [200, 202, 404],
  });
  response.discard();
  return response.status !== 404;
}
