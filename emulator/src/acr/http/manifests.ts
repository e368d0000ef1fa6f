/**
 * GET/HEAD/PUT/DELETE /v2/<name>/manifests/<tag|digest>. A push is checked like a registry checks
 * it: size cap (4 MiB, ACR's manifest limit), JSON shape, digest of the body against a digest
 * reference, every referenced blob and child manifest present (MANIFEST_BLOB_UNKNOWN otherwise),
 * and ACR's locks. A manifest with an OCI 1.1 `subject` is answered with an OCI-Subject header.
 */
import { isSha256Digest, looksLikeDigest, sha256Digest } from '../store/digest.js';
import { ManifestError, parseManifest, type ParsedManifest } from '../store/manifest-parse.js';
import { authorize, need } from './authorize.js';
import { readBody } from './body.js';
import type { RequestContext } from './context.js';
import { DISTRIBUTION_HEADER, RegistryError, messageForCode, sendEmpty } from './errors.js';
import {
  assertDeletable,
  assertOverwritable,
  assertReadable,
  assertRepositoryWritable,
  repositoryAttributes,
} from './locks.js';
import { acceptedTypes, negotiateManifest } from './negotiate.js';
import { isValidRepositoryName, isValidTag } from './routes.js';

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export async function handleManifest(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method;
  if (method === 'GET' || method === 'HEAD') return serveManifest(ctx);
  if (method === 'PUT') return putManifest(ctx);
  if (method === 'DELETE') return deleteManifest(ctx);
  throw new RegistryError('UNSUPPORTED');
}

function checkReference(reference: string): void {
  if (looksLikeDigest(reference)) {
    if (!isSha256Digest(reference)) throw new RegistryError('DIGEST_INVALID', { detail: { digest: reference } });
  } else if (!isValidTag(reference)) {
    throw new RegistryError('TAG_INVALID', { message: 'invalid tag name', detail: { tag: reference } });
  }
}

function manifestUnknown(ctx: RequestContext): RegistryError {
  return new RegistryError('MANIFEST_UNKNOWN', {
    message: `manifest tagged by "${ctx.reference}" is not found`,
    detail: { Name: ctx.repository, Revision: ctx.reference },
  });
}

function serveManifest(ctx: RequestContext): void {
  authorize(ctx, need.pull(ctx.repository));
  checkReference(ctx.reference);
  const tag = looksLikeDigest(ctx.reference) ? undefined : ctx.store.getTag(ctx.repository, ctx.reference);
  const found = ctx.store.resolveReference(ctx.repository, ctx.reference);
  if (!found) throw manifestUnknown(ctx);
  assertReadable(ctx.store, ctx.repository, found, tag);
  const served = negotiateManifest(ctx.store, ctx.repository, found, acceptedTypes(ctx.req.headers.accept));
  const bytes = ctx.store.readManifestBytes(served.digest);
  ctx.res.writeHead(200, {
    ...DISTRIBUTION_HEADER,
    'Content-Type': served.mediaType,
    'Content-Length': String(bytes.length),
    'Docker-Content-Digest': served.digest,
    ETag: `"${served.digest}"`,
  });
  ctx.res.end(ctx.isHead ? undefined : bytes);
}

async function putManifest(ctx: RequestContext): Promise<void> {
  authorize(ctx, need.push(ctx.repository));
  if (!isValidRepositoryName(ctx.repository))
    throw new RegistryError('NAME_INVALID', { detail: { name: ctx.repository } });
  checkReference(ctx.reference);
  const bytes = await readBody(ctx.req, MAX_MANIFEST_BYTES, () => tooLarge());
  const parsed = parseOrReject(bytes, ctx.req.headers['content-type']);
  const digest = sha256Digest(bytes);
  const byDigest = looksLikeDigest(ctx.reference);
  if (byDigest && ctx.reference !== digest) {
    throw new RegistryError('DIGEST_INVALID', { detail: { expected: ctx.reference, actual: digest } });
  }
  assertRepositoryWritable(ctx.store, ctx.repository);
  assertOverwritable(
    byDigest ? undefined : ctx.store.getTag(ctx.repository, ctx.reference),
    byDigest ? ctx.store.getManifest(ctx.repository, digest) : undefined,
  );
  rejectMissingReferences(ctx, parsed);
  ctx.store.batch(() => {
    ctx.store.putManifest(ctx.repository, bytes, { parsed });
    if (!byDigest) ctx.store.setTag(ctx.repository, ctx.reference, digest);
  });
  const headers: Record<string, string> = {
    Location: `/v2/${ctx.repository}/manifests/${digest}`,
    'Docker-Content-Digest': digest,
  };
  if (parsed.subject) headers['OCI-Subject'] = parsed.subject.digest;
  sendEmpty(ctx.res, 201, headers);
}

function tooLarge(): RegistryError {
  return new RegistryError('MANIFEST_INVALID', {
    status: 413,
    message: 'manifest invalid',
    detail: { reason: `manifest exceeds the ${MAX_MANIFEST_BYTES}-byte limit` },
  });
}

function parseOrReject(bytes: Buffer, contentType: string | undefined): ParsedManifest {
  try {
    return parseManifest(bytes, contentType);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    throw new RegistryError('MANIFEST_INVALID', { detail: { reason: error.message } });
  }
}

function rejectMissingReferences(ctx: RequestContext, parsed: ParsedManifest): void {
  const missing = ctx.store.missingReferences(ctx.repository, parsed);
  if (missing.length === 0) return;
  const [first, ...rest] = missing.map((digest) => ({
    code: 'MANIFEST_BLOB_UNKNOWN',
    message: messageForCode('MANIFEST_BLOB_UNKNOWN'),
    detail: { digest },
  }));
  throw new RegistryError('MANIFEST_BLOB_UNKNOWN', { detail: first?.detail, additional: rest });
}

/** By digest: the manifest, its tags and its referrers. By tag (OCI 1.1): only the tag. */
function deleteManifest(ctx: RequestContext): void {
  authorize(ctx, need.delete(ctx.repository));
  checkReference(ctx.reference);
  const repository = { attributes: repositoryAttributes(ctx.store, ctx.repository) };
  if (!looksLikeDigest(ctx.reference)) {
    const tag = ctx.store.getTag(ctx.repository, ctx.reference);
    if (!tag) throw manifestUnknown(ctx);
    assertDeletable(repository, tag);
    ctx.store.deleteTag(ctx.repository, ctx.reference);
    return sendEmpty(ctx.res, 202);
  }
  const manifest = ctx.store.getManifest(ctx.repository, ctx.reference);
  if (!manifest) throw manifestUnknown(ctx);
  const tags = ctx.store.tagsOf(ctx.repository, manifest.digest).map((name) => ctx.store.getTag(ctx.repository, name));
  assertDeletable(repository, manifest, ...tags);
  ctx.store.deleteManifest(ctx.repository, manifest.digest);
  sendEmpty(ctx.res, 202);
}
