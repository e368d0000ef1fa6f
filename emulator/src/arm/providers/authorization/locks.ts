/**
 * Microsoft.Authorization management locks at any scope (subscription, resource group, resource):
 * create/update, get, delete, list. Enforcement lives in arm/locks.ts.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { isAtOrAbove } from '../../resourceId.js';
import { LOCK_TYPE, lockScopeOf } from '../../locks.js';
import { requireScopeExists } from './roleAssignments.js';

const BASE = '{*scope}/providers/Microsoft.Authorization/locks';
const LEVELS = ['CanNotDelete', 'ReadOnly'];

export function lockRoutes(): ArmRoute[] {
  return [
    { method: 'PUT', path: `${BASE}/{lockName}`, resourceType: 'locks', lockExempt: true, handle: createOrUpdate },
    {
      method: 'GET',
      path: `${BASE}/{lockName}`,
      resourceType: 'locks',
      handle: (req, ctx) => {
        const lock = ctx.store.get(lockId(req));
        if (!lock)
          throw new ArmError(404, 'LockNotFound', `The lock '${req.params.lockName ?? ''}' could not be found.`);
        return { status: 200, body: lock.body };
      },
    },
    {
      method: 'DELETE',
      path: `${BASE}/{lockName}`,
      resourceType: 'locks',
      lockExempt: true,
      handle: (req, ctx) => {
        const lock = ctx.store.get(lockId(req));
        if (!lock) return { status: 204 };
        ctx.store.deleteTree(lock.id);
        return { status: 200 };
      },
    },
    {
      method: 'GET',
      path: BASE,
      resourceType: 'locks',
      handle: (req, ctx) => {
        const scope = scopeOf(req);
        const atScope = /atScope\(\)/i.test(req.query.get('$filter') ?? '');
        const locks = ctx.store
          .list({ type: LOCK_TYPE })
          .filter((l) => isAtOrAbove(lockScopeOf(l.id), scope) || (!atScope && isAtOrAbove(scope, lockScopeOf(l.id))))
          .map((l) => l.body);
        return { status: 200, body: ctx.page(locks, req) };
      },
    },
  ];
}

function scopeOf(req: ArmRequest): string {
  return req.params.scope ?? '/';
}

function lockId(req: ArmRequest): string {
  const scope = scopeOf(req);
  return `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/locks/${req.params.lockName ?? ''}`;
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const props = (((req.body ?? {}) as { properties?: Record<string, unknown> }).properties ?? {}) as {
    level?: unknown;
    notes?: unknown;
    owners?: unknown;
  };
  if (typeof props.level !== 'string' || !LEVELS.includes(props.level)) {
    throw new ArmError(
      400,
      'LockLevelInvalid',
      `The lock level '${String(props.level ?? '')}' is invalid. The supported lock levels are '${LEVELS.join("', '")}'.`,
    );
  }
  requireScopeExists(ctx, scopeOf(req));
  const id = lockId(req);
  const existed = ctx.store.get(id) !== undefined;
  const body = {
    properties: {
      level: props.level,
      ...(typeof props.notes === 'string' ? { notes: props.notes } : {}),
      ...(Array.isArray(props.owners) ? { owners: props.owners } : {}),
    },
    id,
    type: LOCK_TYPE,
    name: req.params.lockName ?? '',
  };
  ctx.store.put(id, LOCK_TYPE, body);
  return { status: existed ? 200 : 201, body };
}
