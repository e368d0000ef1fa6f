/**
 * The custom roles docs/permissions.md publishes (each a JSON block after `<!-- role: <name> -->`, in
 * the format `az role definition create` takes), and what it takes to give one to a fresh identity
 * in the emulator: the role definition, a service principal, a role assignment.
 */
import { randomUUID } from 'node:crypto';
import type { Emulator } from '../../../emulator/src/index.js';
import { armRequest } from '../../emulator/helpers/testEmulator.js';
import { codeBlocks } from './markdown.js';

export interface DocumentedRole {
  Name: string;
  IsCustom: boolean;
  Description: string;
  Actions: string[];
  NotActions: string[];
  DataActions: string[];
  NotDataActions: string[];
  AssignableScopes: string[];
}

/** Role name (as the marker says) → the role, in document order. */
export function documentedRoles(markdown: string): Map<string, DocumentedRole> {
  const roles = new Map<string, DocumentedRole>();
  for (const block of codeBlocks(markdown)) {
    const name = /^role:\s*(\S+)$/.exec(block.marker ?? '')?.[1];
    if (!name) continue;
    if (block.language !== 'json') throw new Error(`role ${name}: the block after its marker is not JSON`);
    roles.set(name, JSON.parse(block.text) as DocumentedRole);
  }
  return roles;
}

const ROLE_API = '2022-04-01';

async function put(emulator: Emulator, path: string, body: unknown): Promise<void> {
  const reply = await armRequest(emulator, 'PUT', path, { apiVersion: ROLE_API, body });
  if (reply.status >= 300) throw new Error(`PUT ${path}: HTTP ${reply.status} ${reply.text}`);
}

/** Creates the role in the emulator's subscription (its placeholder scope filled in); returns its id. */
export async function defineRole(emulator: Emulator, role: DocumentedRole): Promise<string> {
  const subscription = `/subscriptions/${emulator.subscriptionId}`;
  const id = `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}`;
  await put(emulator, id, {
    properties: {
      roleName: role.Name,
      description: role.Description,
      type: 'CustomRole',
      permissions: [
        {
          actions: role.Actions,
          notActions: role.NotActions,
          dataActions: role.DataActions,
          notDataActions: role.NotDataActions,
        },
      ],
      assignableScopes: role.AssignableScopes.map((scope) =>
        scope.replace('/subscriptions/<subscription-id>', subscription),
      ),
    },
  });
  return id;
}

/** A new service principal holding exactly the given roles at `scope`; returns its client id. */
export async function identityWith(
  emulator: Emulator,
  displayName: string,
  roleDefinitionIds: readonly string[],
  scope = `/subscriptions/${emulator.subscriptionId}`,
): Promise<string> {
  const principal = emulator.directory.upsert({
    clientId: randomUUID(),
    objectId: randomUUID(),
    displayName,
    secrets: [`secret-${randomUUID()}`],
    federatedCredentials: [],
  });
  for (const roleDefinitionId of roleDefinitionIds) {
    await put(emulator, `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, {
      properties: { roleDefinitionId, principalId: principal.objectId, principalType: 'ServicePrincipal' },
    });
  }
  return principal.clientId;
}
