import { CLOUD_NAMES, resolveCloud } from '../../../src/core/azure/clouds.js';
import { ACR_ENTRA_SCOPE } from '../../../src/core/oci/index.js';

describe('cloud settings', () => {
  it.each(CLOUD_NAMES)('%s signs in to registries with ACR audience, not its Resource Manager one', (name) => {
    const cloud = resolveCloud(name);
    expect(cloud.acrScope).toBe('https://containerregistry.azure.net/.default');
    expect(cloud.acrScope).toBe(ACR_ENTRA_SCOPE);
    expect(cloud.acrScope).not.toBe(cloud.armScope);
  });

  it.each([
    ['AzureCloud', 'https://management.azure.com/.default', 'azurecr.io'],
    ['AzureUSGovernment', 'https://management.usgovcloudapi.net/.default', 'azurecr.us'],
    ['AzureChinaCloud', 'https://management.chinacloudapi.cn/.default', 'azurecr.cn'],
  ])('%s: Resource Manager scope %s, login servers under %s', (name, armScope, acrSuffix) => {
    expect(resolveCloud(name)).toMatchObject({ armScope, acrSuffix, customAuthority: false });
  });

  it('keeps the ACR audience with a custom Resource Manager endpoint (Azure Stack Hub, the emulator)', () => {
    const cloud = resolveCloud('AzureCloud', {
      armEndpoint: 'https://127.0.0.1:8443/',
      authorityHost: 'https://127.0.0.1:8444',
    });
    expect(cloud).toMatchObject({
      armEndpoint: 'https://127.0.0.1:8443',
      armScope: 'https://127.0.0.1:8443/.default',
      acrScope: 'https://containerregistry.azure.net/.default',
      authorityHost: 'https://127.0.0.1:8444',
      customAuthority: true,
    });
  });

  it('refuses an unknown cloud and a plain-http endpoint', () => {
    expect(() => resolveCloud('AzureGermanCloud')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() => resolveCloud(undefined, { armEndpoint: 'http://127.0.0.1:1' })).toThrow(/must use https/);
  });
});
