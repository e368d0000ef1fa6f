/**
 * Container Apps: images in template.containers / initContainers, the registry in
 * configuration.registries. Pulling with a managed identity is what keeps working across a move, so
 * the target's registry entry uses the app's identity (the one it already pulled with, else its
 * system identity, else its first user identity), and that identity gets pull on the target before
 * the app is switched (a new revision pulls at once).
 */
import type { ContainerApp, ContainerAppsAPIClient, RegistryCredentials } from '@azure/arm-appcontainers';
import { azureCall, azureCallOrMissing } from '../../azure/errors.js';
import { RelocationError } from '../../errors.js';
import type { AppConsumer } from '../../plan/model.js';
import type { Grant } from '../access/grants.js';
import { replaceHost } from '../files/references.js';
import type { ConsumerRow } from '../model.js';
import {
  principalOfIdentity,
  pullGrant,
  resourceGroupAndName,
  NOTHING_LEFT,
  type AppContext,
  type AppInspection,
  type ApplyTools,
} from './model.js';

interface RegistryPlan {
  registries: RegistryCredentials[];
  grants: Grant[];
  notes: string[];
  changed: boolean;
  /** No identity to pull with: enable the system-assigned one (as `az containerapp registry set --identity system` does). */
  enableSystemIdentity: boolean;
}

/** The identity a registry entry should pull with: the one it names, else the app's own. */
function pullIdentity(app: ContainerApp, entry: RegistryCredentials): string | undefined {
  if (entry.identity) return entry.identity;
  const type = app.identity?.type ?? 'None';
  if (type.includes('SystemAssigned')) return 'system';
  return Object.keys(app.identity?.userAssignedIdentities ?? {})[0];
}

function planEntry(
  app: ContainerApp,
  entry: RegistryCredentials,
  server: string,
  context: AppContext,
  plan: RegistryPlan,
): void {
  const label = `Container App ${app.name ?? ''} (managed identity)`;
  const identity = pullIdentity(app, entry) ?? 'system';
  plan.registries.push({ server, identity });
  plan.changed = true;
  if (!entry.identity) {
    const secret = entry.passwordSecretRef ? ` (secret ${entry.passwordSecretRef} is no longer used)` : '';
    plan.notes.push(`Pulls from the target with managed identity ${identity} instead of a password${secret}.`);
  }
  if (!pullIdentity(app, entry)) {
    plan.enableSystemIdentity = true;
    plan.notes.push('Its system-assigned identity is enabled and given pull on the target.');
    return;
  }
  const principal = principalOfIdentity(app.identity, identity);
  if (principal) plan.grants.push(pullGrant(context, principal, label));
  else
    plan.notes.push(`Grant identity ${identity} pull on the target yourself: its principal id is not readable here.`);
}

function planRegistries(app: ContainerApp, context: AppContext): RegistryPlan {
  const plan: RegistryPlan = { registries: [], grants: [], notes: [], changed: false, enableSystemIdentity: false };
  for (const entry of app.configuration?.registries ?? []) {
    const server = replaceHost(entry.server ?? '', context.from, context.to);
    if (server) planEntry(app, entry, server, context, plan);
    else plan.registries.push(entry);
  }
  return plan;
}

/** Add the system-assigned identity (keeping user-assigned ones) and return its principal id. */
async function enableSystemIdentity(
  client: ContainerAppsAPIClient,
  resourceGroup: string,
  app: ContainerApp,
): Promise<string> {
  const type = app.identity?.type?.includes('UserAssigned') ? 'SystemAssigned,UserAssigned' : 'SystemAssigned';
  const updated = await azureCall(`Enabling the system identity of container app ${app.name ?? ''}`, () =>
    client.containerApps.beginUpdateAndWait(resourceGroup, app.name ?? '', {
      location: app.location ?? '',
      identity: { type },
    }),
  );
  const principal =
    updated.identity?.principalId ??
    (await client.containerApps.get(resourceGroup, app.name ?? '')).identity?.principalId;
  if (!principal) {
    throw new RelocationError(
      'REMOTE_ERROR',
      `Container app ${app.name ?? ''} has no system identity after enabling it.`,
      'Retry; Azure may still be creating the identity.',
    );
  }
  return principal;
}

function rewriteImages<T extends { image?: string }>(
  containers: T[] | undefined,
  context: AppContext,
): { list?: T[]; before: string[]; after: string[] } {
  const before: string[] = [];
  const after: string[] = [];
  const list = containers?.map((container) => {
    const next = container.image ? replaceHost(container.image, context.from, context.to) : undefined;
    if (!next || !container.image) return container;
    before.push(container.image);
    after.push(next);
    return { ...container, image: next };
  });
  return { list, before, after };
}

export async function inspectContainerApp(
  client: ContainerAppsAPIClient,
  app: AppConsumer,
  context: AppContext,
): Promise<AppInspection> {
  const { resourceGroup, name } = resourceGroupAndName(app.id);
  const row: ConsumerRow = {
    kind: 'Container App',
    name: app.name,
    before: app.images.join(', '),
    after: '',
    status: 'unchanged',
  };
  const live = await azureCallOrMissing(`Reading container app ${name}`, () =>
    client.containerApps.get(resourceGroup, name),
  );
  if (!live) return { row: { ...row, status: 'skipped', note: 'The app no longer exists.' }, grants: [] };
  const containers = rewriteImages(live.template?.containers, context);
  const initContainers = rewriteImages(live.template?.initContainers, context);
  const registries = planRegistries(live, context);
  const before = [...containers.before, ...initContainers.before];
  const after = [...containers.after, ...initContainers.after];
  const note = registries.notes.join(' ') || undefined;
  if (before.length === 0 && !registries.changed)
    return { row: { ...row, ...NOTHING_LEFT }, grants: registries.grants };
  const apply = async (tools: ApplyTools) => {
    if (registries.enableSystemIdentity) {
      const principal = await enableSystemIdentity(client, resourceGroup, live);
      await tools.grantPull(principal, `Container App ${app.name} (system identity)`);
    }
    const patch: ContainerApp = {
      location: live.location ?? '',
      template: {
        ...(containers.list ? { containers: containers.list } : {}),
        ...(initContainers.list ? { initContainers: initContainers.list } : {}),
      },
      ...(registries.changed ? { configuration: { registries: registries.registries } } : {}),
    };
    await azureCall(`Updating container app ${name}`, () =>
      client.containerApps.beginUpdateAndWait(resourceGroup, name, patch),
    );
  };
  const shown = {
    ...row,
    before: before.join(', ') || row.before,
    after: after.join(', ') || row.before,
    ...(note ? { note } : {}),
  };
  return { row: shown, grants: registries.grants, apply };
}
