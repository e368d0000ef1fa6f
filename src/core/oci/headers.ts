/**
 * Parsers for the registry headers that steer the client: WWW-Authenticate challenges and Link
 * (pagination). Both carry registry-supplied text; callers validate the results before use.
 */

export interface Challenge {
  /** Lowercased auth scheme, e.g. "bearer" or "basic". */
  scheme: string;
  /** Lowercased parameter names: realm, service, scope, error, … */
  params: Record<string, string>;
}

/**
 * Parse one or more challenges (RFC 7235): `Bearer realm="…",service="…",scope="a b"`, possibly
 * several challenges in one header (`Basic realm="x", Bearer realm="y"`) or in several headers.
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.flatMap((value) => parseChallengeList(value));
}

function parseChallengeList(text: string): Challenge[] {
  const challenges: Challenge[] = [];
  let i = 0;
  let current: Challenge | undefined;
  const skip = (chars: string) => {
    while (i < text.length && chars.includes(text[i]!)) i++;
  };
  while (i < text.length) {
    skip(' \t,');
    const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(text.slice(i))?.[0];
    if (!token) break;
    i += token.length;
    skip(' \t');
    if (text[i] === '=' && current) {
      i++;
      skip(' \t');
      const [value, next] = readValue(text, i);
      current.params[token.toLowerCase()] = value;
      i = next;
    } else {
      current = { scheme: token.toLowerCase(), params: {} };
      challenges.push(current);
    }
  }
  return challenges;
}

function readValue(text: string, start: number): [string, number] {
  if (text[start] !== '"') {
    const end = text.slice(start).search(/[\s,]/);
    return end < 0 ? [text.slice(start), text.length] : [text.slice(start, start + end), start + end];
  }
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i];
    i++;
  }
  return [value, i + 1];
}

/** The first challenge of the given scheme, if any. */
export function findChallenge(challenges: Challenge[], scheme: string): Challenge | undefined {
  return challenges.find((c) => c.scheme === scheme);
}

/** The target of `rel="next"` in a Link header (RFC 8288), or undefined. */
export function parseNextLink(header: string | string[] | undefined): string | undefined {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const match of value.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]*)*)/g)) {
      const params = match[2] ?? '';
      const rel = /;\s*rel\s*=\s*"?([^";,]*)"?/i.exec(params)?.[1];
      if (rel?.split(/\s+/).includes('next')) return match[1];
    }
  }
  return undefined;
}

/**
 * Retry-After in milliseconds: either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (/^[-+.\d\s]*$/.test(text)) return undefined; // a malformed number is not a date
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
