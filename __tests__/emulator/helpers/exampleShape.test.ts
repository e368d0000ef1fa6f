import { loadArmExample, shapeDifferences } from './exampleShape.js';

describe('shapeDifferences', () => {
  it('accepts the same shape with other values', () => {
    expect(
      shapeDifferences({ a: 'x', b: [{ c: 1 }], d: null }, { a: 'y', b: [{ c: 2 }, { c: 3 }], d: { any: true } }),
    ).toEqual([]);
  });

  it('reports missing, extra and mistyped properties with their paths', () => {
    expect(shapeDifferences({ a: 'x', b: { c: 1 } }, { b: { c: '1' }, e: true })).toEqual([
      '$.a: missing',
      '$.e: not in the example',
      '$.b.c: expected number, got string',
    ]);
    expect(shapeDifferences({ a: 'x' }, { a: 'x', e: true }, { allowExtra: true })).toEqual([]);
    expect(shapeDifferences({ list: [{ id: 'x' }] }, { list: [] })).toEqual(['$.list: expected a non-empty array']);
    expect(shapeDifferences({ list: [{ id: 'x' }] }, { list: [{ id: 1 }] })).toEqual([
      '$.list[0].id: expected string, got number',
    ]);
  });

  it('loads the reference examples', () => {
    expect(loadArmExample('RegistryGet').operationId).toBe('Registries_Get');
  });
});
