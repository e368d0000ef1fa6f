/**
 * The target as Azure Resource Manager sees it: the registry and the child resources verify
 * compares. Reads only — webhooks are listed without their callback configuration (a POST per
 * webhook, and secrets verify has no need to hold).
 */
import type { Registry } from '@azure/arm-containerregistry';
import { madeAt, readDiagnosticSettings, readRoleAssignments } from '../azure/access-reader.js';
import type { AzureClients } from '../azure/clients.js';
import { collect } from '../azure/errors.js';
import { childRecord } from '../azure/registry-reader.js';
import type { RegistryId } from '../azure/resource-id.js';
import type { ChildResource } from '../plan/model.js';
import type { TargetChildren } from './children.js';

const records = (items: readonly unknown[]): ChildResource[] => items.map((item) => childRecord(item as never));

export async function readTargetChildren(
  clients: AzureClients,
  ref: RegistryId,
  registry: Registry,
): Promise<TargetChildren> {
  const { resourceGroup: rg, name } = ref;
  const acr = clients.registries;
  const what = (kind: string) => `Listing ${kind} of target registry ${name}`;
  const id = registry.id ?? '';
  const [replications, webhooks, scopeMaps, tokens, cacheRules, credentialSets, diagnosticSettings, assignments] =
    await Promise.all([
      collect(what('replications'), acr.replications.list(rg, name)),
      collect(what('webhooks'), acr.webhooks.list(rg, name)),
      collect(what('scope maps'), acr.scopeMaps.list(rg, name)),
      collect(what('tokens'), acr.tokens.list(rg, name)),
      collect(what('cache rules'), acr.cacheRules.list(rg, name)),
      collect(what('credential sets'), acr.credentialSets.list(rg, name)),
      readDiagnosticSettings(clients.monitor, id),
      readRoleAssignments(clients.authorization, id),
    ]);
  return {
    replications: records(replications),
    webhooks: records(webhooks),
    scopeMaps: records(scopeMaps),
    tokens: records(tokens),
    cacheRules: records(cacheRules),
    credentialSets: records(credentialSets),
    diagnosticSettings,
    roleAssignments: madeAt(assignments, id),
  };
}
