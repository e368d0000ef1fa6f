import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceStore } from '../../../emulator/src/arm/store.js';

describe('ResourceStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('compares ids case-insensitively, keeps the first casing and lists in creation order', () => {
    const store = new ResourceStore();
    store.put('/subscriptions/S/resourceGroups/RG', 'Microsoft.Resources/resourceGroups', { name: 'RG' });
    store.put('/subscriptions/S/resourceGroups/RG/providers/X.Y/things/a', 'X.Y/things', { name: 'a' });
    store.put('/subscriptions/s/resourcegroups/rg', 'Microsoft.Resources/resourceGroups', { name: 'RG', tags: {} });
    expect(store.get('/SUBSCRIPTIONS/s/RESOURCEGROUPS/rg')?.id).toBe('/subscriptions/S/resourceGroups/RG');
    expect(store.list().map((r) => r.body.name)).toEqual(['RG', 'a']);
    expect(store.list({ type: 'x.y/THINGS' })).toHaveLength(1);
  });

  it('deletes a resource with everything under it and tells listeners, leaving siblings alone', () => {
    const store = new ResourceStore();
    const removedTypes: string[] = [];
    store.onDeleted((removed) => removedTypes.push(...removed.map((r) => r.type)));
    store.put('/subscriptions/s/resourceGroups/rg', 'G', {});
    store.put('/subscriptions/s/resourceGroups/rg/providers/X/t/a', 'T', {});
    store.put('/subscriptions/s/resourceGroups/rg/providers/X/t/a/providers/Microsoft.Authorization/locks/l', 'L', {});
    store.put('/subscriptions/s/resourceGroups/rg2', 'G', {});
    store.deleteTree('/subscriptions/s/resourceGroups/rg');
    expect(store.list().map((r) => r.id)).toEqual(['/subscriptions/s/resourceGroups/rg2']);
    expect(removedTypes).toEqual(['G', 'T', 'L']);
  });

  it('persists to the state directory and reloads with internal data', () => {
    const store = new ResourceStore(dir);
    store.put('/a', 'T', { name: 'a' }, { secret: 'x' });
    store.flush();
    const reloaded = new ResourceStore(dir);
    expect(reloaded.get('/a')).toMatchObject({ body: { name: 'a' }, internal: { secret: 'x' } });
    reloaded.put('/b', 'T', {});
    expect(reloaded.list().map((r) => r.id)).toEqual(['/a', '/b']);
  });
});
