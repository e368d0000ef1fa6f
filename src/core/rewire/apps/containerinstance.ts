/**
 * Container Instances are not changed by this tool: a container group is redeployed as a whole, and
 * its registry passwords and secure environment values are write-only (Azure never returns them), so
 * an in-place update from what can be read would lose them. Each group is reported with the exact
 * `az container create` command that recreates it on the target; the secrets it cannot know are
 * placeholders to fill in.
 */
import type { Container, ContainerGroup, ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { azureCallOrMissing } from '../../azure/errors.js';
import type { AppConsumer } from '../../plan/model.js';
import { replaceHost } from '../files/references.js';
import type { ConsumerRow } from '../model.js';
import {
  principalOfIdentity,
  pullGrant,
  resourceGroupAndName,
  NOTHING_LEFT,
  type AppContext,
  type AppInspection,
} from './model.js';
import type { Grant } from '../access/grants.js';

/** POSIX shell quoting: the command is shown to a person, and values come from Azure. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function flag(name: string, ...values: Array<string | number | undefined>): string[] {
  const present = values.filter((v): v is string | number => v !== undefined && v !== '');
  return present.length > 0 ? [name, ...present.map((v) => shellQuote(String(v)))] : [];
}

function identityFlags(group: ContainerGroup): string[] {
  const type = group.identity?.type ?? 'None';
  const ids = [
    ...(type.includes('SystemAssigned') ? ['[system]'] : []),
    ...Object.keys(group.identity?.userAssignedIdentities ?? {}),
  ];
  return flag('--assign-identity', ...ids);
}

/** The source's admin user is named after the source; the target's after the target. Others log in to both. */
function targetUsername(username: string | undefined, context: AppContext): string {
  if (!username) return '<target-registry-username>';
  return username.toLowerCase() === context.sourceName.toLowerCase() ? context.targetName : username;
}

function registryFlags(group: ContainerGroup, context: AppContext): string[] {
  const credential = (group.imageRegistryCredentials ?? []).find((c) =>
    replaceHost(c.server ?? '', context.from, context.to),
  );
  if (!credential) return [];
  if (credential.identity)
    return [...flag('--registry-login-server', context.to), ...flag('--acr-identity', credential.identity)];
  return [
    ...flag('--registry-login-server', context.to),
    ...flag('--registry-username', targetUsername(credential.username, context)),
    ...flag('--registry-password', '<target-registry-password>'),
  ];
}

function containerFlags(container: Container, image: string): string[] {
  const env = container.environmentVariables ?? [];
  const ports = container.ports ?? [];
  return [
    ...flag('--image', image),
    ...flag('--cpu', container.resources.requests.cpu),
    ...flag('--memory', container.resources.requests.memoryInGB),
    ...flag('--ports', ...ports.map((p) => p.port)),
    ...flag('--protocol', ports[0]?.protocol),
    ...flag(
      '--environment-variables',
      ...env.filter((e) => e.secureValue === undefined && e.value !== undefined).map((e) => `${e.name}=${e.value}`),
    ),
    ...flag(
      '--secure-environment-variables',
      ...env.filter((e) => e.value === undefined).map((e) => `${e.name}=<secure-value>`),
    ),
    ...(container.command?.length ? ['--command-line', shellQuote(container.command.map(shellQuote).join(' '))] : []),
  ];
}

/** The command that recreates the group from the target (one container: flags; several: a YAML file). */
export function recreateCommand(group: ContainerGroup, context: AppContext): string {
  const { resourceGroup, name } = resourceGroupAndName(group.id ?? '');
  const container = group.containers[0];
  if (group.containers.length !== 1 || !container) {
    const file = `${name}.yaml`;
    return [
      `az container export --resource-group ${shellQuote(resourceGroup)} --name ${shellQuote(name)} --file ${shellQuote(file)}`,
      `sed -i ${shellQuote(`s#${context.from.replace(/\./g, '\\.')}/#${context.to}/#g`)} ${shellQuote(file)}  # then fill in registry passwords and secure values`,
      `az container create --resource-group ${shellQuote(resourceGroup)} --file ${shellQuote(file)}`,
    ].join('\n');
  }
  const image = replaceHost(container.image, context.from, context.to) ?? container.image;
  const parts = [
    'az container create',
    ...flag('--resource-group', resourceGroup),
    ...flag('--name', name),
    ...flag('--location', group.location),
    ...flag('--os-type', group.osType),
    ...flag('--restart-policy', group.restartPolicy),
    ...containerFlags(container, image),
    ...(group.ipAddress?.type === 'Public' ? flag('--ip-address', 'Public') : []),
    ...flag('--dns-name-label', group.ipAddress?.dnsNameLabel),
    ...flag('--subnet', group.subnetIds?.[0]?.id),
    ...registryFlags(group, context),
    ...identityFlags(group),
  ];
  return parts.join(' ');
}

function identityGrants(group: ContainerGroup, context: AppContext): Grant[] {
  const identities = (group.imageRegistryCredentials ?? []).filter(
    (c) => c.identity && replaceHost(c.server ?? '', context.from, context.to),
  );
  return identities.flatMap((c) => {
    const principal = principalOfIdentity(group.identity, c.identity);
    return principal
      ? [pullGrant(context, principal, `Container Instance ${group.name ?? ''} (managed identity)`)]
      : [];
  });
}

export async function inspectContainerInstance(
  client: ContainerInstanceManagementClient,
  app: AppConsumer,
  context: AppContext,
): Promise<AppInspection> {
  const { resourceGroup, name } = resourceGroupAndName(app.id);
  const row: ConsumerRow = {
    kind: 'Container Instance',
    name: app.name,
    before: app.images.join(', '),
    after: '',
    status: 'manual',
  };
  const group = await azureCallOrMissing(`Reading container group ${name}`, () =>
    client.containerGroups.get(resourceGroup, name),
  );
  if (!group) return { row: { ...row, status: 'skipped', note: 'The container group no longer exists.' }, grants: [] };
  const images = [...group.containers, ...(group.initContainers ?? [])].map((c) => c.image ?? '');
  const before = images.filter((image) => replaceHost(image, context.from, context.to));
  const after = before.map((image) => replaceHost(image, context.from, context.to) ?? image);
  if (before.length === 0) return { row: { ...row, ...NOTHING_LEFT, status: 'unchanged' }, grants: [] };
  const command = recreateCommand(group, context);
  const note =
    'Cannot be changed in place (registry passwords and secure values are write-only): recreate it with the command under "Commands to run".';
  return {
    row: { ...row, before: before.join(', '), after: after.join(', '), note },
    grants: identityGrants(group, context),
    command,
  };
}
