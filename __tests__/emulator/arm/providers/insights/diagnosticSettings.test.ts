import { MonitorClient } from '@azure/arm-monitor';
import {
  armOptions,
  armRequest,
  credentialOf,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { registryInNewGroup } from '../../../helpers/armSetup.js';

describe('Microsoft.Insights diagnosticSettings through @azure/arm-monitor 7', () => {
  let emulator: Emulator;
  let monitor: MonitorClient;
  let registryId = '';
  const workspaceId =
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/central';

  beforeAll(async () => {
    emulator = await startTestEmulator();
    monitor = new MonitorClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    registryId = (await registryInNewGroup(emulator, 'rg-diag', 'diagacr01')).id ?? '';
  });
  afterAll(() => emulator.stop());

  it('creates, reads and lists a registry diagnostic setting (extension resource at the registry scope)', async () => {
    const created = await monitor.diagnosticSettings.createOrUpdate(registryId, 'to-workspace', {
      workspaceId,
      logs: [
        { category: 'ContainerRegistryRepositoryEvents', enabled: true },
        { category: 'ContainerRegistryLoginEvents', enabled: false },
      ],
      metrics: [{ category: 'AllMetrics', enabled: true }],
    });
    expect(created).toMatchObject({
      name: 'to-workspace',
      type: 'Microsoft.Insights/diagnosticSettings',
      workspaceId,
      id: `${registryId}/providers/microsoft.insights/diagnosticSettings/to-workspace`,
    });
    expect(created.logs?.map((l) => [l.category, l.enabled])).toEqual([
      ['ContainerRegistryRepositoryEvents', true],
      ['ContainerRegistryLoginEvents', false],
    ]);
    const got = await monitor.diagnosticSettings.get(registryId, 'to-workspace');
    expect(got.metrics?.[0]).toMatchObject({ category: 'AllMetrics', enabled: true });
    await monitor.diagnosticSettings.createOrUpdate(registryId, 'to-storage', {
      storageAccountId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z',
      logs: [],
    });
    const listed = await monitor.diagnosticSettings.list(registryId);
    expect(listed.value?.map((s) => s.name)).toEqual(['to-workspace', 'to-storage']);
  });

  it('answers Azure Monitor errors: no destination, unknown category, unknown setting, missing resource', async () => {
    await expect(monitor.diagnosticSettings.createOrUpdate(registryId, 'nowhere', { logs: [] })).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
    });
    await expect(
      monitor.diagnosticSettings.createOrUpdate(registryId, 'bad', {
        workspaceId,
        logs: [{ category: 'KubeAudit', enabled: true }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: "Category 'KubeAudit' is not supported." });
    await expect(monitor.diagnosticSettings.get(registryId, 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    const missing = `${registryId.replace('diagacr01', 'missingacr')}`;
    await expect(monitor.diagnosticSettings.createOrUpdate(missing, 'x', { workspaceId })).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('works at subscription scope, and deletion removes only the named setting (settings go with their resource)', async () => {
    const scope = `/subscriptions/${emulator.subscriptionId}`;
    await monitor.diagnosticSettings.createOrUpdate(scope, 'activity', {
      workspaceId,
      logs: [{ category: 'Administrative', enabled: true }],
    });
    expect((await monitor.diagnosticSettings.list(scope)).value?.map((s) => s.name)).toEqual(['activity']);
    await monitor.diagnosticSettings.delete(registryId, 'to-storage');
    expect((await monitor.diagnosticSettings.list(registryId)).value?.map((s) => s.name)).toEqual(['to-workspace']);
    const again = await armRequest(
      emulator,
      'DELETE',
      `${registryId}/providers/Microsoft.Insights/diagnosticSettings/to-storage`,
      { apiVersion: '2021-05-01-preview' },
    );
    expect(again.status).toBe(204);
    emulator.arm.store.deleteTree(registryId);
    expect(
      emulator.arm.store.get(`${registryId}/providers/microsoft.insights/diagnosticSettings/to-workspace`),
    ).toBeUndefined();
  });
});
