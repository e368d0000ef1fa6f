import { RegistryClient } from '../oci/index.js';
import type { AzureConnection } from './clients.js';

/**
 * A data-plane client for an Azure registry, signed in with the run's Entra credential through
 * ACR's token exchange. The Resource Manager audience is used for the exchange (as `az acr login`
 * does), which works in every cloud and in the emulator. Tokens are masked the moment they exist.
 */
export function registryDataClient(
  connection: AzureConnection,
  loginServer: string,
  onSecret: (value: string) => void,
): RegistryClient {
  return new RegistryClient({
    url: `https://${loginServer}`,
    credentials: { kind: 'entra', credential: connection.credential, scope: connection.cloud.armScope },
    onSecret,
  });
}
