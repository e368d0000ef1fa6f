/**
 * What the command needs around the engine: the two registries as Azure sees them now (the target
 * must exist — redeploy creates it — and its login server comes from ARM, not from a guess), data-plane
 * clients signed in with the run's Entra credential, and the source repositories in scope.
 */
import type { AzureConnection } from '../azure/clients.js';
import { AzureClients } from '../azure/clients.js';
import { registryDataClient } from '../azure/data-plane.js';
import { getRegistry } from '../azure/registry-reader.js';
import { parseRegistryId, type RegistryId } from '../azure/resource-id.js';
import { RelocationError } from '../errors.js';
import { filterRepositories } from '../inventory/filters.js';
import { inventoryArtifacts } from '../inventory/index.js';
import { listAcrRepositories } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import type { Artifacts, RelocationPlan } from '../plan/model.js';
import { inShard, type Shard } from './shard.js';

export interface ResolvedRegistry extends RegistryId {
  id: string;
  loginServer: string;
}

export interface ResolvedRegistries {
  source: ResolvedRegistry;
  target: ResolvedRegistry;
}

function refOf(id: string, fallback: RegistryId): RegistryId {
  return parseRegistryId(id) ?? fallback;
}

export async function resolveRegistries(
  connection: AzureConnection,
  plan: RelocationPlan,
): Promise<ResolvedRegistries> {
  const sourceRef = refOf(plan.source.id, plan.source);
  const targetRef = refOf(plan.target.id, plan.target);
  const base = new AzureClients(connection, targetRef.subscriptionId);
  const [source, target] = await Promise.all([
    getRegistry(base.forSubscription(sourceRef.subscriptionId).registries, sourceRef),
    getRegistry(base.registries, targetRef),
  ]);
  if (!target) {
    throw new RelocationError(
      'NOT_FOUND',
      `The target registry ${targetRef.name} does not exist in resource group ${targetRef.resourceGroup} (subscription ${targetRef.subscriptionId}).`,
      'Run redeploy first: it creates the target registry from the plan.',
    );
  }
  if (!source) {
    throw new RelocationError(
      'NOT_FOUND',
      `The source registry ${sourceRef.name} no longer exists in resource group ${sourceRef.resourceGroup}.`,
      'import-artifacts copies from the source named in the plan; check the plan and the subscription.',
    );
  }
  const login = (registry: typeof source, fallback?: string) => registry.loginServer ?? fallback ?? '';
  return {
    source: { ...sourceRef, id: source.id ?? plan.source.id, loginServer: login(source, plan.source.loginServer) },
    target: { ...targetRef, id: target.id ?? plan.target.id, loginServer: login(target) },
  };
}

export interface ClientHooks {
  onSecret: (value: string) => void;
  onRetry?: (message: string) => void;
}

/** A data-plane client like every other command's (azure/data-plane.ts), with sockets for the engine. */
export function registryClient(connection: AzureConnection, loginServer: string, hooks: ClientHooks): RegistryClient {
  return registryDataClient(connection, loginServer, hooks.onSecret, { maxSockets: 32, onRetry: hooks.onRetry });
}

export interface Scope {
  include: readonly string[];
  exclude: readonly string[];
  shard: Shard;
}

/** Source repositories in scope now: the catalog, through the filters and the shard. */
export async function repositoriesInScope(source: RegistryClient, scope: Scope): Promise<string[]> {
  const catalog = (await listAcrRepositories(source)).sort();
  const { included } = filterRepositories(catalog, { include: scope.include, exclude: scope.exclude });
  return included.filter((name) => inShard(name, scope.shard));
}

/**
 * refresh: the source inventoried again, limited to the repositories in scope. With a shard, the
 * shard's repositories are given as exact include patterns (names have no glob characters), so each
 * job of a matrix reads only its own part of the registry.
 */
export async function refreshArtifacts(
  source: RegistryClient,
  scope: Scope,
  repositories: readonly string[],
  log: (message: string) => void,
): Promise<Artifacts> {
  if (repositories.length === 0) {
    return {
      repositories: [],
      excludedRepositories: [],
      totals: { repositories: 0, manifests: 0, tags: 0, referrers: 0, bytes: 0 },
    };
  }
  const filter = scope.shard.count > 1 ? { include: repositories } : { include: scope.include, exclude: scope.exclude };
  return inventoryArtifacts(source, { ...filter, log });
}
