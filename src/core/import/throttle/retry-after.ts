/**
 * How long a throttled (or failing) service asks us to wait, in every form Azure uses:
 *   retry-after-ms: 1500          milliseconds (Azure SDK convention)
 *   x-ms-retry-after-ms: 1500     milliseconds (ARM, Storage)
 *   Retry-After: 2                delay-seconds (RFC 9110)
 *   Retry-After: <HTTP-date>      an absolute time (RFC 9110)
 * The millisecond headers win (more precise). A date in the past means "now" (0). Every wait is then
 * capped by the caller: a service may ask for minutes, a job should not sleep that long blindly.
 */
import { parseRetryAfter } from '../../oci/headers.js';

/** Header lookup, case-insensitive (Azure SDK HttpHeaders, Node's IncomingHttpHeaders, a Map). */
export type HeaderGetter = (name: string) => string | undefined;

function milliseconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  return Math.round(Number(text));
}

/** The wait asked for, in ms; undefined when no header says anything usable. */
export function retryAfterMs(get: HeaderGetter, now: number): number | undefined {
  return (
    milliseconds(get('retry-after-ms')) ??
    milliseconds(get('x-ms-retry-after-ms')) ??
    parseRetryAfter(get('retry-after'), now)
  );
}

/** A getter over a plain header record (any case). */
export function headerGetter(headers: Record<string, string | string[] | undefined> | undefined): HeaderGetter {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) lower.set(name.toLowerCase(), first);
  }
  return (name) => lower.get(name.toLowerCase());
}

export function capWait(ms: number, maxMs: number): number {
  return Math.max(0, Math.min(ms, maxMs));
}

/** Exponential backoff with equal jitter (half fixed, half random): waits never collapse to 0. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
