import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ResourceManagementClient } from '@azure/arm-resources';
import { pageOf } from '../../../emulator/src/arm/paging.js';
import {
  armOptions,
  armRequest,
  credentialOf,
  FAST_POLL,
  startTestEmulator,
  type Emulator,
} from '../helpers/testEmulator.js';

describe('paging with nextLink', () => {
  it('slices by page size and $top, and links to the next page with a $skipToken', () => {
    const items = [1, 2, 3, 4, 5];
    const query = new URLSearchParams('api-version=2025-11-01');
    const first = pageOf(items, 'https://127.0.0.1:1', '/x', query, 2);
    expect(first.value).toEqual([1, 2]);
    const next = new URL(first.nextLink ?? '');
    expect(next.searchParams.get('api-version')).toBe('2025-11-01');
    const second = pageOf(items, 'https://127.0.0.1:1', '/x', next.searchParams, 2);
    expect(second.value).toEqual([3, 4]);
    const last = pageOf(items, 'https://127.0.0.1:1', '/x', new URL(second.nextLink ?? '').searchParams, 2);
    expect(last).toEqual({ value: [5] });
    expect(pageOf(items, 'https://h', '/x', new URLSearchParams('$top=1'), 100).value).toEqual([1]);
    expect(() => pageOf(items, 'https://h', '/x', new URLSearchParams('$top=0'), 100)).toThrow(/\$top/);
    expect(() => pageOf(items, 'https://h', '/x', new URLSearchParams('$skipToken=garbage'), 100)).toThrow(
      /skip token/,
    );
  });

  describe('through the SDK pagers', () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await startTestEmulator({ pageSize: 2 });
    });
    afterAll(() => emulator.stop());

    it('@azure/arm-containerregistry follows every nextLink', async () => {
      const acr = new ContainerRegistryManagementClient(
        credentialOf(emulator),
        emulator.subscriptionId,
        armOptions(emulator),
      );
      const rg = emulator.registries()[0]?.resourceGroup ?? '';
      for (const name of ['pagedacr01', 'pagedacr02', 'pagedacr03', 'pagedacr04'])
        await acr.registries.create(rg, name, { location: 'westeurope', sku: { name: 'Basic' } }, FAST_POLL);
      const before = emulator.requests.lastSeq();
      const names: string[] = [];
      for await (const registry of acr.registries.list()) names.push(registry.name ?? '');
      expect(names).toEqual([emulator.registries()[0]?.name, 'pagedacr01', 'pagedacr02', 'pagedacr03', 'pagedacr04']);
      const pages = emulator.requests.list({ service: 'arm', afterSeq: before, method: 'GET' });
      expect(pages).toHaveLength(3);
      expect(decodeURIComponent(pages[1]?.path ?? '')).toContain('$skipToken=');
    });

    it('@azure/arm-resources follows nextLinks, and $top sets a smaller page', async () => {
      const resources = new ResourceManagementClient(
        credentialOf(emulator),
        emulator.subscriptionId,
        armOptions(emulator),
      );
      for (const name of ['rg-page-a', 'rg-page-b'])
        await resources.resourceGroups.createOrUpdate(name, { location: 'eastus' });
      const names: string[] = [];
      for await (const group of resources.resourceGroups.list()) names.push(group.name ?? '');
      expect(names).toEqual(['rg-relocation-source', 'rg-page-a', 'rg-page-b']);
      const top = await armRequest(emulator, 'GET', `/subscriptions/${emulator.subscriptionId}/resourcegroups?$top=1`, {
        apiVersion: '2025-04-01',
      });
      expect(top.body.value).toHaveLength(1);
      expect(top.body.nextLink).toContain('%24top=1');
    });
  });
});
