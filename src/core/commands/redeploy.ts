import { mappedEndpointSubnets } from '../redeploy/endpoint-subnets.js';
import { relative } from 'node:path';
import { AzureClients } from '../azure/clients.js';
import { RelocationError } from '../errors.js';
import { resolveInsideWorkspace } from '../fs/paths.js';
import { assertNoFailedChecks, readPlan } from '../plan/io.js';
import type { RelocationPlan } from '../plan/model.js';
import { followUps } from '../redeploy/follow-ups.js';
import { deployTarget, type DeployOutcome } from '../redeploy/run.js';
import { changesText, redeploySummary } from '../redeploy/summary.js';
import { regenerateTokenPasswords, tokenPasswordsOutput, type TokenPasswords } from '../redeploy/tokens.js';
import { TOOL_VERSION } from '../version.js';
import type { Command, CommandContext, CommandResult } from './context.js';

/**
 * redeploy: create the target registry and everything around it from the plan, as an ARM template
 * deployment in the target resource group (reviewable, in the deployment history), idempotently.
 */

export interface RedeployOptions {
  /** Poll interval of long-running operations without Retry-After (tests make it short). */
  pollIntervalMs?: number;
}

/** The plan's secrets (webhook callbacks) are masked before anything can print them. */
function maskPlanSecrets(plan: RelocationPlan, onSecret: (value: string) => void): void {
  for (const webhook of plan.children.webhooks) {
    const { serviceUri, customHeaders } = webhook.properties as { serviceUri?: unknown; customHeaders?: unknown };
    if (typeof serviceUri === 'string') onSecret(serviceUri);
    for (const value of Object.values((customHeaders as Record<string, unknown> | undefined) ?? {})) {
      if (typeof value === 'string') onSecret(value);
    }
  }
}

function networkInputs(
  { inputs, host }: CommandContext,
  plan: RelocationPlan,
): { subnets: string[]; dnsZone?: string } {
  const given = inputs.list('private-endpoint-subnet-ids');
  const subnets = given.length > 0 ? given : mappedEndpointSubnets(plan);
  const dnsZone = inputs.string('private-dns-zone-id');
  const label = host.inputLabel('private-endpoint-subnet-ids');
  const bad = subnets.find(
    (id) =>
      !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(
        id,
      ),
  );
  if (bad)
    throw new RelocationError(
      'INPUT_INVALID',
      `${label}: "${bad}" is not a subnet resource id.`,
      'Use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>.',
    );
  if (subnets.length > 0 && plan.target.settings.sku !== 'Premium') {
    throw new RelocationError(
      'INPUT_INVALID',
      `Private endpoints need the Premium SKU; the plan's target is ${plan.target.settings.sku}.`,
      `Run prepare with target-sku: Premium, or leave ${label} empty.`,
    );
  }
  if (dnsZone && subnets.length === 0) {
    throw new RelocationError(
      'INPUT_INVALID',
      `${host.inputLabel('private-dns-zone-id')} is only used with ${label}.`,
      `Set ${label} too, or leave the zone out.`,
    );
  }
  return { subnets, ...(dnsZone ? { dnsZone } : {}) };
}

async function tokenStep(
  ctx: CommandContext,
  clients: AzureClients,
  plan: RelocationPlan,
  outcome: DeployOutcome,
  pollIntervalMs: number,
): Promise<TokenPasswords[] | undefined> {
  if (!ctx.inputs.boolean('regenerate-token-passwords') || outcome.mode === 'dry-run') return undefined;
  const results = await ctx.host.group('Generating token passwords', () =>
    regenerateTokenPasswords(clients, plan, { pollIntervalMs, onSecret: (value) => ctx.host.setSecret(value) }),
  );
  const output = tokenPasswordsOutput(results);
  if (output) {
    ctx.host.setSecret(output);
    ctx.host.setOutput('token-passwords', output, { secret: true });
  }
  return results;
}

function createRun(options: RedeployOptions) {
  return async function run(ctx: CommandContext): Promise<CommandResult> {
    const { inputs, host } = ctx;
    const planPath = resolveInsideWorkspace(
      host.workspace,
      inputs.string('plan-path') ?? 'relocation/plan.json',
      host.inputLabel('plan-path'),
    );
    const plan = await readPlan(planPath);
    assertNoFailedChecks(plan);
    maskPlanSecrets(plan, (value) => host.setSecret(value));
    const network = networkInputs(ctx, plan);
    const connection = { credential: await ctx.credential(), cloud: ctx.cloud };
    const clients = new AzureClients(connection, plan.target.subscriptionId);
    const pollIntervalMs = options.pollIntervalMs ?? 5000;
    const dryRun = inputs.boolean('dry-run');
    const outcome = await host.group(`${dryRun ? 'Previewing' : 'Deploying'} target ${plan.target.name}`, () =>
      deployTarget(
        {
          plan,
          planPath,
          dryRun,
          adoptExisting: inputs.boolean('adopt-existing'),
          adoptLabel: host.inputLabel('adopt-existing'),
          privateEndpointSubnetIds: network.subnets,
          privateDnsZoneId: network.dnsZone,
          toolVersion: TOOL_VERSION,
          onSecret: (value) => host.setSecret(value),
          log: (message) => host.info(message),
        },
        { clients, pollIntervalMs },
      ),
    );
    host.info(changesText(outcome.changes));
    const tokens = await tokenStep(ctx, clients, plan, outcome, pollIntervalMs);
    return resultOf(ctx, plan, outcome, tokens, network);
  };
}

function resultOf(
  ctx: CommandContext,
  plan: RelocationPlan,
  outcome: DeployOutcome,
  tokens: TokenPasswords[] | undefined,
  network: { subnets: string[]; dnsZone?: string },
): CommandResult {
  const shown = relative(ctx.host.workspace, outcome.templatePath) || outcome.templatePath;
  const items = followUps({
    plan,
    acrSuffix: ctx.cloud.acrSuffix,
    privateEndpointSubnetIds: network.subnets,
    privateDnsZoneId: network.dnsZone,
    tokenPasswords: tokens,
    alreadyAssigned: outcome.generated.alreadyAssigned,
  });
  return {
    outputs: {
      'target-resource-id': plan.target.id,
      'target-login-server': outcome.loginServer,
      'template-path': outcome.templatePath,
      'deployment-name': outcome.deploymentName,
    },
    summary: redeploySummary({
      ...outcome,
      plan,
      templatePath: shown,
      resources: outcome.generated.resources,
      followUps: items,
    }),
  };
}

export function createRedeploy(options: RedeployOptions = {}): Command {
  return { run: createRun(options) };
}

export const redeploy: Command = createRedeploy();
