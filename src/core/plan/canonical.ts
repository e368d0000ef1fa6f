import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, `undefined` members dropped.
 * Two documents with the same content always give the same text, whatever order they were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** "sha256:<hex>" of a document's canonical JSON, leaving out its own `fingerprint` member. */
export function fingerprintOf(document: object): string {
  const { fingerprint: _ignored, ...content } = document as Record<string, unknown>;
  return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
}

/** Stable id of a relocation: the same source and target name always give the same id. */
export function relocationIdOf(sourceResourceId: string, targetName: string): string {
  const basis = `${sourceResourceId.toLowerCase()}|${targetName.toLowerCase()}`;
  return createHash('sha256').update(basis).digest('hex').slice(0, 16);
}
