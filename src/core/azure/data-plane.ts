import { RegistryClient } from '../oci/index.js';
import type { AzureConnection } from './clients.js';

export interface DataClientOptions {
  /** Sockets to the registry: as many as requests the caller keeps in flight. */
  maxSockets?: number;
  /** Called before each retry wait, with a line fit for a debug log. */
  onRetry?: (message: string) => void;
}

/**
 * A data-plane client for an Azure registry, signed in with the run's Entra credential through
 * ACR's token exchange. The one place every command gets its registry clients from, so they all
 * present the same token: ACR's own audience (cloud.acrScope), which a registry accepts even with
 * authentication-as-ARM disabled. Tokens are masked the moment they exist.
 */
export function registryDataClient(
  connection: AzureConnection,
  loginServer: string,
  onSecret: (value: string) => void,
  options: DataClientOptions = {},
): RegistryClient {
  return new RegistryClient({
    url: `https://${loginServer}`,
    credentials: { kind: 'entra', credential: connection.credential, scope: connection.cloud.acrScope },
    onSecret,
    maxSockets: options.maxSockets,
    onRetry: options.onRetry,
  });
}
