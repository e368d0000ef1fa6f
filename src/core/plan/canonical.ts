import { createHash, type Hash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, `undefined` members dropped.
 * Two documents with the same content always give the same text, whatever order they were built in.
 *
 * The text is produced in pieces (emitCanonical) so a fingerprint can hash a plan of 100,000 tags
 * without ever holding its 50 MB of canonical text, or the strings of every level, at once.
 */
export function emitCanonical(value: unknown, emit: (piece: string) => void): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
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

export function canonicalJson(value: unknown): string {
  const pieces: string[] = [];
  emitCanonical(value, (piece) => pieces.push(piece));
  return pieces.join('');
}

/** Feeds a hash in blocks of about 64 KiB: one update per piece would cost more than the hashing. */
class BlockHasher {
  private pieces: string[] = [];
  private length = 0;
  constructor(private readonly hash: Hash) {}

  add(piece: string): void {
    this.pieces.push(piece);
    this.length += piece.length;
    if (this.length >= 65_536) this.flush();
  }

  flush(): void {
    if (this.pieces.length > 0) this.hash.update(this.pieces.join(''), 'utf8');
    this.pieces = [];
    this.length = 0;
  }
}

/** "sha256:<hex>" of a document's canonical JSON, leaving out its own `fingerprint` member. */
export function fingerprintOf(document: object): string {
  const { fingerprint: _ignored, ...content } = document as Record<string, unknown>;
  const hash = createHash('sha256');
  const hasher = new BlockHasher(hash);
  emitCanonical(content, (piece) => hasher.add(piece));
  hasher.flush();
  return `sha256:${hash.digest('hex')}`;
}

/** Stable id of a relocation: the same source and target name always give the same id. */
export function relocationIdOf(sourceResourceId: string, targetName: string): string {
  const basis = `${sourceResourceId.toLowerCase()}|${targetName.toLowerCase()}`;
  return createHash('sha256').update(basis).digest('hex').slice(0, 16);
}
