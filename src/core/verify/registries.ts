/**
 * The plan's two registries as Azure sees them now, and data-plane clients for them. Shared by
 * verify and retire-source: both need the registries' current login servers (from ARM, never
 * guessed) and a client signed in with the run's Entra credential.
 */
import type { Registry } from '@azure/arm-containerregistry';
import { AzureClients, type AzureConnection } from '../azure/clients.js';
import { getRegistry } from '../azure/registry-reader.js';
import { parseRegistryId, type RegistryId } from '../azure/resource-id.js';
import { RegistryClient } from '../oci/client.js';
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

/**
 * A data-plane client signed in through ACR's token exchange with the Resource Manager audience (as
 * azure/data-plane.ts does), with as many sockets as requests may be in flight.
 */
export function dataClient(
  connection: AzureConnection,
  loginServer: string,
  onSecret: (value: string) => void,
  maxSockets = 16,
): RegistryClient {
  return new RegistryClient({
    url: `https://${loginServer}`,
    credentials: { kind: 'entra', credential: connection.credential, scope: connection.cloud.armScope },
    onSecret,
    maxSockets,
  });
}
