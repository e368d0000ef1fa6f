import { AzureClients } from '../azure/clients.js';
import { parseConsumerScope } from '../azure/consumer-reader.js';
import { registryDataClient } from '../azure/data-plane.js';
import { requireSubnetId } from '../azure/network-reader.js';
import { resolveRegistryRef, type RegistryId } from '../azure/resource-id.js';
import { RelocationError } from '../errors.js';
import { resolveInsideWorkspace } from '../fs/paths.js';
import { inventoryArtifacts, oversizedImages, schema1Manifests, tagExceptionsOf } from '../inventory/index.js';
import { writePlan } from '../plan/io.js';
import type { CopyMode, RelocationPlan } from '../plan/model.js';
import { runChecks } from '../prepare/checks.js';
import { gatherConsumers, gatherSource, gatherSubnets, gatherTarget, withEndpointSubnets } from '../prepare/gather.js';
import { buildPlan, replicaRegions } from '../prepare/plan-builder.js';
import { prepareSummary } from '../prepare/summary.js';
import { ProgressReporter } from '../progress.js';
import { TOOL_VERSION } from '../version.js';
import type { Command, CommandContext, CommandResult } from './context.js';

function sourceAndTarget({ inputs, host }: CommandContext): {
  source: RegistryId;
  target: RegistryId;
  location: string;
} {
  const label = (name: string) => host.inputLabel(name);
  const source = resolveRegistryRef(
    inputs.requiredString('source-registry', label('source-registry')),
    inputs.string('source-resource-group'),
    inputs.string('subscription-id'),
    {
      registry: label('source-registry'),
      resourceGroup: label('source-resource-group'),
      subscription: label('subscription-id'),
    },
  );
  const targetName = inputs.requiredString('target-registry', label('target-registry'));
  if (targetName.toLowerCase() === source.name.toLowerCase()) {
    throw new RelocationError(
      'INPUT_INVALID',
      `${label('target-registry')} is the source registry itself (${source.name}).`,
      'A relocation creates a new registry: give it a new, globally unique name.',
    );
  }
  const target = {
    subscriptionId: source.subscriptionId,
    resourceGroup: inputs.string('target-resource-group') ?? source.resourceGroup,
    name: targetName,
  };
  return { source, target, location: inputs.requiredString('target-location', label('target-location')) };
}

/** subnet-map with every key and value checked to be a subnet resource id (before anything is read). */
function subnetMapOf({ inputs, host }: CommandContext): Record<string, string> {
  const label = host.inputLabel('subnet-map');
  return Object.fromEntries(
    Object.entries(inputs.map('subnet-map')).map(([from, to]) => [
      requireSubnetId(from, label),
      requireSubnetId(to, label),
    ]),
  );
}

async function run(ctx: CommandContext): Promise<CommandResult> {
  const { inputs, host } = ctx;
  const planPath = resolveInsideWorkspace(
    host.workspace,
    inputs.string('plan-path') ?? 'relocation/plan.json',
    host.inputLabel('plan-path'),
  );
  const { source: sourceRef, target: targetRef, location } = sourceAndTarget(ctx);
  const subnetMap = subnetMapOf(ctx);
  // The mode import-artifacts is to copy with: recorded in the plan, and what the checks judge.
  const copyMode = (inputs.string('copy-mode') ?? 'server') as CopyMode;
  const consumerScopes = (
    inputs.list('consumer-scope').length
      ? inputs.list('consumer-scope')
      : [`/subscriptions/${sourceRef.subscriptionId}`]
  ).map(parseConsumerScope);
  const connection = { credential: await ctx.credential(), cloud: ctx.cloud };
  const clients = new AzureClients(connection, sourceRef.subscriptionId);
  const onSecret = (value: string) => host.setSecret(value);

  const source = await host.group(`Reading source registry ${sourceRef.name}`, () =>
    gatherSource(clients, sourceRef, onSecret),
  );
  const network = await host.group("Reading the subnets of the source's private endpoints", () =>
    gatherSubnets(clients, source.children.privateEndpointConnections, subnetMap),
  );
  const targetFacts = await host.group(`Checking target ${targetRef.name}`, () => gatherTarget(clients, targetRef));
  const loginServer = source.registry.loginServer ?? '';
  const artifacts = await host.group('Listing every repository, tag, manifest and referrer', async () => {
    const client = registryDataClient(connection, loginServer, onSecret);
    const progress = new ProgressReporter(host, 'Inventory', 0, 'repositories');
    try {
      return await inventoryArtifacts(client, {
        include: inputs.list('include-repositories'),
        exclude: inputs.list('exclude-repositories'),
        progress: (done, total) => {
          progress.setTotal(total);
          progress.update(done);
        },
        log: (message) => host.debug(message),
      });
    } finally {
      progress.finish();
      client.close();
    }
  });
  const consumers = await host.group('Finding consumers', () =>
    gatherConsumers(clients, source.registry.id ?? '', loginServer, consumerScopes),
  );

  const mapping = {
    subnets: subnetMap,
    replicationLocations: inputs.list('replication-locations').length
      ? inputs.list('replication-locations')
      : replicaRegions(source.children.replications, source.registry.location, location),
    encryptionKey: inputs.string('encryption-key'),
    identities: inputs.map('identity-map'),
  };
  const targetSku = inputs.string('target-sku') ?? source.registry.sku.name;
  const draft = buildPlan({
    toolVersion: TOOL_VERSION,
    now: new Date(),
    sourceRef,
    source: source.registry,
    tenantId: source.subscription.tenantId,
    targetRef,
    targetLocation: location,
    targetSku,
    mapping,
    children: {
      ...source.children,
      privateEndpointConnections: withEndpointSubnets(
        source.children.privateEndpointConnections,
        network.endpointSubnets,
      ),
    },
    artifacts,
    consumers,
    checks: [],
  });
  draft.copyMode = copyMode;
  draft.checks = runChecks({
    source: {
      id: draft.source.id,
      name: sourceRef.name,
      location: draft.source.location,
      tenantId: source.subscription.tenantId,
      settings: draft.source.settings,
    },
    target: {
      id: draft.target.id,
      name: targetRef.name,
      location,
      sku: targetSku,
      tenantId: source.subscription.tenantId,
      resourceGroup: targetRef.resourceGroup,
    },
    relocationId: draft.relocationId,
    nameAvailability: targetFacts.nameAvailability,
    existingTarget: targetFacts.existing
      ? { tags: targetFacts.existing.tags ?? {}, location: targetFacts.existing.location }
      : undefined,
    regions: source.subscription.regions,
    registryRegions: source.subscription.registryRegions,
    replicationLocations: mapping.replicationLocations,
    privateEndpointCount: source.children.privateEndpointConnections.length,
    encryptionKey: mapping.encryptionKey,
    subnets: network.subnets,
    unreadableEndpoints: network.unreadableEndpoints,
    oversizedImages: oversizedImages(artifacts),
    schema1Manifests: schema1Manifests(artifacts),
    locks: source.children.locks.map((lock) => ({ name: lock.name, level: String(lock.properties.level ?? '') })),
    tagAttributes: tagExceptionsOf(artifacts),
    copyMode,
  });
  const plan = await writePlan(planPath, draft);
  return resultOf(plan, planPath, host.workspace);
}

function resultOf(plan: RelocationPlan, planPath: string, workspace: string): CommandResult {
  const totals = plan.artifacts.totals;
  const failed = plan.checks.filter((c) => c.status === 'fail');
  const shownPath = planPath.startsWith(`${workspace}/`) ? planPath.slice(workspace.length + 1) : planPath;
  return {
    outputs: {
      'plan-path': planPath,
      'plan-fingerprint': plan.fingerprint,
      'repository-count': String(totals.repositories),
      'manifest-count': String(totals.manifests),
      'tag-count': String(totals.tags),
      'referrer-count': String(totals.referrers),
      'total-bytes': String(totals.bytes),
      'checks-failed': String(failed.length),
    },
    summary: prepareSummary(plan, shownPath),
    failure: failed.length
      ? `${failed.length} prerequisite check(s) failed: ${failed.map((c) => `${c.id} (${c.message})`).join('; ')}. The plan was written to ${shownPath} so the failures can be read.`
      : undefined,
  };
}

export const prepare: Command = { run };
