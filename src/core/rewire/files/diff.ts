/**
 * A unified diff of a rewrite. Host replacement never adds or removes a line break, so line i of the
 * old text is line i of the new one and the diff is a walk over changed lines with context.
 */
const CONTEXT = 3;

/** Lines as they are (a CR of CRLF files stays, so the diff applies to the file byte for byte). */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Groups of changed line indexes whose context windows touch. */
function hunkRanges(changed: number[], total: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const index of changed) {
    const from = Math.max(0, index - CONTEXT);
    const to = Math.min(total, index + CONTEXT + 1);
    const last = ranges[ranges.length - 1];
    if (last && from <= last[1]) last[1] = to;
    else ranges.push([from, to]);
  }
  return ranges;
}

const NO_NEWLINE = '\\ No newline at end of file';

/** `--- a/path` / `+++ b/path` and the hunks; empty when the texts are equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  const oldLines = linesOf(before);
  const newLines = linesOf(after);
  if (oldLines.length !== newLines.length) {
    throw new Error('Programming error: a host rewrite changed the number of lines.');
  }
  const changed = oldLines.flatMap((line, i) => (line === newLines[i] ? [] : [i]));
  if (changed.length === 0) return '';
  const last = oldLines.length - 1;
  // The last line of a file without a final newline carries git's marker, or the diff would not apply.
  const marked = (lines: string[], end: number) =>
    end > last && !before.endsWith('\n') ? [...lines, NO_NEWLINE] : lines;
  const out = [`--- a/${path}`, `+++ b/${path}`];
  const changedSet = new Set(changed);
  for (const [from, to] of hunkRanges(changed, oldLines.length)) {
    const count = to - from;
    out.push(`@@ -${from + 1},${count} +${from + 1},${count} @@`);
    let i = from;
    while (i < to) {
      let end = i + 1;
      if (!changedSet.has(i)) {
        out.push(...marked([` ${oldLines[i]}`], end));
      } else {
        // A run of changed lines: all removals, then all additions (as diff tools print it).
        while (end < to && changedSet.has(end)) end += 1;
        out.push(
          ...marked(
            oldLines.slice(i, end).map((line) => `-${line}`),
            end,
          ),
        );
        out.push(
          ...marked(
            newLines.slice(i, end).map((line) => `+${line}`),
            end,
          ),
        );
      }
      i = end;
    }
  }
  return `${out.join('\n')}\n`;
}
