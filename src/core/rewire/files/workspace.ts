/**
 * Rewriting the selected files of the workspace: read (refusing binaries, huge files and anything a
 * symbolic link would lead to), rewrite in memory, and write back in place only what changed.
 */
import { constants } from 'node:fs';
import { lstat, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveInsideWorkspace } from '../../fs/paths.js';
import { unifiedDiff } from './diff.js';
import { fileKindOf, rewriteText, type Finding } from './rewrite.js';
import { selectFiles } from './select.js';

/** Manifests are small; a file this large is generated or data, not something to edit by pattern. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Where a NUL byte appears in the first bytes, the file is binary. */
const BINARY_SNIFF_BYTES = 8000;

export interface FileChange {
  /** Workspace-relative, `/` separators. */
  path: string;
  /** The new content (UTF-8, byte-identical outside the replaced hosts). */
  content: string;
  replaced: number;
  diff: string;
  executable: boolean;
}

export interface FilesReport {
  examined: number;
  changes: FileChange[];
  /** References seen but not edited (templated values, files refused). */
  findings: Array<Finding & { path: string }>;
  /** Files not read, with why. */
  skipped: Array<{ path: string; reason: string }>;
}

type ReadResult = { text: string; executable: boolean } | { skip: string };

async function readText(workspace: string, path: string): Promise<ReadResult> {
  const full = join(workspace, path);
  const stats = await lstat(full);
  if (!stats.isFile()) return { skip: 'not a regular file' };
  if (stats.size > MAX_FILE_BYTES) return { skip: `larger than ${MAX_FILE_BYTES} bytes: not read` };
  const bytes = await readFile(full);
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { skip: 'binary file: not read' };
  try {
    // ignoreBOM keeps a byte-order mark in the text, so writing it back keeps it too.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text, executable: (stats.mode & 0o111) !== 0 };
  } catch {
    return { skip: 'not UTF-8 text: not read' };
  }
}

/** Find (and unless dryRun, apply) the rewrite of `from` to `to` in the selected files. */
export async function rewriteWorkspace(options: {
  workspace: string;
  patterns: readonly string[];
  patternsLabel: string;
  from: string;
  to: string;
  dryRun: boolean;
}): Promise<FilesReport> {
  const { workspace, from, to } = options;
  const selection = await selectFiles(workspace, options.patterns, options.patternsLabel);
  const report: FilesReport = { examined: 0, changes: [], findings: [], skipped: [...selection.skipped] };
  for (const path of selection.files) {
    const read = await readText(workspace, path);
    if ('skip' in read) {
      report.skipped.push({ path, reason: read.skip });
      continue;
    }
    report.examined += 1;
    const result = rewriteText(read.text, fileKindOf(path), from, to);
    report.findings.push(...result.findings.map((f) => ({ ...f, path })));
    if (result.replaced === 0) continue;
    const diff = unifiedDiff(path, read.text, result.text);
    report.changes.push({ path, content: result.text, replaced: result.replaced, diff, executable: read.executable });
  }
  if (!options.dryRun) {
    for (const change of report.changes) await writeInPlace(workspace, change);
  }
  return report;
}

/**
 * Write back in place (keeping the file's mode and identity). The path is re-checked against the
 * workspace and opened with O_NOFOLLOW, so a link swapped in since the read cannot redirect the write.
 */
async function writeInPlace(workspace: string, change: FileChange): Promise<void> {
  const full = resolveInsideWorkspace(workspace, change.path, 'rewrite-paths');
  const handle = await open(full, constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW);
  try {
    await handle.writeFile(change.content, 'utf8');
  } finally {
    await handle.close();
  }
}
