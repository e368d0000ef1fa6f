import { createHash } from 'node:crypto';
import { TextBlocks } from '../util/text-blocks.js';

/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, `undefined` members dropped.
 * Two documents with the same content always give the same text, whatever order they were built in.
 *
 * The text is produced in pieces (emitCanonical) so a fingerprint can hash a plan of 100,000 tags
 * without ever holding its 50 MB of canonical text, or the strings of every level, at once.
 */
export function emitCanonical(value: unknown, emit: (piece: string) => void): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON: non-finite number');
    emit(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    emit('[');
    value.forEach((item: unknown, index) => {
      if (index > 0) emit(',');
      emitCanonical(item ?? null, emit);
    });
    emit(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  emit('{');
  keys.forEach((key, index) => {
    emit(index > 0 ? `,${JSON.stringify(key)}:` : `${JSON.stringify(key)}:`);
    emitCanonical(record[key], emit);
  });
  emit('}');
}

/** "sha256:<hex>" of a document's canonical JSON, leaving out its own `fingerprint` member. */
export function fingerprintOf(document: object): string {
  const { fingerprint: _ignored, ...content } = document as Record<string, unknown>;
  const hash = createHash('sha256');
  const blocks = new TextBlocks(65_536, (block) => hash.update(block, 'utf8'));
  emitCanonical(content, (piece) => blocks.add(piece));
  blocks.end();
  return `sha256:${hash.digest('hex')}`;
}

/** Stable id of a relocation: the same source and target name always give the same id. */
export function relocationIdOf(sourceResourceId: string, targetName: string): string {
  const basis = `${sourceResourceId.toLowerCase()}|${targetName.toLowerCase()}`;
  return createHash('sha256').update(basis).digest('hex').slice(0, 16);
}
