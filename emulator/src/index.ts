/**
 * The local Azure emulator: Entra ID, ARM (resources, authorization, container registry, and
 * providers added by other modules) and an ACR data plane per registry, all on HTTPS 127.0.0.1.
 *
 *   const emulator = await startEmulator({ trustCaInProcess: true });
 *   const credential = new ClientSecretCredential(emulator.tenantId, clientId, clientSecret,
 *     { authorityHost: emulator.authorityHost, disableInstanceDiscovery: true });
 *   …
 *   await emulator.stop();
 *
 * See emulator/README.md for the provider plug-in API, fault kinds and the admin endpoints.
 */
import { Emulator } from './emulator.js';
import type { ArmProvider } from './arm/provider.js';
import type { EmulatorOptions } from './options.js';

export { Emulator } from './emulator.js';
export type { EmulatorOptions, ConnectionInfo, RegistryInfo } from './options.js';
export { envFileLines, DEFAULTS } from './options.js';
export type { FaultRule, RetryAfterSpec } from './faults/rules.js';
export { parseFaultRules } from './faults/rules.js';
export type { ThrottlingConfig, BucketLimits } from './arm/throttle.js';
export { AZURE_THROTTLING } from './arm/throttle.js';
export type * from './arm/provider.js';
export { ArmError, armErrorBody } from './arm/errors.js';
export {
  registerScenario,
  scenarioNames,
  sourceRegistryName,
  type Scenario,
  type ScenarioContext,
} from './seed/scenarios.js';
export { trustCaInProcess } from './tls/trust.js';
export { loadOrCreateTls, type TlsMaterial } from './tls/ca.js';
export * as apiVersions from './arm/catalog/apiVersions.js';

/** Starts a fresh emulator (free ports, temporary state unless `stateDir` is given). */
export function startEmulator(
  options: EmulatorOptions = {},
  extraProviders: readonly ArmProvider[] = [],
): Promise<Emulator> {
  return Emulator.start(options, extraProviders);
}
