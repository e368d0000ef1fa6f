/**
 * ACR's metadata API under /acr/v1 (api-version accepted, not required): the catalog, repository
 * properties, tags and manifests with their changeable attributes, and repository/tag deletion.
 */
import { looksLikeDigest } from '../store/digest.js';
import { compareNames } from '../store/registry-store.js';
import type { AttributePatch, ManifestRecord, TagRecord } from '../store/types.js';
import { authorize, need } from './authorize.js';
import { readJsonObject } from './body.js';
import type { RequestContext } from './context.js';
import { RegistryError, sendEmpty, sendJson } from './errors.js';
import { listedRepositories } from './listing.js';
import { assertDeletable } from './locks.js';
import { manifestShape, repositoryShape, tagShape } from './metadata-shapes.js';
import { PAGE_LIMITS, paginate, type Page } from './paging.js';

function linkHeaders<T>(page: Page<T>): Record<string, string> {
  return page.link ? { Link: page.link } : {};
}

function unsupported(): RegistryError {
  return new RegistryError('UNSUPPORTED');
}

function requireRepository(ctx: RequestContext) {
  const repository = ctx.store.getRepository(ctx.repository);
  if (!repository) throw new RegistryError('NAME_UNKNOWN', { detail: { name: ctx.repository } });
  return repository;
}

export function handleAcrCatalog(ctx: RequestContext): void {
  if (ctx.req.method !== 'GET') throw unsupported();
  authorize(ctx, need.catalog());
  const page = paginate(listedRepositories(ctx), (name) => name, {
    path: '/acr/v1/_catalog',
    searchParams: ctx.url.searchParams,
    defaultSize: PAGE_LIMITS.defaultPage,
    maxSize: PAGE_LIMITS.catalogMax,
  });
  sendJson(ctx.res, 200, { repositories: page.items }, linkHeaders(page));
}

export async function handleAcrRepository(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method;
  if (method === 'GET') {
    authorize(ctx, need.metadataRead(ctx.repository));
    return sendJson(ctx.res, 200, repositoryShape(ctx.control.loginServer(), requireRepository(ctx)));
  }
  if (method === 'PATCH') {
    authorize(ctx, need.metadataWrite(ctx.repository));
    requireRepository(ctx);
    const updated = ctx.store.setRepositoryAttributes(ctx.repository, await readAttributePatch(ctx));
    return sendJson(ctx.res, 200, repositoryShape(ctx.control.loginServer(), updated ?? requireRepository(ctx)));
  }
  if (method === 'DELETE') {
    authorize(ctx, need.delete(ctx.repository));
    const repository = requireRepository(ctx);
    assertDeletable(repository, ...ctx.store.listManifests(ctx.repository), ...ctx.store.listTags(ctx.repository));
    return sendJson(ctx.res, 202, ctx.store.deleteRepository(ctx.repository));
  }
  throw unsupported();
}

export function handleAcrTags(ctx: RequestContext): void {
  if (ctx.req.method !== 'GET') throw unsupported();
  authorize(ctx, need.metadataRead(ctx.repository));
  requireRepository(ctx);
  const digest = ctx.url.searchParams.get('digest');
  const tags = ctx.store
    .listTags(ctx.repository)
    .filter((tag) => tag.attributes.listEnabled && (!digest || tag.digest === digest));
  const byName = (tag: TagRecord): string => tag.name;
  const page = paginate(ordered(tags, ctx.url.searchParams.get('orderby'), byName), byName, {
    path: `/acr/v1/${ctx.repository}/_tags`,
    searchParams: ctx.url.searchParams,
    defaultSize: PAGE_LIMITS.defaultPage,
    maxSize: PAGE_LIMITS.tagsMax,
  });
  const body = { registry: ctx.control.loginServer(), imageName: ctx.repository, tags: page.items.map(tagShape) };
  sendJson(ctx.res, 200, body, linkHeaders(page));
}

export async function handleAcrTag(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method;
  const requirement = method === 'GET' ? need.metadataRead : method === 'PATCH' ? need.metadataWrite : need.delete;
  if (method !== 'GET' && method !== 'PATCH' && method !== 'DELETE') throw unsupported();
  authorize(ctx, requirement(ctx.repository));
  const repository = requireRepository(ctx);
  const tag = ctx.store.getTag(ctx.repository, ctx.reference);
  if (!tag) throw new RegistryError('TAG_UNKNOWN', { detail: { name: ctx.repository, tag: ctx.reference } });
  if (method === 'DELETE') {
    assertDeletable(repository, tag);
    ctx.store.deleteTag(ctx.repository, tag.name);
    return sendEmpty(ctx.res, 202);
  }
  const current =
    method === 'PATCH' ? ctx.store.setTagAttributes(ctx.repository, tag.name, await readAttributePatch(ctx)) : tag;
  sendJson(ctx.res, 200, {
    registry: ctx.control.loginServer(),
    imageName: ctx.repository,
    tag: tagShape(current ?? tag),
  });
}

export function handleAcrManifests(ctx: RequestContext): void {
  if (ctx.req.method !== 'GET') throw unsupported();
  authorize(ctx, need.metadataRead(ctx.repository));
  requireRepository(ctx);
  const manifests = ctx.store.listManifests(ctx.repository).filter((manifest) => manifest.attributes.listEnabled);
  const byDigest = (manifest: ManifestRecord): string => manifest.digest;
  const page = paginate(ordered(manifests, ctx.url.searchParams.get('orderby'), byDigest), byDigest, {
    path: `/acr/v1/${ctx.repository}/_manifests`,
    searchParams: ctx.url.searchParams,
    defaultSize: PAGE_LIMITS.defaultPage,
    maxSize: PAGE_LIMITS.tagsMax,
  });
  const shapes = page.items.map((manifest) => manifestShape(ctx.store, ctx.repository, manifest));
  sendJson(
    ctx.res,
    200,
    { registry: ctx.control.loginServer(), imageName: ctx.repository, manifests: shapes },
    linkHeaders(page),
  );
}

export async function handleAcrManifest(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method;
  if (method !== 'GET' && method !== 'PATCH') throw unsupported();
  authorize(ctx, method === 'GET' ? need.metadataRead(ctx.repository) : need.metadataWrite(ctx.repository));
  requireRepository(ctx);
  const found = looksLikeDigest(ctx.reference)
    ? ctx.store.getManifest(ctx.repository, ctx.reference)
    : ctx.store.resolveReference(ctx.repository, ctx.reference);
  if (!found) throw new RegistryError('MANIFEST_UNKNOWN', { detail: { name: ctx.repository, digest: ctx.reference } });
  const current =
    method === 'PATCH'
      ? ctx.store.setManifestAttributes(ctx.repository, found.digest, await readAttributePatch(ctx))
      : found;
  const body = {
    registry: ctx.control.loginServer(),
    imageName: ctx.repository,
    manifest: manifestShape(ctx.store, ctx.repository, current ?? found),
  };
  sendJson(ctx.res, 200, body);
}

/** ACR orderby: none (by name or digest), timedesc / timeasc (by lastUpdateTime). */
function ordered<T extends TagRecord | ManifestRecord>(
  items: T[],
  orderby: string | null,
  keyOf: (item: T) => string,
): T[] {
  if (orderby === 'timedesc' || orderby === 'timeasc') {
    const sign = orderby === 'timedesc' ? -1 : 1;
    return [...items].sort(
      (a, b) => sign * a.lastUpdateTime.localeCompare(b.lastUpdateTime) || compareNames(keyOf(a), keyOf(b)),
    );
  }
  return [...items].sort((a, b) => compareNames(keyOf(a), keyOf(b)));
}

async function readAttributePatch(ctx: RequestContext): Promise<AttributePatch> {
  const body = await readJsonObject(ctx.req);
  const patch: AttributePatch = {};
  for (const key of ['deleteEnabled', 'writeEnabled', 'readEnabled', 'listEnabled'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') {
      throw new RegistryError('UNSUPPORTED', { status: 400, message: `${key} must be a boolean` });
    }
    patch[key] = value;
  }
  return patch;
}
