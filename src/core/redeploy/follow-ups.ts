import type { RelocationPlan, RoleAssignmentRecord } from '../plan/model.js';
import { fieldsOf, replicaLocations } from './template/children.js';
import { normalizeLocation } from './template/names.js';
import type { TokenPasswords } from './tokens.js';

/**
 * What redeploy cannot or should not do itself, for the summary: each item says what is left and
 * why. Pure: decided from the plan, the inputs and what the run did.
 */
export interface FollowUpFacts {
  plan: RelocationPlan;
  /** Registry DNS suffix of the cloud (azurecr.io): data endpoints are <name>.<region>.data.<suffix>. */
  acrSuffix: string;
  privateEndpointSubnetIds: readonly string[];
  privateDnsZoneId?: string;
  /** undefined when passwords were not asked for. */
  tokenPasswords?: readonly TokenPasswords[];
  alreadyAssigned: readonly RoleAssignmentRecord[];
}

export function followUps(facts: FollowUpFacts): string[] {
  return [
    ...tokenItems(facts),
    ...privateEndpointItems(facts),
    ...dataEndpointItems(facts),
    ...credentialSetItems(facts.plan),
    ...facts.plan.children.connectedRegistries.map(
      (c) =>
        `Connected registry ${c.name} was not recreated: it is bound to its device; create it on the target and re-provision the device.`,
    ),
    ...facts.plan.children.locks.map(
      (l) =>
        `Lock ${l.name} (${String(l.properties.level ?? '')}) was not copied: add it to the target after import-artifacts and verify (a lock now would block the import).`,
    ),
    ...replicationItems(facts.plan),
    ...facts.alreadyAssigned.map(
      (a) =>
        `Role ${a.roleName ?? a.roleDefinitionId} for principal ${a.principalId} already exists on the target under another assignment; left as it is.`,
    ),
  ];
}

function tokenItems({ plan, tokenPasswords }: FollowUpFacts): string[] {
  const items = plan.children.tokens.flatMap((token) => {
    const certificates = (fieldsOf(token).credentials as { certificates?: unknown[] } | undefined)?.certificates ?? [];
    return certificates.length > 0
      ? [
          `Token ${token.name} used certificates on the source: add them to the target token (certificates cannot be exported).`,
        ]
      : [];
  });
  if (!tokenPasswords && plan.children.tokens.length > 0) {
    const names = plan.children.tokens.map((t) => t.name).join(', ');
    items.push(
      `Tokens ${names} were created without passwords (passwords cannot be exported): generate them (az acr token credential generate) or run redeploy with regenerate-token-passwords: true, then update their users.`,
    );
  }
  for (const result of tokenPasswords ?? []) {
    items.push(
      result.state === 'generated'
        ? `Token ${result.token} has new passwords (secret output token-passwords): give them to the token's users.`
        : `Token ${result.token} already had passwords on the target; they were kept.`,
    );
  }
  return items;
}

function privateEndpointItems({ plan, privateEndpointSubnetIds, privateDnsZoneId }: FollowUpFacts): string[] {
  if (privateEndpointSubnetIds.length === 0) {
    return plan.children.privateEndpointConnections.map((connection) => {
      const endpoint = (fieldsOf(connection).privateEndpoint as { id?: string } | undefined)?.id ?? connection.name;
      return `The source has private endpoint ${endpoint}: create one for the target in a subnet of the target region (or run redeploy with private-endpoint-subnet-ids), then approve its connection if it is pending.`;
    });
  }
  const items = [
    `${privateEndpointSubnetIds.length} private endpoint(s) were created: check each connection is Approved (automatic when the deploying identity may approve it; otherwise approve it on the target's Networking page).`,
  ];
  if (!privateDnsZoneId)
    items.push(
      'No private-dns-zone-id was given: add DNS records for the target login server and its data endpoints to the zone clients resolve privatelink.azurecr.io with.',
    );
  return items;
}

function dataEndpointItems({ plan, acrSuffix }: FollowUpFacts): string[] {
  if (!plan.target.settings.dataEndpointEnabled) return [];
  const regions = [plan.target.location, ...replicaLocations(plan)];
  const hosts = regions.map(
    (region) => `${plan.target.name.toLowerCase()}.${normalizeLocation(region)}.data.${acrSuffix}`,
  );
  return [
    `Dedicated data endpoints are on: allow ${hosts.join(', ')} in client firewalls, and add their DNS records where clients use private DNS.`,
  ];
}

function credentialSetItems(plan: RelocationPlan): string[] {
  return plan.children.credentialSets.map(
    (set) =>
      `Credential set ${set.name} has a new identity on the target: grant it "get" on the Key Vault secrets it references (the source's identity had that access, this one does not yet).`,
  );
}

function replicationItems(plan: RelocationPlan): string[] {
  if (plan.target.settings.sku === 'Premium' || replicaLocations(plan).length === 0) return [];
  return [
    `Replications (${replicaLocations(plan).join(', ')}) need the Premium SKU; the target is ${plan.target.settings.sku}, so none were created.`,
  ];
}
