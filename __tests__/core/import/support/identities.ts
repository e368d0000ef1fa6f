/**
 * Identities with exactly the roles a test gives them, for runs with the emulator's role checks on
 * (emulator.applySettings({ rbac: true })): a service principal, role definitions (built-in by id, or
 * a custom one) and role assignments at chosen scopes, all through the emulator's own ARM.
 */
import { randomUUID } from 'node:crypto';
import type { Emulator } from '../../../../emulator/src/index.js';
import { armRequest } from '../../../emulator/helpers/testEmulator.js';

const ROLE_API = '2022-04-01';

export const BUILT_IN = {
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  dataImporter: '577a9874-89fd-4f24-9dbd-b5034d0ad23a',
} as const;

async function put(emulator: Emulator, path: string, body: unknown): Promise<void> {
  const reply = await armRequest(emulator, 'PUT', path, { apiVersion: ROLE_API, body });
  if (reply.status >= 300) throw new Error(`PUT ${path}: HTTP ${reply.status} ${reply.text}`);
}

export function builtInRole(emulator: Emulator, id: string): string {
  return `/subscriptions/${emulator.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;
}

/** A custom role with these actions, assignable in the whole subscription; returns its id. */
export async function customRole(emulator: Emulator, name: string, actions: string[]): Promise<string> {
  const subscription = `/subscriptions/${emulator.subscriptionId}`;
  const id = `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`;
  await put(emulator, id, {
    properties: {
      roleName: name,
      type: 'CustomRole',
      permissions: [{ actions, notActions: [], dataActions: [], notDataActions: [] }],
      assignableScopes: [subscription],
    },
  });
  return id;
}

/** A new service principal holding each role at its scope; returns its client id. */
export async function identityWith(
  emulator: Emulator,
  displayName: string,
  grants: ReadonlyArray<{ role: string; scope: string }>,
): Promise<string> {
  const principal = emulator.directory.upsert({
    clientId: randomUUID(),
    objectId: randomUUID(),
    displayName,
    secrets: [`secret-${randomUUID()}`],
    federatedCredentials: [],
  });
  for (const { role, scope } of grants) {
    await put(emulator, `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, {
      properties: { roleDefinitionId: role, principalId: principal.objectId, principalType: 'ServicePrincipal' },
    });
  }
  return principal.clientId;
}
