/**
 * Large JSON documents (a plan of 100,000 tags is about 50 MB) written without building their text:
 * the document is serialised in pieces, exactly as JSON.stringify(value, null, 2) would print it,
 * and written in blocks to a temporary file that is renamed over the target only once complete.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const INDENT = '  ';
const BLOCK = 1 << 20;

/** Emit `value` as JSON.stringify(value, null, 2) does (toJSON, dropped and nulled members included). */
export function emitPrettyJson(value: unknown, emit: (piece: string) => void): void {
  emitValue(toJsonValue(value, ''), emit, '');
}

/** `json` has had its toJSON applied already. */
function emitValue(json: unknown, emit: (piece: string) => void, indent: string): void {
  if (json === null || typeof json !== 'object') {
    emit(JSON.stringify(json) ?? 'null');
    return;
  }
  const inner = `${indent}${INDENT}`;
  if (Array.isArray(json)) {
    if (json.length === 0) return emit('[]');
    json.forEach((item: unknown, index) => {
      emit(index === 0 ? `[\n${inner}` : `,\n${inner}`);
      const itemJson = toJsonValue(item, String(index));
      if (isOmitted(itemJson)) emit('null');
      else emitValue(itemJson, emit, inner);
    });
    emit(`\n${indent}]`);
    return;
  }
  const record = json as Record<string, unknown>;
  let first = true;
  for (const name of Object.keys(record)) {
    const member = toJsonValue(record[name], name);
    if (isOmitted(member)) continue;
    emit(`${first ? '{' : ','}\n${inner}${JSON.stringify(name)}: `);
    emitValue(member, emit, inner);
    first = false;
  }
  emit(first ? '{}' : `\n${indent}}`);
}

function toJsonValue(value: unknown, key: string): unknown {
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, key) : value;
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Write `value` as indented JSON (plus a final newline) so readers see the old file or the new one,
 * never half of it; memory stays at one block whatever the document's size.
 */
export async function writeJsonFileAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      let pieces: string[] = [];
      let length = 0;
      const flush = () => {
        writeAll(fd, Buffer.from(pieces.join(''), 'utf8'));
        pieces = [];
        length = 0;
      };
      emitPrettyJson(value, (piece) => {
        pieces.push(piece);
        length += piece.length;
        if (length >= BLOCK) flush();
      });
      pieces.push('\n');
      flush();
    } finally {
      closeSync(fd);
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
}
