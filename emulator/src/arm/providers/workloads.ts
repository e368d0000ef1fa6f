/**
 * The resource providers around a registry that a relocation deploys or rewires: template deployments
 * (Microsoft.Resources/deployments), AKS, App Service, Container Apps, Container Instances and Azure
 * Monitor (diagnostic settings, metrics). emulator.ts registers them all with one call.
 */
import type { ArmProvider } from '../provider.js';
import type { RequestLogEntry } from '../../shared/contract.js';
import { createDeploymentsProvider } from './deployments/index.js';
import { createContainerServiceProvider } from './containerservice/index.js';
import { createWebProvider } from './web/index.js';
import { createAppProvider } from './app/index.js';
import { createContainerInstanceProvider } from './containerinstance/index.js';
import { createInsightsProvider } from './insights/index.js';

export interface WorkloadProviderDeps {
  /** PEM of the emulator's CA: the deployment engine calls ARM over HTTPS like any client. */
  caPem: () => string;
  /** Every registered provider (api-versions for exported templates and preflight checks). */
  providers: () => readonly ArmProvider[];
  /** The emulator's request log, for metrics computed from real data-plane traffic. */
  requests: { list(query: { service?: string }): RequestLogEntry[] };
  /** Bytes a registry holds (StorageUsed metric). */
  registrySize?: (registryName: string) => number;
}

export function createWorkloadProviders(deps: WorkloadProviderDeps): ArmProvider[] {
  return [
    createDeploymentsProvider({ caPem: deps.caPem, providers: deps.providers }),
    createContainerServiceProvider(),
    createWebProvider(),
    createAppProvider(),
    createContainerInstanceProvider(),
    createInsightsProvider({
      requests: deps.requests,
      ...(deps.registrySize ? { registrySize: deps.registrySize } : {}),
    }),
  ];
}
