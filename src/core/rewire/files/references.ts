/**
 * Finding a registry host inside text, exactly: `myregistry.azurecr.io/app:1`, `DOCKER|myregistry.azurecr.io/app`,
 * `https://myregistry.azurecr.io` and a bare `myregistry.azurecr.io` match; `notmyregistry.azurecr.io`,
 * `myregistry.azurecr.io.evil.com`, `myregistry.azurecr.io:443/app` and `docker.io/myregistry.azurecr.io/x`
 * do not (they name another host, or the host is only a path segment).
 */

/** One occurrence of the login server as a registry host, as offsets into the text. */
export interface HostOccurrence {
  start: number;
  end: number;
  /** Part of a templated value (`{{ }}`, `${ }`): reported, never edited (the template decides the value). */
  templated: boolean;
}

/** Characters a host name is made of; a longer run around a match means another host. */
const HOST_CHAR = /[A-Za-z0-9.-]/;
/** A reference ends at whitespace or a quote; anything else belongs to the same token. */
const TOKEN_END = /[\s'"`]/;
const TEMPLATE_MARKS = ['{{', '}}', '${'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The run of host characters around [start, end): equal to the match only when it names exactly this host. */
function isWholeHost(text: string, start: number, end: number, from: number, to: number): boolean {
  let before = start;
  while (before > from && HOST_CHAR.test(text[before - 1]!)) before -= 1;
  // A host never starts with "-": `${REGISTRY:-myregistry.azurecr.io}` still names the host.
  while (before < start && text[before] === '-') before += 1;
  if (before !== start) return false;
  let after = end;
  while (after < to && HOST_CHAR.test(text[after]!)) after += 1;
  // One trailing dot is punctuation ("… from myregistry.azurecr.io."), not a longer host.
  if (after === end + 1 && text[end] === '.') after = end;
  if (after !== end) return false;
  // `host:443` is another host string (the login server has no port), so is `host:port` with more digits.
  return !(text[end] === ':' && /[0-9]/.test(text[end + 1] ?? ''));
}

/** What precedes the host: a path separator (not `//` of a URL), a user name or an identifier rules it out. */
function hasHostContext(text: string, start: number, from: number): boolean {
  if (start === from) return true;
  const previous = text[start - 1]!;
  if (previous === '/') return start - 2 >= from && text[start - 2] === '/';
  return previous !== '@' && previous !== '_';
}

/** True when the reference is (part of) a templated value. */
function isTemplated(text: string, start: number, end: number, from: number, to: number): boolean {
  let tokenStart = start;
  while (tokenStart > from && !TOKEN_END.test(text[tokenStart - 1]!)) tokenStart -= 1;
  let tokenEnd = end;
  while (tokenEnd < to && !TOKEN_END.test(text[tokenEnd]!)) tokenEnd += 1;
  const token = text.slice(tokenStart, tokenEnd);
  if (TEMPLATE_MARKS.some((mark) => token.includes(mark))) return true;
  // Inside an expression opened earlier on the line and not yet closed: {{ default "host/app" .Values.x }}.
  const lineStart = Math.max(from, text.lastIndexOf('\n', start - 1) + 1);
  const before = text.slice(lineStart, start);
  const opened = Math.max(before.lastIndexOf('{{'), before.lastIndexOf('${'));
  return opened >= 0 && before.indexOf('}', opened) < 0;
}

/** Every occurrence of `loginServer` as a registry host within text[from, to), case-insensitively. */
export function findHostOccurrences(text: string, loginServer: string, from = 0, to = text.length): HostOccurrence[] {
  if (!loginServer) return [];
  const pattern = new RegExp(escapeRegExp(loginServer), 'gi');
  pattern.lastIndex = from;
  const found: HostOccurrence[] = [];
  for (let match = pattern.exec(text); match && match.index < to; match = pattern.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    if (end > to) break;
    if (!isWholeHost(text, start, end, from, to) || !hasHostContext(text, start, from)) continue;
    found.push({ start, end, templated: isTemplated(text, start, end, from, to) });
  }
  return found;
}

/** Replace the host in one value (an app setting, a linuxFxVersion), or undefined when it names no such host. */
export function replaceHost(value: string, from: string, to: string): string | undefined {
  const occurrences = findHostOccurrences(value, from).filter((o) => !o.templated);
  if (occurrences.length === 0) return undefined;
  let result = value;
  for (const occurrence of [...occurrences].reverse()) {
    result = `${result.slice(0, occurrence.start)}${to}${result.slice(occurrence.end)}`;
  }
  return result;
}
