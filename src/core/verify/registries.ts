/**
 * The plan's two registries as Azure sees them now, and data-plane clients for them. Shared by
 * verify and retire-source: both need the registries' current login servers (from ARM, never
 * guessed) and a client signed in with the run's Entra credential.
 */
import type { Registry } from '@azure/arm-containerregistry';
import { AzureClients, type AzureConnection } from '../azure/clients.js';
import { registryDataClient } from '../azure/data-plane.js';
import { getRegistry } from '../azure/registry-reader.js';
import { parseRegistryId, type RegistryId } from '../azure/resource-id.js';
import type { RegistryClient } from '../oci/client.js';
import type { RelocationPlan } from '../plan/model.js';

export function refOf(id: string, fallback: RegistryId): RegistryId {
  return (
    parseRegistryId(id) ?? {
      subscriptionId: fallback.subscriptionId,
      resourceGroup: fallback.resourceGroup,
      name: fallback.name,
    }
  );
}

export interface PlanRegistry {
  ref: RegistryId;
  clients: AzureClients;
  /** undefined when the registry does not exist (404). */
  registry?: Registry;
}

export async function readPlanRegistries(
  connection: AzureConnection,
  plan: RelocationPlan,
): Promise<{ source: PlanRegistry; target: PlanRegistry }> {
  const sourceRef = refOf(plan.source.id, plan.source);
  const targetRef = refOf(plan.target.id, plan.target);
  const sourceClients = new AzureClients(connection, sourceRef.subscriptionId);
  const targetClients = sourceClients.forSubscription(targetRef.subscriptionId);
  const [source, target] = await Promise.all([
    getRegistry(sourceClients.registries, sourceRef),
    getRegistry(targetClients.registries, targetRef),
  ]);
  return {
    source: { ref: sourceRef, clients: sourceClients, registry: source },
    target: { ref: targetRef, clients: targetClients, registry: target },
  };
}

/** A data-plane client (azure/data-plane.ts), with as many sockets as requests may be in flight. */
export function dataClient(
  connection: AzureConnection,
  loginServer: string,
  onSecret: (value: string) => void,
  maxSockets = 16,
): RegistryClient {
  return registryDataClient(connection, loginServer, onSecret, { maxSockets });
}
