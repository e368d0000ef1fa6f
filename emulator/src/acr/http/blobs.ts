/**
 * GET/HEAD/DELETE /v2/<name>/blobs/<digest>. Blobs are streamed from disk (any size, small memory),
 * with Range support (206) for resumed downloads. The corruptBody fault flips one byte on the way
 * out, keeping the length, so only a digest check can notice.
 */
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange } from '../store/blob-pool.js';
import { isSha256Digest } from '../store/digest.js';
import { authorize, need } from './authorize.js';
import type { RequestContext } from './context.js';
import { DISTRIBUTION_HEADER, RegistryError, sendEmpty } from './errors.js';
import { assertDeletable, assertReadable, repositoryAttributes } from './locks.js';

export async function handleBlob(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method;
  if (method === 'GET' || method === 'HEAD') return serveBlob(ctx);
  if (method === 'DELETE') return deleteBlob(ctx);
  throw new RegistryError('UNSUPPORTED');
}

function requireDigest(reference: string): string {
  if (!isSha256Digest(reference)) throw new RegistryError('DIGEST_INVALID', { detail: { digest: reference } });
  return reference;
}

async function serveBlob(ctx: RequestContext): Promise<void> {
  authorize(ctx, need.pull(ctx.repository));
  const digest = requireDigest(ctx.reference);
  if (!ctx.store.hasBlob(ctx.repository, digest)) throw new RegistryError('BLOB_UNKNOWN', { detail: { digest } });
  assertReadable(ctx.store, ctx.repository);
  const size = ctx.store.blobSize(digest) ?? 0;
  const range = parseRange(ctx.req.headers.range, size);
  const headers: Record<string, string> = {
    ...DISTRIBUTION_HEADER,
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': digest,
    'Accept-Ranges': 'bytes',
    ETag: `"${digest}"`,
    'Content-Length': String(range ? range.end - range.start + 1 : size),
  };
  if (range) headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
  ctx.res.writeHead(range ? 206 : 200, headers);
  if (ctx.isHead || size === 0) {
    ctx.res.end();
    return;
  }
  const source = ctx.store.blobs.createReadStream(digest, range);
  if (ctx.fault?.corruptBody) await pipeline(source, flipFirstByte(), ctx.res);
  else await pipeline(source, ctx.res);
}

/**
 * `bytes=a-b`, `bytes=a-` or the SDK's bare `a-` form; undefined for no Range header. An
 * unsatisfiable or malformed range is 416 with the size, as HTTP wants.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const match = /^(?:bytes=)?(\d+)-(\d*)$/.exec(header.trim());
  const start = match ? Number(match[1]) : NaN;
  const end = match?.[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  if (!match || start >= size || end < start) {
    throw new RegistryError('RANGE_INVALID', { headers: { 'Content-Range': `bytes */${size}` } });
  }
  return { start, end };
}

function flipFirstByte(): Transform {
  let flipped = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!flipped && chunk.length > 0) {
        const copy = Buffer.from(chunk);
        copy[0] = (copy[0] ?? 0) ^ 0xff;
        flipped = true;
        callback(null, copy);
        return;
      }
      callback(null, chunk);
    },
  });
}

function deleteBlob(ctx: RequestContext): void {
  authorize(ctx, need.delete(ctx.repository));
  const digest = requireDigest(ctx.reference);
  assertDeletable({ attributes: repositoryAttributes(ctx.store, ctx.repository) });
  if (!ctx.store.unlinkBlob(ctx.repository, digest)) throw new RegistryError('BLOB_UNKNOWN', { detail: { digest } });
  sendEmpty(ctx.res, 202, { 'Docker-Content-Digest': digest });
}
