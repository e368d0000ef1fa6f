/**
 * The role-assignment calls rewire-consumers makes, over @azure/arm-authorization, with the two
 * answers that are not errors here: 409 RoleAssignmentExists (someone, maybe an earlier run, made it)
 * and 404 on a freshly created assignment (Azure has not propagated it yet).
 */
import type { AuthorizationManagementClient, RoleAssignment } from '@azure/arm-authorization';
import { azureCall, azureError, collect } from '../../azure/errors.js';
import { roleDefinitionId, roleGuidOf } from './names.js';

export type RoleAssignmentsApi = Pick<
  AuthorizationManagementClient['roleAssignments'],
  'listForScope' | 'get' | 'create' | 'delete'
>;

/** An assignment as rewire-consumers compares them. */
export interface Assignment {
  id: string;
  name: string;
  scope: string;
  principalId: string;
  roleGuid: string;
}

export interface NewAssignment {
  scope: string;
  name: string;
  principalId: string;
  principalType: string;
  roleGuid: string;
  description: string;
}

/** The SDK puts the scope after a "/" of its own: a scope given with its leading slash would make "//subscriptions". */
function sdkScope(scope: string): string {
  return scope.replace(/^\/+/, '');
}

function statusOf(error: unknown): { status?: number; code?: string } {
  const rest = error as { statusCode?: number; code?: string };
  return { status: rest?.statusCode, code: rest?.code };
}

function toAssignment(a: RoleAssignment, fallbackScope: string): Assignment {
  return {
    id: a.id ?? '',
    name: a.name ?? '',
    scope: a.scope ?? fallbackScope,
    principalId: (a.principalId ?? '').toLowerCase(),
    roleGuid: roleGuidOf(a.roleDefinitionId ?? ''),
  };
}

export class RoleAssignmentGateway {
  /** Assignments that apply at a scope (made at it or above), listed once per scope and run. */
  private readonly listed = new Map<string, Promise<Assignment[]>>();

  constructor(private readonly api: RoleAssignmentsApi) {}

  /** Assignments made at `scope` or inherited from above it (ARM's atScope() filter). */
  assignmentsAt(scope: string): Promise<Assignment[]> {
    const key = scope.toLowerCase();
    let list = this.listed.get(key);
    if (!list) {
      list = collect(
        `Listing role assignments on ${scope}`,
        this.api.listForScope(sdkScope(scope), { filter: 'atScope()' }),
      ).then((items) => items.map((a) => toAssignment(a, scope)));
      this.listed.set(key, list);
      // A failed listing is not remembered: the next caller asks again.
      list.catch(() => this.listed.delete(key));
    }
    return list;
  }

  /** The assignment that already gives `principalId` the role at `scope` (or above it), if any. */
  async existing(scope: string, principalId: string, roleGuid: string): Promise<Assignment | undefined> {
    const all = await this.assignmentsAt(scope);
    return all.find((a) => a.principalId === principalId.toLowerCase() && a.roleGuid === roleGuid.toLowerCase());
  }

  /** Create the assignment: 'exists' when Azure says the same principal already has the role there. */
  async create(assignment: NewAssignment): Promise<'created' | 'exists'> {
    const what = `Granting role ${assignment.roleGuid} to principal ${assignment.principalId} on ${assignment.scope}`;
    try {
      await this.api.create(sdkScope(assignment.scope), assignment.name, {
        roleDefinitionId: roleDefinitionId(assignment.scope, assignment.roleGuid),
        principalId: assignment.principalId,
        // Always set: without it ARM looks the principal up in Entra ID, which fails for identities
        // created moments ago (replication delay) and is slower in any case.
        principalType: assignment.principalType,
        description: assignment.description,
      });
      return 'created';
    } catch (error) {
      if (statusOf(error).code === 'RoleAssignmentExists') return 'exists';
      throw azureError(error, what);
    }
    // The listing stays cached: grants are unique per principal and role, so none looks for this one.
  }

  /** True once GET returns the assignment (Azure's role assignments take a while to become visible). */
  async isVisible(scope: string, name: string): Promise<boolean> {
    try {
      await this.api.get(sdkScope(scope), name);
      return true;
    } catch (error) {
      if (statusOf(error).status === 404) return false;
      throw azureError(error, `Reading role assignment ${name} on ${scope}`);
    }
  }

  async remove(assignment: Assignment): Promise<void> {
    await azureCall(`Removing role assignment ${assignment.name} from ${assignment.scope}`, () =>
      this.api.delete(sdkScope(assignment.scope), assignment.name),
    );
    this.listed.delete(assignment.scope.toLowerCase());
  }
}
