/**
 * Large JSON documents (a plan of 100,000 tags is about 50 MB) written without building their text:
 * the document is serialised in pieces, exactly as JSON.stringify(value, null, 2) would print it,
 * and written in blocks to a temporary file that is renamed over the target only once complete.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { TextBlocks } from '../util/text-blocks.js';
import { replaceAtomically } from './atomic.js';

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
  await replaceAtomically(path, (temp) => {
    const fd = openSync(temp, 'wx');
    try {
      const blocks = new TextBlocks(BLOCK, (block) => writeAll(fd, Buffer.from(block, 'utf8')));
      emitPrettyJson(value, (piece) => blocks.add(piece));
      blocks.add('\n');
      blocks.end();
    } finally {
      closeSync(fd);
    }
  });
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
}
