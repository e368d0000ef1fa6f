/**
 * Replays every example of the reference spec (emulator/reference/arm-containerregistry) whose
 * operation this module implements: registries CRUD, checkNameAvailability, credentials and usages.
 * The emulator must answer with a documented status code and the documented shape.
 */
import { armRequest, startTestEmulator, type Emulator, type RawReply } from '../../../helpers/testEmulator.js';
import { loadArmExample, shapeDifferences, type ArmExample } from '../../../helpers/exampleShape.js';

const API = '2025-11-01';

describe('reference examples of Microsoft.ContainerRegistry registries', () => {
  let emulator: Emulator;
  const rg = 'myResourceGroup';
  const registryPath = (name: string) =>
    `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}`;

  beforeAll(async () => {
    emulator = await startTestEmulator({ scenarios: [] });
    await armRequest(emulator, 'PUT', `/subscriptions/${emulator.subscriptionId}/resourcegroups/${rg}`, {
      apiVersion: '2025-04-01',
      body: { location: 'westus' },
    });
  });
  afterAll(() => emulator.stop());

  /** The documented response for the status we got, after checking the status is documented. */
  function documented(example: ArmExample, reply: RawReply): { body?: unknown; headers?: Record<string, string> } {
    expect(Object.keys(example.responses)).toContain(String(reply.status));
    return example.responses[String(reply.status)] ?? {};
  }

  async function waitUntilSettled(name: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const reply = await armRequest(emulator, 'GET', registryPath(name), { apiVersion: API });
      if (reply.status === 404 || reply.body?.properties?.provisioningState === 'Succeeded') return;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  it.each([
    ['RegistryCreate', 'myregistry', {}],
    ['RegistryCreateAbac', 'myregistryabac', { allowExtra: true }],
    ['RegistryCreateZoneRedundant', 'myregistryzones', {}],
  ])('%s: 201 while creating, 200 when replaced, shapes as documented', async (name, registryName, options) => {
    const example = loadArmExample(name);
    const created = await armRequest(emulator, 'PUT', registryPath(registryName), {
      apiVersion: API,
      body: example.parameters.registry,
    });
    expect(created.status).toBe(201);
    expect(created.headers['azure-asyncoperation']).toMatch(/operationStatuses/);
    // The ABAC example omits azureADAuthenticationAsArmPolicy, which the service returns for every registry.
    expect(shapeDifferences(documented(example, created).body, created.body, options)).toEqual([]);
    await waitUntilSettled(registryName);
    const replaced = await armRequest(emulator, 'PUT', registryPath(registryName), {
      apiVersion: API,
      body: example.parameters.registry,
    });
    expect(shapeDifferences(documented(example, replaced).body, replaced.body, options)).toEqual([]);
    await waitUntilSettled(registryName);
  });

  it('RegistryGet', async () => {
    const example = loadArmExample('RegistryGet');
    const reply = await armRequest(emulator, 'GET', registryPath('myregistry'), { apiVersion: API });
    expect(shapeDifferences(documented(example, reply).body, reply.body)).toEqual([]);
  });

  it('RegistryUpdate', async () => {
    const example = loadArmExample('RegistryUpdate');
    const reply = await armRequest(emulator, 'PATCH', registryPath('myregistry'), {
      apiVersion: API,
      body: example.parameters.registryUpdateParameters,
    });
    const doc = documented(example, reply);
    expect(shapeDifferences(doc.body, reply.body)).toEqual([]);
    for (const headerName of Object.keys(doc.headers ?? {}))
      expect(reply.headers[headerName.toLowerCase()]).toBeDefined();
    await waitUntilSettled('myregistry');
  });

  it.each([
    [
      'RegistryList',
      () => `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.ContainerRegistry/registries`,
    ],
    [
      'RegistryListByResourceGroup',
      () =>
        `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries`,
    ],
  ])('%s', async (name, path) => {
    const example = loadArmExample(name);
    const reply = await armRequest(emulator, 'GET', path(), { apiVersion: API });
    expect(shapeDifferences(documented(example, reply).body, reply.body)).toEqual([]);
    expect(reply.body.value).toHaveLength(3);
  });

  it.each([
    ['RegistryCheckNameAvailable', 'unusedname1'],
    ['RegistryCheckNameNotAvailable', 'myregistry'],
  ])('%s', async (name, candidate) => {
    const example = loadArmExample(name);
    const body = { ...(example.parameters.registryNameCheckRequest as object), name: candidate };
    const reply = await armRequest(
      emulator,
      'POST',
      `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.ContainerRegistry/checkNameAvailability`,
      { apiVersion: API, body },
    );
    expect(shapeDifferences(documented(example, reply).body, reply.body)).toEqual([]);
  });

  it.each([
    ['RegistryListCredentials', 'listCredentials', undefined],
    ['RegistryRegenerateCredential', 'regenerateCredential', 'regenerateCredentialParameters'],
  ])('%s', async (name, action, bodyParameter) => {
    const example = loadArmExample(name);
    await armRequest(emulator, 'PATCH', registryPath('myregistry'), {
      apiVersion: API,
      body: { properties: { adminUserEnabled: true } },
    });
    await waitUntilSettled('myregistry');
    const body = bodyParameter ? example.parameters[bodyParameter] : undefined;
    const reply = await armRequest(emulator, 'POST', `${registryPath('myregistry')}/${action}`, {
      apiVersion: API,
      body,
    });
    expect(shapeDifferences(documented(example, reply).body, reply.body)).toEqual([]);
  });

  it('RegistryListUsages', async () => {
    const example = loadArmExample('RegistryListUsages');
    const reply = await armRequest(emulator, 'GET', `${registryPath('myregistry')}/listUsages`, { apiVersion: API });
    expect(shapeDifferences(documented(example, reply).body, reply.body)).toEqual([]);
  });

  it('RegistryDelete: 202 with Location, then 204 once gone', async () => {
    const example = loadArmExample('RegistryDelete');
    const reply = await armRequest(emulator, 'DELETE', registryPath('myregistryzones'), { apiVersion: API });
    const doc = documented(example, reply);
    expect(reply.status).toBe(202);
    for (const headerName of Object.keys(doc.headers ?? {}))
      expect(reply.headers[headerName.toLowerCase()]).toBeDefined();
    await waitUntilSettled('myregistryzones');
    const again = await armRequest(emulator, 'DELETE', registryPath('myregistryzones'), { apiVersion: API });
    documented(example, again);
    expect(again.status).toBe(204);
  });
});
