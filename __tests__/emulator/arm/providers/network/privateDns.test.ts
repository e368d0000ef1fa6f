import { startTestEmulator, type Emulator } from '../../../helpers/testEmulator.js';
import { DNS_API, RawArm } from './support.js';

const GROUP = 'rg-dns';

describe('Microsoft.Network privateDnsZones and private endpoint DNS zone groups', () => {
  let emulator: Emulator;
  let arm: RawArm;
  let registryId: string;
  let subnetId: string;
  const zonePath = (name: string) => `${arm.group(GROUP)}/providers/Microsoft.Network/privateDnsZones/${name}`;
  const endpointPath = (name: string) => `${arm.group(GROUP)}/providers/Microsoft.Network/privateEndpoints/${name}`;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    arm = new RawArm(emulator);
    await arm.resourceGroup(GROUP, 'swedencentral');
    registryId = await arm.registry(GROUP, 'acrdnstarget01', 'swedencentral');
    subnetId = (
      await arm.vnet(GROUP, 'vnet-dns', 'swedencentral', '10.5.0.0/16', [['snet-pe', '10.5.0.0/24']])
    ).subnetId('snet-pe');
    await arm.put(endpointPath('pe-dns'), arm.endpointBody('swedencentral', subnetId, registryId));
  });
  afterAll(() => emulator.stop());

  it("creates a zone in 'global' only: 202 with Azure-AsyncOperation and Location", async () => {
    const refused = await arm.put(zonePath('privatelink.azurecr.io'), { location: 'swedencentral' }, DNS_API);
    expect(refused.initial.status).toBe(400);
    expect(refused.initial.body.error.code).toBe('LocationNotAvailableForResourceType');
    const { initial, final } = await arm.put(zonePath('privatelink.azurecr.io'), { location: 'global' }, DNS_API);
    expect(initial.status).toBe(202);
    expect(initial.headers['azure-asyncoperation']).toBeDefined();
    expect(initial.headers.location).toBeDefined();
    expect(final?.body).toMatchObject({
      name: 'privatelink.azurecr.io',
      type: 'Microsoft.Network/privateDnsZones',
      location: 'global',
      properties: { provisioningState: 'Succeeded', numberOfRecordSets: 1 },
    });
    const listed = await arm.get(`${arm.sub}/providers/Microsoft.Network/privateDnsZones`, DNS_API);
    expect(listed.body.value.map((z: { name: string }) => z.name)).toEqual(['privatelink.azurecr.io']);
  });

  it('refuses a zone group naming a zone that does not exist, and one on a missing endpoint', async () => {
    const missing = zonePath('privatelink.nowhere.io');
    const { initial } = await arm.put(`${endpointPath('pe-dns')}/privateDnsZoneGroups/default`, {
      properties: { privateDnsZoneConfigs: [{ name: 'cfg', properties: { privateDnsZoneId: missing } }] },
    });
    expect(initial.status).toBe(400);
    expect(initial.body.error).toMatchObject({
      code: 'InvalidResourceReference',
      message: expect.stringContaining(missing),
    });
    const orphan = await arm.put(`${endpointPath('pe-none')}/privateDnsZoneGroups/default`, {
      properties: { privateDnsZoneConfigs: [] },
    });
    expect(orphan.initial.status).toBe(404);
    expect(orphan.initial.body.error.code).toBe('ParentResourceNotFound');
  });

  it('writes an A record for the registry and each data endpoint into the zone, and reports them', async () => {
    const zoneId = zonePath('privatelink.azurecr.io');
    const { initial, final } = await arm.put(`${endpointPath('pe-dns')}/privateDnsZoneGroups/default`, {
      properties: {
        privateDnsZoneConfigs: [{ name: 'privatelink-azurecr-io', properties: { privateDnsZoneId: zoneId } }],
      },
    });
    expect(initial.status).toBe(201);
    expect(final?.body.properties.provisioningState).toBe('Succeeded');
    expect(final?.body.properties.privateDnsZoneConfigs[0].properties.recordSets).toEqual([
      expect.objectContaining({
        recordSetName: 'acrdnstarget01',
        fqdn: 'acrdnstarget01.privatelink.azurecr.io',
        ipAddresses: ['10.5.0.4'],
      }),
      expect.objectContaining({ recordSetName: 'acrdnstarget01.swedencentral.data', ipAddresses: ['10.5.0.5'] }),
    ]);
    const record = await arm.get(`${zoneId}/A/acrdnstarget01`, DNS_API);
    expect(record.body.properties).toMatchObject({
      fqdn: 'acrdnstarget01.privatelink.azurecr.io.',
      aRecords: [{ ipv4Address: '10.5.0.4' }],
    });
    expect((await arm.get(`${zoneId}/A`, DNS_API)).body.value).toHaveLength(2);
    expect((await arm.get(zoneId, DNS_API)).body.properties.numberOfRecordSets).toBe(3);
    const groups = await arm.get(`${endpointPath('pe-dns')}/privateDnsZoneGroups`);
    expect(groups.body.value.map((g: { name: string }) => g.name)).toEqual(['default']);
  });

  it('takes the records away with the zone group, and with the endpoint', async () => {
    const zoneId = zonePath('privatelink.azurecr.io');
    const group = `${endpointPath('pe-dns')}/privateDnsZoneGroups/default`;
    expect((await arm.delete(group)).status).toBe(202);
    expect((await arm.get(`${zoneId}/A`, DNS_API)).body.value).toEqual([]);
    const config = { privateDnsZoneConfigs: [{ name: 'cfg', properties: { privateDnsZoneId: zoneId } }] };
    await arm.put(group, { properties: config });
    expect((await arm.get(`${zoneId}/A`, DNS_API)).body.value).toHaveLength(2);
    expect((await arm.delete(endpointPath('pe-dns'))).status).toBe(202);
    expect((await arm.get(group)).status).toBe(404);
    expect((await arm.get(`${zoneId}/A`, DNS_API)).body.value).toEqual([]);
    expect((await arm.get(zoneId, DNS_API)).body.properties.numberOfRecordSets).toBe(1);
  });
});
