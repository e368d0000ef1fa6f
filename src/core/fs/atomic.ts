import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Write a file so readers see either the old content or the new, never half of it:
 * write a temp file beside it, then rename over (atomic on one file system).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await replaceAtomically(path, (temp) => writeFile(temp, content));
}

/**
 * `write` fills a new temporary file beside `path`, which then replaces `path`; on any failure the
 * temporary file is removed and `path` is left as it was.
 */
export async function replaceAtomically(path: string, write: (temp: string) => Promise<void> | void): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await write(temp);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
