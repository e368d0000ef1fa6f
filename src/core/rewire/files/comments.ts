/**
 * The parts of a source file that are not comments, as [from, to) ranges. References in comments
 * are left alone: nothing pulls from them, and a note like "moved from myregistry.azurecr.io" must
 * keep its meaning. The lexers know just enough (strings, heredocs) not to mistake `//` in a URL or
 * `#` in a string for a comment.
 */
export type Range = readonly [number, number];

/** Complement of `comments` within [0, length). */
function outside(comments: Range[], length: number): Range[] {
  const ranges: Range[] = [];
  let cursor = 0;
  for (const [from, to] of comments) {
    if (from > cursor) ranges.push([cursor, from]);
    cursor = Math.max(cursor, to);
  }
  if (cursor < length) ranges.push([cursor, length]);
  return ranges;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

/** Dockerfile: a line whose first non-blank character is `#` is a comment (or a parser directive). */
export function dockerfileCode(text: string): Range[] {
  const comments: Range[] = [];
  for (let start = 0; start < text.length; start = lineEnd(text, start) + 1) {
    const end = lineEnd(text, start);
    if (/^\s*#/.test(text.slice(start, end))) comments.push([start, end]);
  }
  return outside(comments, text.length);
}

interface Syntax {
  lineComments: readonly string[];
  quotes: readonly string[];
  /** Bicep's ''' multi-line strings have no escapes. */
  rawTripleQuote: boolean;
  /** Terraform's <<EOF / <<-EOF heredocs. */
  heredocs: boolean;
}

const BICEP: Syntax = { lineComments: ['//'], quotes: ["'"], rawTripleQuote: true, heredocs: false };
const HCL: Syntax = { lineComments: ['#', '//'], quotes: ['"'], rawTripleQuote: false, heredocs: true };

/** Index just past a quoted string opened at `start` (backslash escapes; an unclosed one ends the line). */
function skipString(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\') i += 1;
    else if (c === quote) return i + 1;
    else if (c === '\n') return i;
  }
  return text.length;
}

/** Index just past a heredoc whose `<<[-]MARKER` starts at `start`, or undefined when it is not one. */
function skipHeredoc(text: string, start: number): number | undefined {
  const header = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(text.slice(start, start + 200));
  if (!header) return undefined;
  let line = start + header[0].length;
  while (line < text.length) {
    const end = lineEnd(text, line);
    if (text.slice(line, end).trim() === header[1]) return end;
    line = end + 1;
  }
  return text.length;
}

/** Index just past the token at `i` when it is a string or heredoc, else undefined. */
function skipLiteral(text: string, i: number, syntax: Syntax): number | undefined {
  if (syntax.rawTripleQuote && text.startsWith("'''", i)) {
    const close = text.indexOf("'''", i + 3);
    return close < 0 ? text.length : close + 3;
  }
  if (syntax.quotes.includes(text[i]!)) return skipString(text, i, text[i]!);
  if (syntax.heredocs && text.startsWith('<<', i)) return skipHeredoc(text, i);
  return undefined;
}

function commentsOf(text: string, syntax: Syntax): Range[] {
  const comments: Range[] = [];
  let i = 0;
  while (i < text.length) {
    const literalEnd = skipLiteral(text, i, syntax);
    if (literalEnd !== undefined) {
      i = literalEnd;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      comments.push([i, end]);
      i = end;
    } else if (syntax.lineComments.some((marker) => text.startsWith(marker, i))) {
      const end = lineEnd(text, i);
      comments.push([i, end]);
      i = end;
    } else {
      i += 1;
    }
  }
  return comments;
}

export function bicepCode(text: string): Range[] {
  return outside(commentsOf(text, BICEP), text.length);
}

export function hclCode(text: string): Range[] {
  return outside(commentsOf(text, HCL), text.length);
}
