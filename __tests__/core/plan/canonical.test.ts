import { createHash } from 'node:crypto';
import { emitCanonical, fingerprintOf, relocationIdOf } from '../../../src/core/plan/canonical.js';

function canonicalJson(value: unknown): string {
  const pieces: string[] = [];
  emitCanonical(value, (piece) => pieces.push(piece));
  return pieces.join('');
}

/** The whole-string canonical form plans were fingerprinted with before hashing was streamed. */
function wholeStringCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => wholeStringCanonical(item ?? null)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${wholeStringCanonical(record[key])}`);
  return `{${members.join(',')}}`;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"z":1}]},"b":1}',
    );
  });

  it('gives the same text whatever order the object was built in', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('refuses non-finite numbers instead of writing null silently', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('fingerprintOf', () => {
  it('ignores the fingerprint member itself and changes with any content', () => {
    const base = { a: 1, fingerprint: 'sha256:old' };
    expect(fingerprintOf(base)).toBe(fingerprintOf({ a: 1 }));
    expect(fingerprintOf({ a: 2 })).not.toBe(fingerprintOf({ a: 1 }));
    expect(fingerprintOf({ a: 1 })).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it('hashes in blocks exactly what the whole canonical text would hash (plans keep their fingerprints)', () => {
    const repositories = Array.from({ length: 1_500 }, (_, index) => ({
      name: `team-${index}/app ünïcødé 🚀`,
      manifests: [{ digest: `sha256:${String(index).padStart(64, '0')}`, tags: ['v1', 'line\nbreak'], size: index }],
      dropped: undefined,
    }));
    const document = { z: [undefined, null, 1.5], artifacts: { repositories }, fingerprint: 'sha256:ignored' };
    const { fingerprint: _ignored, ...content } = document;
    const text = wholeStringCanonical(content);
    expect(text.length).toBeGreaterThan(3 * 65_536); // several blocks, split anywhere in the text
    expect(canonicalJson(content)).toBe(text);
    expect(fingerprintOf(document)).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
  });
});

describe('relocationIdOf', () => {
  it('is stable, case-insensitive, and differs per target', () => {
    const id = relocationIdOf(
      '/subscriptions/S/resourceGroups/RG/providers/Microsoft.ContainerRegistry/registries/Src',
      'Target',
    );
    expect(id).toMatch(/^[a-f0-9]{16}$/);
    expect(
      relocationIdOf(
        '/subscriptions/s/resourcegroups/rg/providers/microsoft.containerregistry/registries/src',
        'target',
      ),
    ).toBe(id);
    expect(
      relocationIdOf(
        '/subscriptions/s/resourcegroups/rg/providers/microsoft.containerregistry/registries/src',
        'other',
      ),
    ).not.toBe(id);
  });
});
