/**
 * Raw ARM requests for the Microsoft.Network tests (the project has no @azure/arm-network): a write
 * returns its initial answer and, once its Azure-AsyncOperation settled, the resource as GET returns it.
 */
import { armRequest, httpsRequest, accessToken, type Emulator, type RawReply } from '../../../helpers/testEmulator.js';

export const NETWORK_API = '2024-05-01';
export const DNS_API = '2024-06-01';
export const REGISTRY_API = '2025-11-01';

export interface Written {
  initial: RawReply;
  /** GET after the operation settled (undefined when the request was refused). */
  final?: RawReply;
}

export class RawArm {
  constructor(readonly emulator: Emulator) {}

  get sub(): string {
    return `/subscriptions/${this.emulator.subscriptionId}`;
  }

  group(name: string): string {
    return `${this.sub}/resourceGroups/${name}`;
  }

  get(path: string, apiVersion = NETWORK_API): Promise<RawReply> {
    return armRequest(this.emulator, 'GET', path, { apiVersion });
  }

  async put(path: string, body: unknown, apiVersion = NETWORK_API): Promise<Written> {
    const initial = await armRequest(this.emulator, 'PUT', path, { apiVersion, body });
    if (initial.status >= 400) return { initial };
    await this.settle(initial);
    return { initial, final: await this.get(path, apiVersion) };
  }

  async delete(path: string, apiVersion = NETWORK_API): Promise<RawReply> {
    const initial = await armRequest(this.emulator, 'DELETE', path, { apiVersion });
    if (initial.status < 400) await this.settle(initial);
    return initial;
  }

  /** Polls Azure-AsyncOperation until the operation leaves InProgress; returns the final status. */
  async settle(initial: RawReply): Promise<string | undefined> {
    const url = initial.headers['azure-asyncoperation'];
    if (typeof url !== 'string') return undefined;
    const token = await accessToken(this.emulator);
    for (let attempt = 0; attempt < 500; attempt++) {
      const poll = await httpsRequest(url, { headers: { authorization: `Bearer ${token}` } });
      const status = (poll.body as { status?: string } | undefined)?.status;
      if (status !== 'InProgress') return status;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`operation ${url} did not settle`);
  }

  async resourceGroup(name: string, location: string): Promise<void> {
    const reply = await armRequest(this.emulator, 'PUT', this.group(name), {
      apiVersion: '2025-04-01',
      body: { location },
    });
    if (reply.status >= 300) throw new Error(`resource group ${name}: ${reply.status}`);
  }

  /** A registry with the given SKU, created through the registry provider. */
  async registry(group: string, name: string, location: string, sku = 'Premium'): Promise<string> {
    const id = `${this.group(group)}/providers/Microsoft.ContainerRegistry/registries/${name}`;
    const { initial } = await this.put(id, { location, sku: { name: sku }, properties: {} }, REGISTRY_API);
    if (initial.status >= 300) throw new Error(`registry ${name}: ${initial.status} ${initial.text}`);
    return id;
  }

  /** A VNet with one subnet per [name, prefix]. */
  async vnet(group: string, name: string, location: string, space: string, subnets: [string, string][]) {
    const id = `${this.group(group)}/providers/Microsoft.Network/virtualNetworks/${name}`;
    const written = await this.put(id, {
      location,
      properties: {
        addressSpace: { addressPrefixes: [space] },
        subnets: subnets.map(([subnet, addressPrefix]) => ({ name: subnet, properties: { addressPrefix } })),
      },
    });
    if (written.initial.status >= 300)
      throw new Error(`vnet ${name}: ${written.initial.status} ${written.initial.text}`);
    return { id, subnetId: (subnet: string) => `${id}/subnets/${subnet}` };
  }

  endpointBody(
    location: string,
    subnetId: string,
    registryId: string,
    options: { manual?: boolean; groupIds?: string[] } = {},
  ) {
    const connection = {
      name: 'registry-link',
      properties: {
        privateLinkServiceId: registryId,
        groupIds: options.groupIds ?? ['registry'],
        requestMessage: 'please',
      },
    };
    return {
      location,
      properties: {
        subnet: { id: subnetId },
        [options.manual ? 'manualPrivateLinkServiceConnections' : 'privateLinkServiceConnections']: [connection],
      },
    };
  }
}
