/**
 * Blob uploads: POST /v2/<name>/blobs/uploads/ (start, monolithic with ?digest=, or cross-repository
 * mount with ?mount=&from=, falling back to a new session when the mount is not possible), then
 * PATCH chunks (optional Content-Range, which must continue at the current offset), GET status,
 * PUT ?digest= to finish (DIGEST_INVALID on a mismatch) and DELETE to cancel.
 */
import { isSha256Digest } from '../store/digest.js';
import type { UploadSession } from '../store/uploads.js';
import { authorize, need } from './authorize.js';
import type { RequestContext } from './context.js';
import { RegistryError, sendEmpty } from './errors.js';
import { assertRepositoryWritable } from './locks.js';
import { isValidRepositoryName } from './routes.js';

export async function handleUploadStart(ctx: RequestContext): Promise<void> {
  if (ctx.req.method !== 'POST') throw new RegistryError('UNSUPPORTED');
  authorize(ctx, need.push(ctx.repository));
  if (!isValidRepositoryName(ctx.repository))
    throw new RegistryError('NAME_INVALID', { detail: { name: ctx.repository } });
  assertRepositoryWritable(ctx.store, ctx.repository);
  const mounted = tryMount(ctx);
  if (mounted) return sendCreated(ctx, mounted);
  const session = ctx.uploads.start(ctx.repository, ctx.now());
  const digest = ctx.url.searchParams.get('digest');
  if (digest === null) return sendSessionState(ctx, session, 202);
  await ctx.uploads.append(session, ctx.req);
  finish(ctx, session, digest);
}

export async function handleUpload(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method;
  authorize(ctx, need.push(ctx.repository));
  const session = ctx.uploads.get(ctx.reference);
  if (!session || session.repository !== ctx.repository) {
    ctx.req.resume();
    throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { detail: { uuid: ctx.reference } });
  }
  if (method === 'GET') return sendSessionState(ctx, session, 204);
  if (method === 'DELETE') {
    ctx.uploads.cancel(session.id);
    return sendEmpty(ctx.res, 204);
  }
  if (method !== 'PATCH' && method !== 'PUT') throw new RegistryError('UNSUPPORTED');
  assertRepositoryWritable(ctx.store, ctx.repository);
  checkContentRange(ctx, session);
  await ctx.uploads.append(session, ctx.req);
  if (method === 'PATCH') return sendSessionState(ctx, session, 202);
  finish(ctx, session, ctx.url.searchParams.get('digest'));
}

/** A mount needs the blob in `from` and pull access to `from`; otherwise the client uploads. */
function tryMount(ctx: RequestContext): string | undefined {
  const digest = ctx.url.searchParams.get('mount');
  const from = ctx.url.searchParams.get('from');
  if (!digest || !from || !isSha256Digest(digest) || !ctx.store.hasBlob(from, digest)) return undefined;
  try {
    authorize(ctx, need.pull(from));
  } catch {
    return undefined;
  }
  ctx.store.linkBlob(ctx.repository, digest);
  return digest;
}

function checkContentRange(ctx: RequestContext, session: UploadSession): void {
  if (session.busy) throw rangeError(ctx, session);
  const header = ctx.req.headers['content-range'];
  if (!header) return;
  const match = /^(?:bytes )?(\d+)-(\d+)(?:\/\d+|\/\*)?$/.exec(header.trim());
  if (!match || Number(match[1]) !== session.offset || Number(match[2]) < Number(match[1])) {
    throw rangeError(ctx, session);
  }
}

function rangeError(ctx: RequestContext, session: UploadSession): RegistryError {
  ctx.req.resume();
  return new RegistryError('RANGE_INVALID', { headers: sessionHeaders(ctx, session) });
}

function finish(ctx: RequestContext, session: UploadSession, digest: string | null): void {
  if (!digest || !isSha256Digest(digest)) {
    throw new RegistryError('DIGEST_INVALID', { message: 'a sha256 digest query parameter is required' });
  }
  const result = ctx.uploads.complete(session, digest);
  if (!result.ok) throw new RegistryError('DIGEST_INVALID', { detail: { expected: digest, actual: result.actual } });
  ctx.store.linkBlob(ctx.repository, result.digest);
  sendCreated(ctx, result.digest);
}

function sendCreated(ctx: RequestContext, digest: string): void {
  sendEmpty(ctx.res, 201, { Location: `/v2/${ctx.repository}/blobs/${digest}`, 'Docker-Content-Digest': digest });
}

function sendSessionState(ctx: RequestContext, session: UploadSession, status: number): void {
  sendEmpty(ctx.res, status, sessionHeaders(ctx, session));
}

/** Location (with ACR's opaque _state), Range as distribution reports it ("0-<offset-1>"), upload id. */
function sessionHeaders(ctx: RequestContext, session: UploadSession): Record<string, string> {
  const state = Buffer.from(
    JSON.stringify({ Name: ctx.repository, UUID: session.id, Offset: session.offset, StartedAt: session.startedAt }),
  ).toString('base64url');
  return {
    Location: `/v2/${ctx.repository}/blobs/uploads/${session.id}?_nouploadcache=false&_state=${state}`,
    Range: `0-${Math.max(session.offset - 1, 0)}`,
    'Docker-Upload-UUID': session.id,
  };
}
