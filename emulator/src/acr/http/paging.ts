/**
 * n/last paging with a Link header, as ACR pages: results start after `last`, at most `n` per page
 * and never more than the endpoint's cap even when `n` asks for more (ACR returns at most 1000
 * tags per page whatever `n` says — Azure/acr#749 — and this emulator caps catalog pages at 100),
 * with `Link: </path?last=…&n=…&orderby=>; rel="next"` while more remain.
 */
import { RegistryError } from './errors.js';

export const PAGE_LIMITS = {
  /** Most repositories on one /v2/_catalog or /acr/v1/_catalog page. */
  catalogMax: 100,
  /** Most tags (or manifests) on one tags/list, /acr/v1/_tags or /acr/v1/_manifests page. */
  tagsMax: 1000,
  /** Page size when `n` is absent, for the catalogs and the /acr/v1 listings. */
  defaultPage: 100,
} as const;

export interface Page<T> {
  items: T[];
  /** The Link header value when another page follows. */
  link: string | undefined;
}

export interface PageRequest {
  path: string;
  searchParams: URLSearchParams;
  defaultSize: number;
  maxSize: number;
}

/** `n` as a page size; an invalid `n` is 400 (distribution's PAGINATION_NUMBER_INVALID). */
export function pageSize(request: PageRequest): number {
  const raw = request.searchParams.get('n');
  if (raw === null || raw === '') return Math.min(request.defaultSize, request.maxSize);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new RegistryError('PAGINATION_NUMBER_INVALID', {
      status: 400,
      message: 'invalid number of results requested',
      detail: { n: raw },
    });
  }
  return Math.min(n, request.maxSize);
}

/**
 * One page of `ordered` items after `last`: after the item whose key equals `last` when there is
 * one (any order), else after every key lexically not greater than `last` (name order).
 */
export function paginate<T>(ordered: readonly T[], keyOf: (item: T) => string, request: PageRequest): Page<T> {
  const size = pageSize(request);
  const last = request.searchParams.get('last');
  let start = 0;
  if (last) {
    const exact = ordered.findIndex((item) => keyOf(item) === last);
    start = exact >= 0 ? exact + 1 : ordered.findIndex((item) => keyOf(item) > last);
    if (start < 0) start = ordered.length;
  }
  const items = ordered.slice(start, start + size);
  const more = start + size < ordered.length && items.length > 0;
  const lastItem = items[items.length - 1];
  return { items, link: more && lastItem !== undefined ? nextLink(request, keyOf(lastItem), size) : undefined };
}

function nextLink(request: PageRequest, last: string, size: number): string {
  const params = new URLSearchParams({ last, n: String(size), orderby: request.searchParams.get('orderby') ?? '' });
  const digest = request.searchParams.get('digest');
  if (digest) params.set('digest', digest);
  return `<${request.path}?${params.toString()}>; rel="next"`;
}
