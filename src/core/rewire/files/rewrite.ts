/**
 * Rewriting one file's text: locate the registry host where it can be a reference (per file kind),
 * replace exactly those bytes, leave everything else byte for byte as it was.
 */
import { posix } from 'node:path';
import { bicepCode, dockerfileCode, hclCode, type Range } from './comments.js';
import { findHostOccurrences, type HostOccurrence } from './references.js';
import { yamlValueRanges } from './yaml.js';

export type FileKind = 'yaml' | 'dockerfile' | 'bicep' | 'hcl' | 'text';

export function fileKindOf(path: string): FileKind {
  const name = posix.basename(path).toLowerCase();
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (/^(docker|container)file(\..+)?$/.test(name) || name.endsWith('.dockerfile')) return 'dockerfile';
  if (name.endsWith('.bicep') || name.endsWith('.bicepparam')) return 'bicep';
  if (/\.(tf|tfvars|hcl)$/.test(name)) return 'hcl';
  return 'text';
}

/** A reference found but not edited, with where it is and why. */
export interface Finding {
  line: number;
  text: string;
  reason: string;
}

export interface TextRewrite {
  /** The new text (the same string when nothing changed). */
  text: string;
  replaced: number;
  /** References seen but left alone (templated values, files that could not be read as their kind). */
  findings: Finding[];
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

function lineTextAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text
    .slice(start, end < 0 ? text.length : end)
    .replace(/\r$/, '')
    .trim();
}

function finding(text: string, occurrence: HostOccurrence, reason: string): Finding {
  return { line: lineOf(text, occurrence.start), text: lineTextAt(text, occurrence.start), reason };
}

function occurrencesIn(text: string, ranges: readonly Range[], host: string): HostOccurrence[] {
  return ranges.flatMap(([from, to]) => findHostOccurrences(text, host, from, to));
}

/** Where references may be, or why the file cannot be edited safely. */
function editableRanges(text: string, kind: FileKind): { ranges: Range[] } | { refused: string } {
  switch (kind) {
    case 'yaml': {
      const values = yamlValueRanges(text);
      return values.ok ? { ranges: values.ranges } : { refused: values.reason };
    }
    case 'dockerfile':
      return { ranges: dockerfileCode(text) };
    case 'bicep':
      return { ranges: bicepCode(text) };
    case 'hcl':
      return { ranges: hclCode(text) };
    default:
      return { ranges: [[0, text.length]] };
  }
}

/** Replace every exact reference to `from` (as a registry host) with `to`. */
export function rewriteText(text: string, kind: FileKind, from: string, to: string): TextRewrite {
  const editable = editableRanges(text, kind);
  if ('refused' in editable) {
    // Nothing is edited; every mention is listed so a person can look.
    const findings = findHostOccurrences(text, from).map((o) => finding(text, o, `${editable.refused}; not edited`));
    return { text, replaced: 0, findings };
  }
  const occurrences = occurrencesIn(text, editable.ranges, from);
  const findings = occurrences.filter((o) => o.templated).map((o) => finding(text, o, 'templated value; not edited'));
  const edits = occurrences.filter((o) => !o.templated);
  let result = text;
  for (const edit of [...edits].reverse()) result = `${result.slice(0, edit.start)}${to}${result.slice(edit.end)}`;
  return { text: result, replaced: edits.length, findings };
}
