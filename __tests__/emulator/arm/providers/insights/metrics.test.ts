/** Registry metrics through @azure/arm-monitor 7, counted from real pulls and pushes on the emulated data plane. */
import { MonitorClient } from '@azure/arm-monitor';
import { RegistryClient } from '../../../../../emulator/src/seed/oci-client.js';
import { pushArtifact } from '../../../../../emulator/src/seed/images-push.js';
import { generateImage } from '../../../../../emulator/src/seed/images.js';
import {
  armOptions,
  armRequest,
  credentialOf,
  startTestEmulator,
  type Emulator,
} from '../../../helpers/testEmulator.js';
import { registryInNewGroup } from '../../../helpers/armSetup.js';

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

describe('Microsoft.Insights metrics of a container registry', () => {
  let emulator: Emulator;
  let monitor: MonitorClient;
  let registryId = '';
  let start = new Date();
  let registry: RegistryClient;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    monitor = new MonitorClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
    const created = await registryInNewGroup(emulator, 'rg-metrics', 'metricsacr01', { adminUserEnabled: true });
    registryId = created.id ?? '';
    const info = emulator.registries().find((r) => r.name === 'metricsacr01');
    registry = new RegistryClient({
      baseUrl: `https://${created.loginServer}`,
      ca: emulator.tls.caCertPem,
      credentials: { username: info?.adminUser ?? '', password: info?.adminPassword ?? '' },
    });
    start = new Date(Date.now() - 1000);
    await pushArtifact(registry, 'team/app', generateImage('metrics-app'), ['v1']);
    for (let i = 0; i < 3; i++)
      expect((await registry.send('GET', '/v2/team/app/manifests/v1', { headers: { accept: MANIFEST } })).status).toBe(
        200,
      );
    expect((await registry.send('HEAD', '/v2/team/app/manifests/v1', { headers: { accept: MANIFEST } })).status).toBe(
      200,
    );
    expect(
      (await registry.send('GET', '/v2/team/app/manifests/missing', { headers: { accept: MANIFEST } })).status,
    ).toBe(404);
  });
  afterAll(async () => {
    registry.close();
    await emulator.stop();
  });

  function timespan(): string {
    return `${start.toISOString()}/${new Date(Date.now() + 60_000).toISOString()}`;
  }

  function totals(response: Awaited<ReturnType<MonitorClient['metrics']['list']>>): Record<string, number> {
    return Object.fromEntries(
      response.value.map((metric) => [
        metric.name.value,
        metric.timeseries?.[0]?.data?.reduce((sum, point) => sum + (point.total ?? 0), 0) ?? 0,
      ]),
    );
  }

  it('counts manifest pulls and pushes the data plane really served (HEADs, 401 challenges and failures excluded from Successful)', async () => {
    const response = await monitor.metrics.list(registryId, {
      metricnames: 'SuccessfulPullCount,TotalPullCount,SuccessfulPushCount,TotalPushCount',
      timespan: timespan(),
      interval: 'PT1M',
      aggregation: 'Total',
    });
    const manifestPuts = emulator.requests
      .list({ service: 'acr:metricsacr01', kind: 'acr:manifest-put' })
      .filter((e) => e.status === 201).length;
    expect(manifestPuts).toBe(2); // the image by digest, then its tag
    expect(totals(response)).toEqual({
      SuccessfulPullCount: 3,
      TotalPullCount: 4,
      SuccessfulPushCount: manifestPuts,
      TotalPushCount: manifestPuts,
    });
    const metric = response.value[0];
    expect(metric).toMatchObject({
      type: 'Microsoft.Insights/metrics',
      unit: 'Count',
      name: { value: 'SuccessfulPullCount', localizedValue: 'Successful Pull Count' },
      errorCode: 'Success',
    });
    expect(metric?.id).toBe(`${registryId}/providers/Microsoft.Insights/metrics/SuccessfulPullCount`);
    const points = metric?.timeseries?.[0]?.data ?? [];
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (const point of points) expect(point.timeStamp.getTime() % 60_000).toBe(0);
    expect(response.namespace).toBe('Microsoft.ContainerRegistry/registries');
    expect(response.resourceregion).toBe('westeurope');
  });

  it('follows new traffic, and reports nothing for a window before it', async () => {
    await registry.send('GET', '/v2/team/app/manifests/v1', { headers: { accept: MANIFEST } });
    const now = await monitor.metrics.list(registryId, {
      metricnames: 'SuccessfulPullCount',
      timespan: timespan(),
      interval: 'PT1H',
      aggregation: 'Total,Count',
    });
    const data = now.value[0]?.timeseries?.[0]?.data ?? [];
    expect(data.reduce((sum, p) => sum + (p.total ?? 0), 0)).toBe(4);
    expect(data.reduce((sum, p) => sum + (p.count ?? 0), 0)).toBe(4);
    // Azure Monitor's interval=FULL (one bucket for the whole timespan) is not expressible through the SDK.
    const full = await armRequest(
      emulator,
      'GET',
      `${registryId}/providers/Microsoft.Insights/metrics?metricnames=SuccessfulPullCount&interval=FULL&timespan=${encodeURIComponent(timespan())}`,
      { apiVersion: '2018-01-01' },
    );
    expect(full.body.value[0].timeseries[0].data).toEqual([{ timeStamp: start.toISOString(), total: 4 }]);
    const before = new Date(Math.floor((start.getTime() - 3_600_000) / 300_000) * 300_000).toISOString();
    const earlier = await monitor.metrics.list(registryId, {
      metricnames: 'SuccessfulPullCount',
      timespan: `${before}/PT30M`,
      interval: 'PT5M',
    });
    expect(earlier.value[0]?.timeseries?.[0]?.data?.map((p) => p.total)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('reports StorageUsed and answers Azure Monitor errors for unknown metrics and bad timespans', async () => {
    const storage = await monitor.metrics.list(registryId, {
      metricnames: 'StorageUsed',
      timespan: 'PT5M',
      interval: 'PT5M',
      aggregation: 'Average',
    });
    expect(storage.value[0]?.unit).toBe('Bytes');
    expect(storage.value[0]?.timeseries?.[0]?.data?.[0]?.average).toBe(emulator.dataPlanes.sizeOf('metricsacr01'));
    expect(emulator.dataPlanes.sizeOf('metricsacr01')).toBeGreaterThan(0);
    await expect(monitor.metrics.list(registryId, { metricnames: 'PullCount' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message:
        'Failed to find metric configuration for provider: Microsoft.ContainerRegistry, resource Type: registries, metric: PullCount, Valid metrics: AgentPoolCPUTime,RunDuration,StorageUsed,SuccessfulPullCount,SuccessfulPushCount,TotalPullCount,TotalPushCount',
    });
    await expect(monitor.metrics.list(registryId, { timespan: 'yesterday' })).rejects.toMatchObject({
      statusCode: 400,
    });
  });
});
