import { canonicalJson, fingerprintOf, relocationIdOf } from '../../../src/core/plan/canonical.js';

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
