/**
 * include-tags: each pattern is a glob (minimatch, e.g. `v1.*`, `release-*`) or a regular expression
 * written between slashes (`/^v\d+\.\d+$/`, optionally with the `i` flag). A tag is kept when it
 * matches any pattern; no pattern keeps every tag. Tags are single path segments, so `*` matches
 * any tag characters.
 */
import { minimatch } from 'minimatch';
import { RelocationError } from '../errors.js';

export type TagFilter = (tag: string) => boolean;

const GLOB_OPTIONS = { nocomment: true, nonegate: true, dot: true } as const;
const REGEX = /^\/(.+)\/(i?)$/s;

function compileOne(pattern: string, label: string): TagFilter {
  const regex = REGEX.exec(pattern);
  if (!regex) return (tag) => minimatch(tag, pattern, GLOB_OPTIONS);
  let compiled: RegExp;
  try {
    compiled = new RegExp(regex[1]!, regex[2]);
  } catch (error) {
    throw new RelocationError(
      'INPUT_INVALID',
      `${label} pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}.`,
      'Write a regular expression between slashes, e.g. /^v\\d+\\.\\d+$/, or use a glob such as v1.*.',
    );
  }
  return (tag) => compiled.test(tag);
}

/** Compile the patterns once (invalid regular expressions fail here, before any work starts). */
export function compileTagFilter(patterns: readonly string[], label = 'include-tags'): TagFilter | undefined {
  const wanted = patterns.map((p) => p.trim()).filter((p) => p.length > 0);
  if (wanted.length === 0) return undefined;
  const filters = wanted.map((pattern) => compileOne(pattern, label));
  return (tag) => filters.some((filter) => filter(tag));
}
