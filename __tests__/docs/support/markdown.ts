/**
 * Just enough Markdown reading for the documentation tests: fenced code blocks (with the HTML comment
 * that precedes them), inline links, and the anchors GitHub derives from headings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');

export function readRepoFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

export interface CodeBlock {
  /** The info string after the opening fence (`yaml`, `sh`, ...). */
  language: string;
  /** The block's text: every line between the fences, each with its newline. */
  text: string;
  /** The HTML comment on the last non-blank line before the fence, without `<!--` and `-->`. */
  marker?: string;
  /** 1-based line of the opening fence. */
  line: number;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;
const COMMENT = /^\s*<!--\s*(.*?)\s*-->\s*$/;

/** Every fenced code block, in order. An unclosed fence runs to the end of the file, as CommonMark says. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    let previous = i - 1;
    while (previous >= 0 && lines[previous]!.trim() === '') previous--;
    const marker = previous >= 0 ? COMMENT.exec(lines[previous]!)?.[1] : undefined;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j]!;
      if (close.trim().startsWith(fence!) && close.trim().replace(/[`~]/g, '') === '') break;
      body.push(indent ? close.replace(new RegExp(`^ {0,${indent.length}}`), '') : close);
    }
    blocks.push({
      language: info!.trim().split(/\s+/)[0] ?? '',
      text: body.map((l) => `${l}\n`).join(''),
      ...(marker !== undefined ? { marker } : {}),
      line: i + 1,
    });
    i = j;
  }
  return blocks;
}

/** The Markdown without its fenced code blocks (what they hold is not Markdown). */
export function withoutFences(markdown: string): string {
  const lines = markdown.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) {
      kept.push(lines[i]!);
      continue;
    }
    let j = i + 1;
    while (j < lines.length && !(lines[j]!.trim().startsWith(open[2]!) && lines[j]!.trim().replace(/[`~]/g, '') === ''))
      j++;
    i = j;
  }
  return kept.join('\n');
}

/** Targets of inline links and images: `[text](target)` and `![alt](target "title")`. */
export function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  const prose = withoutFences(markdown).replace(/`[^`\n]*`/g, '');
  for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]!);
  return targets;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}
