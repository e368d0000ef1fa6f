/**
 * YAML is never re-serialised (that would drop comments, reflow strings and expand anchors): the
 * yaml package only finds where the values are, and the rewrite edits those bytes in place.
 */
import { isScalar, parseAllDocuments, visit } from 'yaml';
import type { Range } from './comments.js';

/** Aliases may expand to at most this many nodes (the yaml package's own guard against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

export type YamlValues = { ok: true; ranges: Range[] } | { ok: false; reason: string };

/**
 * Source ranges of every scalar value (map values and sequence items, not keys, not comments) in
 * all documents of the stream. Refuses text that is not YAML and alias bombs.
 */
export function yamlValueRanges(text: string): YamlValues {
  const documents = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [];
  const ranges: Range[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) return { ok: false, reason: `not valid YAML (${error.message.split('\n')[0]})` };
    try {
      document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (problem) {
      return { ok: false, reason: `refused: ${(problem as Error).message}` };
    }
    visit(document, {
      Scalar(key, node) {
        if (key !== 'key' && isScalar(node) && node.range) ranges.push([node.range[0], node.range[1]]);
      },
    });
  }
  return { ok: true, ranges: ranges.sort((a, b) => a[0] - b[0]) };
}
