/**
 * Paging through registry listings TO THE END.
 *
 * The rule, in order, for each page:
 * 1. A `Link: <…>; rel="next"` header is followed, always. Registries cap page sizes below what we
 *    ask (ACR: 100 repositories, 1000 tags), so a page shorter than `n` is NOT the end while a Link
 *    says otherwise. The Link target must stay on the registry and on the same listing path.
 * 2. No Link and an empty page: the end.
 * 3. No Link and a page shorter than the `n` we sent: the end. The registry had fewer items than we
 *    asked for; a registry that caps silently would also have to drop Link, which the distribution
 *    and OCI specs forbid ("Link is present when there are more results"). We ask for no more than
 *    the known caps by default so that a capped page and a short page cannot be confused.
 * 4. No Link and MORE items than `n`: the registry ignores `n` (distribution 2.8's tags list does)
 *    and sent everything: the end.
 * 5. No Link and exactly `n` items: ask again from `last=<last item>` (the spec's continuation); the
 *    end comes when a page brings no item we have not seen (registries that ignore `last` repeat
 *    themselves). One extra request on registries that never send Link, and no item is ever lost.
 * Items are de-duplicated across pages. A Link that repeats itself, or Links that keep bringing nothing
 * new, fail instead of looping forever.
 */
import { RelocationError } from '../errors.js';
import type { RegistryClient } from './client.js';
import { parseNextLink } from './headers.js';
import { readBody } from './transport.js';

/** Listing pages are JSON; even 1000 tags with ACR attributes stay far below this. */
const PAGE_BODY_LIMIT = 16 * 1024 * 1024;
/** Pages in a row that bring nothing new while a Link still points onwards. */
const MAX_STALE_PAGES = 3;

export interface PageSpec<T> {
  client: RegistryClient;
  /** Listing path built with registryPath(). */
  path: string;
  /** Constant query parameters (api-version, orderby). */
  query?: Record<string, string>;
  pageSize: number;
  scopes: readonly string[];
  what: string;
  /** Items of one decoded page; throws on a malformed page. */
  items(body: unknown): T[];
  /** The `last` value that continues after this item. */
  cursor(item: T): string;
}

export function malformedPage(what: string, host: string, detail: string): RelocationError {
  return new RelocationError(
    'REMOTE_ERROR',
    `${what} on ${host}: malformed listing page (${detail}).`,
    'The registry (or a proxy in front of it) returned an unexpected body; retry, and report it if it persists.',
  );
}

export async function* paginate<T>(spec: PageSpec<T>): AsyncGenerator<T[]> {
  const { client } = spec;
  let target: string | URL = spec.path;
  let query: Record<string, string> | undefined = { ...spec.query, n: String(spec.pageSize) };
  const seenLinks = new Set<string>();
  const seenItems = new Set<string>();
  let continuing = false;
  let stalePages = 0;
  for (;;) {
    const response = await client.request({
      method: 'GET',
      target,
      query,
      scopes: spec.scopes,
      what: spec.what,
      expect: [200],
    });
    const requested = pageSizeOf(target, query, spec.pageSize, client.origin);
    const text = await readBody(response, PAGE_BODY_LIMIT, spec.what);
    let body: unknown;
    try {
      body = JSON.parse(text.toString('utf8'));
    } catch {
      throw malformedPage(spec.what, client.host, 'not JSON');
    }
    const items = spec.items(body);
    const fresh = items.filter((item) => !seenItems.has(spec.cursor(item)));
    for (const item of fresh) seenItems.add(spec.cursor(item));
    if (fresh.length > 0) yield fresh;
    stalePages = fresh.length > 0 ? 0 : stalePages + 1;
    const link = parseNextLink(response.headers.link);
    if (link !== undefined) {
      const next: URL = client.sameOriginUrl(link, client.origin, 'a pagination link');
      if (next.pathname !== spec.path) throw malformedPage(spec.what, client.host, 'Link points to another listing');
      if (seenLinks.has(next.href) || stalePages >= MAX_STALE_PAGES) {
        throw malformedPage(spec.what, client.host, 'pagination does not advance');
      }
      seenLinks.add(next.href);
      target = next;
      query = undefined;
      continuing = false;
      continue;
    }
    const exhausted = items.length !== requested || (continuing && fresh.length === 0);
    if (exhausted) return;
    target = spec.path;
    query = { ...spec.query, n: String(spec.pageSize), last: spec.cursor(items[items.length - 1]!) };
    continuing = true;
  }
}

function pageSizeOf(target: string | URL, query: Record<string, string> | undefined, fallback: number, origin: URL) {
  const n = query?.n ?? new URL(target, origin).searchParams.get('n');
  const value = Number(n);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/** Collect every page. */
export async function collectPages<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
