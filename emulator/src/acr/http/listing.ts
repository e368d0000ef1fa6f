/**
 * Distribution listings: GET /v2/_catalog, GET /v2/<name>/tags/list, and the OCI 1.1 referrers API
 * GET /v2/<name>/referrers/<digest>[?artifactType=]. Repositories and tags whose listEnabled is
 * false are left out, as ACR does.
 */
import { isSha256Digest } from '../store/digest.js';
import { MEDIA_TYPES, type ManifestRecord } from '../store/types.js';
import { authorize, need } from './authorize.js';
import type { RequestContext } from './context.js';
import { RegistryError, sendJson } from './errors.js';
import { PAGE_LIMITS, paginate } from './paging.js';

function requireGet(ctx: RequestContext): void {
  if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD') throw new RegistryError('UNSUPPORTED');
}

function linkHeaders(link: string | undefined): Record<string, string> {
  return link ? { Link: link } : {};
}

/** Repository names a caller sees in a catalog (shared with /acr/v1/_catalog). */
export function listedRepositories(ctx: RequestContext): string[] {
  return ctx.store.listRepositories().filter((name) => ctx.store.getRepository(name)?.attributes.listEnabled);
}

export function handleCatalog(ctx: RequestContext): void {
  requireGet(ctx);
  authorize(ctx, need.catalog());
  const page = paginate(listedRepositories(ctx), (name) => name, {
    path: '/v2/_catalog',
    searchParams: ctx.url.searchParams,
    defaultSize: PAGE_LIMITS.defaultPage,
    maxSize: PAGE_LIMITS.catalogMax,
  });
  sendJson(ctx.res, 200, { repositories: page.items }, linkHeaders(page.link), ctx.isHead);
}

export function handleTagList(ctx: RequestContext): void {
  requireGet(ctx);
  authorize(ctx, need.listTags(ctx.repository));
  if (!ctx.store.getRepository(ctx.repository)) {
    throw new RegistryError('NAME_UNKNOWN', { detail: { name: ctx.repository } });
  }
  const names = ctx.store
    .listTags(ctx.repository)
    .filter((tag) => tag.attributes.listEnabled)
    .map((tag) => tag.name);
  const page = paginate(names, (name) => name, {
    path: `/v2/${ctx.repository}/tags/list`,
    searchParams: ctx.url.searchParams,
    defaultSize: PAGE_LIMITS.tagsMax,
    maxSize: PAGE_LIMITS.tagsMax,
  });
  sendJson(ctx.res, 200, { name: ctx.repository, tags: page.items }, linkHeaders(page.link), ctx.isHead);
}

export function handleReferrers(ctx: RequestContext): void {
  requireGet(ctx);
  authorize(ctx, need.pull(ctx.repository));
  if (!isSha256Digest(ctx.reference)) throw new RegistryError('DIGEST_INVALID', { detail: { digest: ctx.reference } });
  const artifactType = ctx.url.searchParams.get('artifactType');
  const referrers = ctx.store
    .listReferrers(ctx.repository, ctx.reference)
    .filter((referrer) => !artifactType || referrer.artifactType === artifactType);
  const headers: Record<string, string> = { 'Content-Type': MEDIA_TYPES.ociIndex };
  if (artifactType) headers['OCI-Filters-Applied'] = 'artifactType';
  const body = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: referrers.map(referrerDescriptor) };
  sendJson(ctx.res, 200, body, headers, ctx.isHead);
}

function referrerDescriptor(record: ManifestRecord): Record<string, unknown> {
  const descriptor: Record<string, unknown> = { mediaType: record.mediaType, digest: record.digest, size: record.size };
  if (record.artifactType) descriptor.artifactType = record.artifactType;
  if (record.annotations) descriptor.annotations = record.annotations;
  return descriptor;
}
