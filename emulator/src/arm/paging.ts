/**
 * List paging as ARM resource providers do it: a page of `value` and a `nextLink` (absolute, pointing
 * back at the emulator, carrying api-version and a $skipToken) while more remain. `$top` sets the page
 * size when smaller than the emulator's page size, so SDK pagers really follow nextLinks in tests.
 */
import { ArmError } from './errors.js';

export function pageOf<T>(
  items: readonly T[],
  armUrl: string,
  rawPath: string,
  query: URLSearchParams,
  pageSize: number,
): { value: T[]; nextLink?: string } {
  const top = query.get('$top');
  let size = pageSize;
  if (top !== null) {
    const parsed = Number(top);
    if (!Number.isInteger(parsed) || parsed < 1) {
      throw new ArmError(
        400,
        'InvalidTopParameter',
        `The value '${top}' of the $top query parameter is not valid. It must be a positive integer.`,
      );
    }
    size = Math.min(size, parsed);
  }
  const token = query.get('$skipToken') ?? query.get('$skiptoken');
  const offset = token === null ? 0 : decodeSkipToken(token);
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  const next = new URLSearchParams(query);
  next.delete('$skiptoken');
  next.set('$skipToken', encodeSkipToken(offset + size));
  return { value, nextLink: `${armUrl}${rawPath}?${next.toString()}` };
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decodeSkipToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw new ArmError(400, 'InvalidSkipToken', `The skip token '${token}' is not valid.`);
}
