/**
 * Replications and webhooks through the unmodified @azure/arm-containerregistry client: create with
 * its poller, get, list with its pager, update, delete; the home-region replication; webhook secrets
 * (hidden from GET, shown by getCallbackConfig), ping delivered to a local receiver, listEvents.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { all, eventually, startHarness, type Harness, FAST } from './harness.js';

let h: Harness;
const REGISTRY = 'childreplicas01';

beforeAll(async () => {
  h = await startHarness();
  await h.createRegistry(REGISTRY);
});
afterAll(() => h?.stop());

describe('replications', () => {
  it('lists the home-region replication of a Premium registry and refuses another one there', async () => {
    const listed = await all(h.client.replications.list(h.group, REGISTRY));
    expect(listed.map((r) => [r.name, r.location, r.provisioningState, r.status?.displayStatus])).toEqual([
      ['westeurope', 'westeurope', 'Succeeded', 'Ready'],
    ]);
    await expect(
      h.client.replications.beginCreateAndWait(h.group, REGISTRY, 'homeagain', { location: 'westeurope' }, FAST),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: 'Replication could not be created in the same location as the registry.',
    });
    await expect(h.client.replications.beginDeleteAndWait(h.group, REGISTRY, 'westeurope', FAST)).rejects.toMatchObject(
      { statusCode: 400 },
    );
  });

  it('creates, reads, lists, updates and deletes a replication', async () => {
    const created = await h.client.replications.beginCreateAndWait(
      h.group,
      REGISTRY,
      'eastus',
      {
        location: 'East US',
        tags: { team: 'a' },
        zoneRedundancy: 'Enabled',
      },
      FAST,
    );
    expect(created).toMatchObject({
      name: 'eastus',
      location: 'eastus',
      provisioningState: 'Succeeded',
      zoneRedundancy: 'Enabled',
      regionEndpointEnabled: true,
    });
    expect(created.status?.displayStatus).toBe('Ready');
    expect(created.id).toBe(`${h.registryId(REGISTRY)}/replications/eastus`);

    const got = await h.client.replications.get(h.group, REGISTRY, 'eastus');
    expect(got.tags).toEqual({ team: 'a' });
    const names = (await all(h.client.replications.list(h.group, REGISTRY))).map((r) => r.name);
    expect(names).toEqual(['westeurope', 'eastus']);

    const updated = await h.client.replications.beginUpdateAndWait(
      h.group,
      REGISTRY,
      'eastus',
      { tags: { team: 'b' }, regionEndpointEnabled: false },
      FAST,
    );
    expect(updated).toMatchObject({
      tags: { team: 'b' },
      regionEndpointEnabled: false,
      zoneRedundancy: 'Enabled',
      provisioningState: 'Succeeded',
    });

    await expect(
      h.client.replications.beginCreateAndWait(h.group, REGISTRY, 'eastusagain', { location: 'eastus' }, FAST),
    ).rejects.toMatchObject({ statusCode: 409 });
    await h.client.replications.beginDeleteAndWait(h.group, REGISTRY, 'eastus', FAST);
    await expect(h.client.replications.get(h.group, REGISTRY, 'eastus')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('answers the initial PUT with 201, Creating and an Azure-AsyncOperation URL on the emulator', async () => {
    const reply = await h.arm('PUT', `${h.registryId(REGISTRY)}/replications/northeurope`, { location: 'northeurope' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      properties: { provisioningState: 'Creating', status: { displayStatus: 'Provisioning' } },
    });
    const asyncUrl = String(reply.headers['azure-asyncoperation']);
    expect(
      asyncUrl.startsWith(
        `${h.info.armEndpoint}/subscriptions/${h.subscriptionId}/providers/Microsoft.ContainerRegistry/locations/westeurope/operationStatuses/replications-`,
      ),
    ).toBe(true);
    const removed = await h.arm('DELETE', `${h.registryId(REGISTRY)}/replications/northeurope`);
    expect(removed.status).toBe(202);
    expect(String(removed.headers.location)).toContain('/operationResults/replications-');
    expect((await h.arm('DELETE', `${h.registryId(REGISTRY)}/replications/nosuchreplica`)).status).toBe(204);
  });

  it('has no home replication on a Standard registry and 404s for a missing registry', async () => {
    await h.createRegistry('childstandard01', { sku: 'Standard' });
    expect(await all(h.client.replications.list(h.group, 'childstandard01'))).toEqual([]);
    await expect(all(h.client.replications.list(h.group, 'nosuchregistry1'))).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});

describe('webhooks', () => {
  let receiver: Server;
  let received: Array<{ headers: IncomingHttpHeaders; body: string }>;
  let receiverUrl: string;

  beforeAll(async () => {
    received = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202, { 'X-Receiver': 'test' });
        res.end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('keeps the service URI and custom headers secret except for getCallbackConfig', async () => {
    const created = await h.client.webhooks.beginCreateAndWait(
      h.group,
      REGISTRY,
      'hookone',
      {
        location: 'westeurope',
        tags: { k: 'v' },
        serviceUri: receiverUrl,
        customHeaders: { Authorization: 'Bearer secret-value' },
        actions: ['push', 'delete'],
        scope: 'app:*',
      },
      FAST,
    );
    expect(created).toMatchObject({
      name: 'hookone',
      provisioningState: 'Succeeded',
      status: 'enabled',
      scope: 'app:*',
      actions: ['push', 'delete'],
    });
    const raw = await h.arm('GET', `${h.registryId(REGISTRY)}/webhooks/hookone`);
    expect(JSON.stringify(raw.body)).not.toContain('secret-value');
    expect(JSON.stringify(raw.body)).not.toContain(receiverUrl);
    const config = await h.client.webhooks.getCallbackConfig(h.group, REGISTRY, 'hookone');
    expect(config).toEqual({ serviceUri: receiverUrl, customHeaders: { Authorization: 'Bearer secret-value' } });
  });

  it('delivers a ping to the service URI and lists it as an event', async () => {
    const ping = await h.client.webhooks.ping(h.group, REGISTRY, 'hookone');
    expect(ping.id).toMatch(/^[0-9a-f-]{36}$/);
    const delivery = await eventually(() => received.find((r) => r.body.includes(ping.id ?? 'none')));
    expect(delivery.headers.authorization).toBe('Bearer secret-value');
    expect(JSON.parse(delivery.body)).toMatchObject({ id: ping.id, action: 'ping' });
    const event = await eventually(async () => {
      const events = await all(h.client.webhooks.listEvents(h.group, REGISTRY, 'hookone'));
      const found = events.find((e) => e.id === ping.id);
      return found?.eventResponseMessage?.statusCode ? found : undefined;
    });
    expect(event.eventRequestMessage).toMatchObject({
      method: 'POST',
      requestUri: receiverUrl,
      content: { action: 'ping' },
    });
    expect(event.eventRequestMessage?.headers).toMatchObject({ Authorization: '******' });
    expect(event.eventResponseMessage).toMatchObject({ statusCode: '202', content: 'thanks' });
  });

  it('updates, lists and deletes webhooks; another location is RegistryResourceNotFound', async () => {
    const updated = await h.client.webhooks.beginUpdateAndWait(
      h.group,
      REGISTRY,
      'hookone',
      { status: 'disabled', serviceUri: 'http://127.0.0.1:9/other' },
      FAST,
    );
    expect(updated).toMatchObject({ status: 'disabled', actions: ['push', 'delete'] });
    expect((await h.client.webhooks.getCallbackConfig(h.group, REGISTRY, 'hookone')).serviceUri).toBe(
      'http://127.0.0.1:9/other',
    );
    expect((await all(h.client.webhooks.list(h.group, REGISTRY))).map((w) => w.name)).toEqual(['hookone']);
    await expect(
      h.client.webhooks.beginCreateAndWait(
        h.group,
        REGISTRY,
        'hooktwo',
        { location: 'eastus', serviceUri: receiverUrl, actions: ['push'] },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 404, code: 'RegistryResourceNotFound' });
    await h.client.webhooks.beginDeleteAndWait(h.group, REGISTRY, 'hookone', FAST);
    expect(await all(h.client.webhooks.list(h.group, REGISTRY))).toEqual([]);
  });

  it('accepts a webhook in a replica region of a geo-replicated registry, which keeps that location', async () => {
    await h.client.replications.beginCreateAndWait(h.group, REGISTRY, 'northeurope', { location: 'northeurope' }, FAST);
    const regional = await h.client.webhooks.beginCreateAndWait(
      h.group,
      REGISTRY,
      'hookregional',
      { location: 'North Europe', serviceUri: receiverUrl, actions: ['push'] },
      FAST,
    );
    expect(regional).toMatchObject({ name: 'hookregional', location: 'northeurope', provisioningState: 'Succeeded' });
    expect((await h.client.webhooks.get(h.group, REGISTRY, 'hookregional')).location).toBe('northeurope');
    await expect(
      h.client.webhooks.beginCreateAndWait(
        h.group,
        REGISTRY,
        'hookregional',
        { location: 'westeurope', serviceUri: receiverUrl, actions: ['push'] },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidResourceLocation' });
    await expect(
      h.client.webhooks.beginCreateAndWait(
        h.group,
        REGISTRY,
        'hookelsewhere',
        { location: 'westus', serviceUri: receiverUrl, actions: ['push'] },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 404, code: 'RegistryResourceNotFound' });
    await h.client.webhooks.beginDeleteAndWait(h.group, REGISTRY, 'hookregional', FAST);
    await h.client.replications.beginDeleteAndWait(h.group, REGISTRY, 'northeurope', FAST);
  });
});
