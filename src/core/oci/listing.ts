/**
 * The distribution listings: /v2/_catalog and /v2/<name>/tags/list, paged to the end (paging.ts).
 * Names and tags are validated as they arrive: an invalid one is a registry fault, reported as such,
 * and can never reach a later URL.
 */
import type { RegistryClient } from './client.js';
import {
  assertRepositoryName,
  CATALOG_SCOPE,
  isRepositoryName,
  isTag,
  quoteForMessage,
  registryPath,
  repositoryScope,
} from './names.js';
import { collectPages, malformedPage, paginate } from './paging.js';

/** ACR returns at most 100 repositories per catalog page. */
export const CATALOG_PAGE_SIZE = 100;
/** ACR returns at most 1000 tags per page. */
export const TAGS_PAGE_SIZE = 1000;

export interface ListOptions {
  pageSize?: number;
}

function stringList(body: unknown, field: string, what: string, host: string): string[] {
  const value = (body as Record<string, unknown> | null)?.[field];
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw malformedPage(what, host, `"${field}" is not a list of strings`);
  }
  return value;
}

function checked(values: string[], valid: (v: string) => boolean, kind: string, what: string, host: string) {
  const bad = values.find((v) => !valid(v));
  if (bad !== undefined) throw malformedPage(what, host, `invalid ${kind} ${quoteForMessage(bad)}`);
  return values;
}

/** Pages of repository names from /v2/_catalog. */
export function catalogPages(client: RegistryClient, options: ListOptions = {}): AsyncGenerator<string[]> {
  const what = 'list repositories (/v2/_catalog)';
  return paginate({
    client,
    path: registryPath('v2', '_catalog'),
    pageSize: options.pageSize ?? CATALOG_PAGE_SIZE,
    scopes: [CATALOG_SCOPE],
    what,
    items: (body) =>
      checked(
        stringList(body, 'repositories', what, client.host),
        isRepositoryName,
        'repository name',
        what,
        client.host,
      ),
    cursor: (name) => name,
  });
}

export function listRepositories(client: RegistryClient, options?: ListOptions): Promise<string[]> {
  return collectPages(catalogPages(client, options));
}

/** Pages of tags from /v2/<name>/tags/list. */
export function tagPages(
  client: RegistryClient,
  repository: string,
  options: ListOptions = {},
): AsyncGenerator<string[]> {
  const what = `list tags of ${assertRepositoryName(repository)}`;
  return paginate({
    client,
    path: registryPath('v2', ...repository.split('/'), 'tags', 'list'),
    pageSize: options.pageSize ?? TAGS_PAGE_SIZE,
    scopes: [repositoryScope(repository, ['pull'])],
    what,
    items: (body) => checked(stringList(body, 'tags', what, client.host), isTag, 'tag', what, client.host),
    cursor: (tag) => tag,
  });
}

export function listTags(client: RegistryClient, repository: string, options?: ListOptions): Promise<string[]> {
  return collectPages(tagPages(client, repository, options));
}
